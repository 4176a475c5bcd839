package dev.lifeboat.engine.progress;

import java.util.OptionalLong;

/**
 * Estimates the time left from a count done so far and a total, with a smoothed rate so that a stall or a burst does
 * not make the estimate jump. The time before the first unit is done — a tool's start, rsync's file list, a database
 * client's connection — says nothing of the rate and is left out: counted in, it made every early estimate too long
 * (issue 22: 1.7× the load's real rest at a tenth of it). Not thread-safe: one per step.
 */
public final class Eta {
    private static final double SMOOTHING = 0.3;
    private static final long INTERVAL_NANOS = 200_000_000L;
    private long firstNanos = -1; // when the first unit was seen done
    private long firstDone;
    private long lastNanos;
    private long lastDone;
    private double rate = -1; // units per second

    /** @param nowNanos when the step began (kept for the callers; the estimate starts at the first unit done) */
    public Eta(long nowNanos) {
        this.lastNanos = nowNanos;
    }

    /** Records {@code done} at {@code nowNanos} and returns the time left in milliseconds, when it can be told. */
    public OptionalLong update(long done, long total, long nowNanos) {
        if (total > 0 && done >= total) {
            return OptionalLong.of(0);
        }
        if (firstNanos < 0) {
            if (done <= 0) {
                return OptionalLong.empty();
            }
            firstNanos = nowNanos;
            firstDone = done;
            lastNanos = nowNanos;
            lastDone = done;
            return OptionalLong.empty();
        }
        if (done == firstDone && rate < 0) {
            // Still nothing since the first unit (a dump's header, then its query): the wait goes on.
            firstNanos = nowNanos;
            lastNanos = nowNanos;
            return OptionalLong.empty();
        }
        long dt = nowNanos - lastNanos;
        if (dt > INTERVAL_NANOS && done >= lastDone) {
            double r = (done - lastDone) / (dt / 1e9);
            rate = rate < 0 ? r : SMOOTHING * r + (1 - SMOOTHING) * rate;
            lastNanos = nowNanos;
            lastDone = done;
        }
        if (total <= 0) {
            return OptionalLong.empty();
        }
        double r = rate;
        if (r <= 0) {
            long elapsed = nowNanos - firstNanos;
            if (elapsed < 500_000_000L || done <= firstDone) {
                return OptionalLong.empty();
            }
            r = (done - firstDone) / (elapsed / 1e9);
        }
        return OptionalLong.of((long) ((total - done) / r * 1000));
    }
}
