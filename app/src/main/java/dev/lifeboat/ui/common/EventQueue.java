package dev.lifeboat.ui.common;

import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The engine's events, queued from any engine thread and drained by the FX thread on a timer (STYLE rule 6): never
 * one {@code Platform.runLater} per event. Thread-safe; {@link #on} only queues.
 */
public final class EventQueue implements ProgressListener {
    private final ConcurrentLinkedQueue<WorkflowEvent> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void on(WorkflowEvent event) {
        queue.add(event);
    }

    /** Everything queued so far, oldest first; at most {@code max} events, the rest stays for the next drain. */
    public List<WorkflowEvent> drain(int max) {
        List<WorkflowEvent> out = new ArrayList<>();
        WorkflowEvent e;
        while (out.size() < max && (e = queue.poll()) != null) {
            out.add(e);
        }
        return out;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
