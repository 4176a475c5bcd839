package dev.lifeboat.ui.common;

import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's events, queued from any engine thread and drained by the FX thread on a timer (conventions rule 6): never
 * one {@code Platform.runLater} per event. Thread-safe; {@link #on} only queues and never blocks the engine.
 *
 * <p>Bounded for log lines: while {@link #MAX_QUEUED_LOG_LINES} of them wait to be drained, further {@link
 * WorkflowEvent.LogLine}s are skipped and counted ({@link #skippedLogLines()}), so that a container that logs faster
 * than the window can take cannot fill the memory. Every other event is always kept.
 */
public final class EventQueue implements ProgressListener {
    /** Log lines waiting at most; a drain every 80 ms takes far more than a container writes in that time. */
    public static final int MAX_QUEUED_LOG_LINES = 100_000;

    private final ConcurrentLinkedQueue<WorkflowEvent> queue = new ConcurrentLinkedQueue<>();
    private final int maxLogLines;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger queuedLogLines = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();

    public EventQueue() {
        this(MAX_QUEUED_LOG_LINES);
    }

    /** For tests: the log lines that may wait at most. */
    public EventQueue(int maxLogLines) {
        this.maxLogLines = maxLogLines;
    }

    @Override
    public void on(WorkflowEvent event) {
        if (event instanceof WorkflowEvent.LogLine) {
            if (queuedLogLines.incrementAndGet() > maxLogLines) {
                queuedLogLines.decrementAndGet();
                skipped.incrementAndGet();
                return;
            }
        }
        queued.incrementAndGet();
        queue.add(event);
    }

    /** Everything queued so far, oldest first; at most {@code max} events, the rest stays for the next drain. */
    public List<WorkflowEvent> drain(int max) {
        List<WorkflowEvent> out = new ArrayList<>(Math.min(max, Math.max(16, queued.get())));
        WorkflowEvent e;
        while (out.size() < max && (e = queue.poll()) != null) {
            out.add(e);
            queued.decrementAndGet();
            if (e instanceof WorkflowEvent.LogLine) {
                queuedLogLines.decrementAndGet();
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Events waiting now (a moment's count: the engine may be adding). */
    public int size() {
        return queued.get();
    }

    /** Log lines skipped so far because {@link #MAX_QUEUED_LOG_LINES} were already waiting. */
    public long skippedLogLines() {
        return skipped.get();
    }
}
