package dev.lifeboat.engine.progress;

import java.util.OptionalLong;

/**
 * Estimates the time left from a count done so far and a total, with a smoothed rate so that a stall or a burst does
 * not make the estimate jump. Not thread-safe: one per step.
 */
public final class Eta {
    private static final double SMOOTHING = 0.3;
    private final long startNanos;
    private long lastNanos;
    private long lastDone;
    private double rate = -1; // units per second

    public Eta(long nowNanos) {
        this.startNanos = nowNanos;
        this.lastNanos = nowNanos;
    }

    /** Records {@code done} at {@code nowNanos} and returns the time left in milliseconds, when it can be told. */
    public OptionalLong update(long done, long total, long nowNanos) {
        long dt = nowNanos - lastNanos;
        if (dt > 200_000_000L && done >= lastDone) {
            double r = (done - lastDone) / (dt / 1e9);
            rate = rate < 0 ? r : SMOOTHING * r + (1 - SMOOTHING) * rate;
            lastNanos = nowNanos;
            lastDone = done;
        }
        if (total <= 0 || done >= total) {
            return total > 0 ? OptionalLong.of(0) : OptionalLong.empty();
        }
        double r = rate;
        if (r <= 0) {
            long elapsed = nowNanos - startNanos;
            if (elapsed < 500_000_000L || done == 0) {
                return OptionalLong.empty();
            }
            r = done / (elapsed / 1e9);
        }
        return OptionalLong.of((long) ((total - done) / r * 1000));
    }
}
