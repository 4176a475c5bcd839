package dev.lifeboat.ui.backup;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.ui.common.EventQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A {@link BackupService} whose run stops the site, then streams container log lines through the listener (the Run
 * page's {@link EventQueue}, as the real workflow does) until {@link #stop()}, and then ends like {@link
 * FakeBackupEngine}'s run. For the log view's benchmark and for screenshots of a busy Run page.
 *
 * <p>{@code linesPerSecond} 0 means as fast as the page takes them: the stream waits while more than {@code
 * maxQueued} events are queued, so it measures the page, not the queue's bound.
 */
public final class StreamingBackupEngine implements BackupService {
    /** Makes the text of line {@code seq} of {@code source}; called on the streaming thread. */
    @FunctionalInterface
    public interface LineText {
        String line(String source, long seq);
    }

    private final FakeBackupEngine fake = new FakeBackupEngine();
    private final List<String> sources;
    private final int linesPerSecond;
    private final int maxQueued;
    private final LineText text;
    private final CountDownLatch streaming = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stop;

    public StreamingBackupEngine(List<String> sources, int linesPerSecond, int maxQueued, LineText text) {
        this.sources = List.copyOf(sources);
        this.linesPerSecond = linesPerSecond;
        this.maxQueued = maxQueued;
        this.text = text;
    }

    @Override
    public String where() {
        return fake.where();
    }

    @Override
    public List<SnapshotInfo> recentSnapshots(DetectedStack stack, int max) {
        return fake.recentSnapshots(stack, max);
    }

    @Override
    public dev.lifeboat.engine.service.SnapshotPlaces places(DetectedStack stack, CancelToken cancel)
            throws EngineException {
        return fake.places(stack, cancel);
    }

    @Override
    public Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) {
        return fake.verify(snapshot, bytesRead, cancel);
    }

    @Override
    public BackupPlan plan(DetectedStack stack) throws EngineException {
        return fake.plan(stack);
    }

    @Override
    public BackupWorkflow.Result run(BackupPlan plan, ProgressListener l, CancelToken cancel) throws EngineException {
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "preflight", "Check and take the locks"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "preflight", Duration.ofMillis(180), "locks taken"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "pre-sync", "Copy the files while the site runs"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "pre-sync", Duration.ofMillis(1200), "48 MB in 310 files"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "stop", "Stop 2 containers"));
        l.on(new WorkflowEvent.DowntimeStarted(Instant.now()));
        l.on(new WorkflowEvent.LogLine(Instant.now(), "step:stop", "stopping papermerge"));
        l.on(new WorkflowEvent.StepFinished(Instant.now(), "stop", Duration.ofMillis(900), "2 stopped"));
        l.on(new WorkflowEvent.StepStarted(Instant.now(), "dump:papermerge", "Dump papermerge"));
        l.on(new WorkflowEvent.Progress(
                Instant.now(),
                "dump:papermerge",
                0,
                OptionalLong.empty(),
                WorkflowEvent.Unit.BYTES,
                OptionalLong.empty()));
        EventQueue queue = l instanceof EventQueue q ? q : null;
        streaming.countDown();
        long t0 = System.nanoTime();
        long seq = 0;
        try {
            while (!stop && !cancel.isCancelled()) {
                long due =
                        linesPerSecond == 0 ? seq + 1000 : (System.nanoTime() - t0) * linesPerSecond / 1_000_000_000L;
                if (seq >= due) {
                    Thread.sleep(1);
                    continue;
                }
                if (linesPerSecond == 0 && queue != null && queue.size() > maxQueued) {
                    Thread.sleep(1); // not a spin: on two cores that would starve the FX thread it measures
                    continue;
                }
                Instant now = Instant.now();
                for (; seq < due; seq++) {
                    String source = sources.get((int) (seq % sources.size()));
                    l.on(new WorkflowEvent.LogLine(now, source, text.line(source, seq)));
                }
                sent.set(seq);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fake.run(plan, ignoreFirstSteps(l), cancel);
    }

    /** The fake run replays its first steps; only what comes after the dump is passed on. */
    private static ProgressListener ignoreFirstSteps(ProgressListener l) {
        boolean[] on = {false};
        return e -> {
            if (e instanceof WorkflowEvent.StepFinished f && f.step().equals("dump:papermerge")) {
                on[0] = true;
            }
            if (on[0]) {
                l.on(e);
            }
        };
    }

    /** Waits until the lines have begun. */
    public void awaitStreaming() throws InterruptedException {
        if (!streaming.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the run never began streaming");
        }
    }

    /** Lines sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Ends the stream; the run then finishes. */
    public void stop() {
        stop = true;
    }
}
