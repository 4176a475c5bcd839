package dev.lifeboat.engine.progress;

/**
 * Lets a frequent report through at most once per interval (rsync reports after every file, a dump after every
 * chunk). Not thread-safe: one per step.
 */
public final class Throttle {
    /** Five reports a second: enough for people, little for the two cores the copy needs. */
    public static final long PROGRESS_NANOS = 200_000_000L;

    private final long intervalNanos;
    private long last;
    private boolean any;

    public Throttle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether a report at {@code nowNanos} goes through; the first always does. */
    public boolean due(long nowNanos) {
        if (any && nowNanos - last < intervalNanos) {
            return false;
        }
        any = true;
        last = nowNanos;
        return true;
    }
}
