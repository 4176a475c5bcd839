package dev.lifeboat.engine.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a running workflow tells its front end. Every event carries the time it happened. Step ids are stable,
 * lower-case words ({@code preflight}, {@code pre-sync}, {@code stop}, {@code dump:mariadb}, ...) that also name the
 * steps of the plan that was shown before the run.
 */
public sealed interface WorkflowEvent {

    Instant at();

    /** A step began. */
    record StepStarted(Instant at, String step, String title) implements WorkflowEvent {}

    /** A step ended well; {@code summary} says what it did, for people (may be empty). */
    record StepFinished(Instant at, String step, Duration took, String summary) implements WorkflowEvent {}

    /** A step failed; {@code message} is what a person should know. */
    record StepFailed(Instant at, String step, String message) implements WorkflowEvent {}

    /** A step was not run, and why (e.g. nothing to dump, or the run stopped earlier). */
    record StepSkipped(Instant at, String step, String reason) implements WorkflowEvent {}

    /**
     * How far a step has come.
     *
     * @param done units done so far
     * @param total units in all, empty when not known
     * @param unit what is counted
     * @param eta how long the rest should take, empty when not known
     */
    record Progress(Instant at, String step, long done, OptionalLong total, Unit unit, OptionalLong etaMillis)
            implements WorkflowEvent {
        public Progress {
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(etaMillis, "etaMillis");
        }

        /** Fraction done in [0, 1], or -1 when the total is unknown. */
        public double fraction() {
            if (total.isEmpty() || total.getAsLong() <= 0) {
                return -1;
            }
            return Math.min(1.0, (double) done / total.getAsLong());
        }
    }

    /** What {@link Progress} counts. */
    enum Unit {
        BYTES,
        ITEMS
    }

    /**
     * One line of output, already masked (no secret in it).
     *
     * @param source {@code container:SERVICE} for a container's own log, {@code step:STEP} for a step's output
     */
    record LogLine(Instant at, String source, String line) implements WorkflowEvent {}

    /** The site went down: the first container is being stopped. */
    record DowntimeStarted(Instant at) implements WorkflowEvent {}

    /** The site is up again (its health check passed, or the run gave up waiting for it). */
    record DowntimeEnded(Instant at, Duration downtime, boolean healthy) implements WorkflowEvent {}

    /** Something a person should know that does not stop the run. */
    record Warning(Instant at, String message) implements WorkflowEvent {}
}
