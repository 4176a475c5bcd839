package dev.lifeboat.engine.progress;

import java.util.OptionalLong;

/**
 * The time left of a copy from its files and bytes left, at the costs of an earlier copy ({@link CopyCost}) scaled to
 * this one's speed: what this copy took over its last second or two against what those costs say it would have (the
 * recent scale, not the whole copy's: a link whose cost per file differs from the earlier copy's more than its cost
 * per byte is set right once the large files go).
 * Until that tells (half a second of work), and without costs, the bytes' rate ({@link Eta}). Not thread-safe: one
 * per copy.
 */
public final class CopyEta {
    private static final double TELLS_SECONDS = 0.5;
    private final CopyCost cost; // null: the bytes' rate only
    private final Eta bytesRate;
    private static final long INTERVAL_NANOS = 200_000_000L;
    private static final double KEEP = 0.85; // of the scale's sums, each interval: about the last second and a half
    private long lastNanos = -1;
    private long lastFiles;
    private long lastBytes;
    private double took; // seconds, decayed
    private double predicted; // seconds the costs say for the same work, decayed

    public CopyEta(CopyCost cost, long nowNanos) {
        this.cost = cost;
        this.bytesRate = new Eta(nowNanos);
    }

    /**
     * Records the copy's state and returns the time left in milliseconds, when it can be told.
     *
     * @param filesTotal entries in all; 0 or less when not known (the bytes' rate then)
     */
    public OptionalLong update(long files, long filesTotal, long bytes, long bytesTotal, long nowNanos) {
        OptionalLong byRate = bytesRate.update(bytes, bytesTotal, nowNanos);
        if (cost == null || filesTotal <= 0 || bytesTotal <= 0 || bytes >= bytesTotal) {
            return byRate;
        }
        if (lastNanos < 0) {
            if (files > 0 || bytes > 0) {
                lastNanos = nowNanos;
                lastFiles = files;
                lastBytes = bytes;
            }
            return byRate;
        }
        if (nowNanos - lastNanos >= INTERVAL_NANOS && files >= lastFiles && bytes >= lastBytes) {
            took = KEEP * took + (nowNanos - lastNanos) / 1e9;
            predicted = KEEP * predicted + cost.seconds(files - lastFiles, bytes - lastBytes);
            lastNanos = nowNanos;
            lastFiles = files;
            lastBytes = bytes;
        }
        if (predicted < TELLS_SECONDS / 10 || took < TELLS_SECONDS) {
            return byRate;
        }
        double left = took / predicted * cost.seconds(Math.max(0, filesTotal - files), bytesTotal - bytes);
        return OptionalLong.of((long) (left * 1000));
    }
}
