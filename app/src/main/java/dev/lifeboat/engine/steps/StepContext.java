package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.Eta;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.Throttle;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.LineSink;
import dev.lifeboat.engine.remote.OutputSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a running step sees: its cancel token, its log and progress, the run's downtime window and guards, and the
 * run's resources. Made by the {@link Runner}, one per step (and per child step); the log and progress of one context
 * are for one thread at a time, the rest is thread-safe.
 */
public final class StepContext {
    private final Runner.Run run;
    private final String step;
    private final CancelToken cancel;
    private final Eta eta = new Eta(System.nanoTime());
    private final Throttle throttle = new Throttle(Throttle.PROGRESS_NANOS);

    StepContext(Runner.Run run, String step, CancelToken cancel) {
        this.run = run;
        this.step = step;
        this.cancel = cancel;
    }

    /** The step's id. */
    public String step() {
        return step;
    }

    /** Cancelled when the run is (an undo gets a token that never is: it must finish). */
    public CancelToken cancel() {
        return cancel;
    }

    /** Throws when the run was cancelled or this thread interrupted. */
    public void checkCancel() throws EngineException {
        if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new dev.lifeboat.engine.CancelledException("Cancelled.");
        }
        run.checkGuards();
    }

    /** Every event of the run goes through here (also into its log file). */
    public ProgressListener events() {
        return run.events;
    }

    /** One line of this step's output, for people. */
    public void log(String line) {
        run.events.on(new WorkflowEvent.LogLine(Instant.now(), "step:" + step, line));
    }

    /** A sink that logs every line of a command's output as this step's. */
    public OutputSink lines() {
        return new LineSink() {
            @Override
            protected void line(Stream stream, String line) {
                log(line);
            }
        };
    }

    /** Something a person should know that does not stop the run. */
    public void warn(String message) {
        run.events.on(new WorkflowEvent.Warning(Instant.now(), message));
    }

    /**
     * How far the step has come, with the time left when the total is known. Reported at most five times a second,
     * and always at the end ({@code done == total}).
     */
    public void progress(long done, OptionalLong total, WorkflowEvent.Unit unit) {
        progress(done, total, unit, null);
    }

    /**
     * As {@link #progress(long, OptionalLong, WorkflowEvent.Unit)}, with the time left as the tool that does the work
     * estimates it (restic's own), instead of Lifeboat's estimate from the rate.
     */
    public void progress(long done, OptionalLong total, WorkflowEvent.Unit unit, OptionalLong toolsEta) {
        try {
            run.boundaries.during(step, done);
        } catch (EngineException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        long now = System.nanoTime();
        boolean end = total.isPresent() && done >= total.getAsLong();
        if (!throttle.due(now) && !end) {
            return;
        }
        OptionalLong left = toolsEta != null ? toolsEta : eta.update(done, total.orElse(-1), now);
        run.events.on(new WorkflowEvent.Progress(Instant.now(), step, done, total, unit, left));
    }

    /** Bytes done of a total (0 or less: not known). */
    public void bytes(long done, long total) {
        progress(done, total > 0 ? OptionalLong.of(total) : OptionalLong.empty(), WorkflowEvent.Unit.BYTES);
    }

    /**
     * Runs a child step of this one (listed in the plan after it): its own start, end and failure events and record.
     * Thread-safe: a step may run its children side by side. A child that throws is recorded as failed and the
     * exception goes on.
     */
    public Step.Done runChild(Step child) throws EngineException {
        return run.runChild(child, cancel);
    }

    /** The run's downtime window. */
    public DowntimeWindow window() {
        return run.window;
    }

    /**
     * Hands an armed guard to the runner: it pushes the guard's deadline forward until the run ends or {@link
     * #release} is called, and frees it at the end unless the site is still down.
     */
    public void keepAlive(Guard guard) {
        run.keepAlive(guard);
    }

    /** Frees a guard now (before the run ends); true when it had fired or its heartbeat was lost. */
    public boolean release(Guard guard) throws EngineException {
        return run.release(guard);
    }

    /** Throws when a guard's heartbeat found it gone (it fired, or the connection was too slow to keep it waiting). */
    public void checkGuards() throws EngineException {
        run.checkGuards();
    }

    /** Closed when the run ends, after the undo, in reverse order of registration. */
    public void atEnd(AutoCloseable resource) {
        run.atEnd(resource);
    }

    /** Writes the run's log (every event so far and from now on) into this file. */
    public void logTo(Path file) {
        run.log.open(file);
    }

    /** The records of the steps that ended so far, in the order they ended. */
    public List<StepRecord> records() {
        return run.records();
    }
}
