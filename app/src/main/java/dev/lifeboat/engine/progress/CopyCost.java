package dev.lifeboat.engine.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a file copy costs on a link: seconds per file (rsync's work per entry: its list, a stat, a create, a round of
 * the protocol) and seconds per byte. A copy's rate in bytes changes as its mix changes — thousands of small files go
 * at a fraction of the bytes a second of a few large ones — so an estimate from the bytes alone is too long while the
 * small files go and too short after (issue 22: 2.1× the real rest at a tenth of a restore's files). Fitted from an
 * earlier copy whose mix changed (a first backup's pre-sync, kept in its manifest), these two tell the time left of a
 * copy from its files and bytes left ({@link CopyEta}).
 */
public record CopyCost(double secondsPerFile, double secondsPerByte) {
    private static final long INTERVAL_NANOS = 200_000_000L;

    /** The seconds {@code files} and {@code bytes} take at these costs. */
    public double seconds(long files, long bytes) {
        return secondsPerFile * files + secondsPerByte * bytes;
    }

    /** Looks at a running copy every 200 ms or more, and fits its costs at the end. Not thread-safe. */
    public static final class Recorder {
        private final List<long[]> samples = new ArrayList<>();

        /** The copy has done {@code files} entries and {@code bytes} at {@code nanos}. */
        public void add(long nanos, long files, long bytes) {
            if (!samples.isEmpty()) {
                long[] last = samples.get(samples.size() - 1);
                if (nanos - last[0] < INTERVAL_NANOS || files < last[1] || bytes < last[2]) {
                    return;
                }
            }
            samples.add(new long[] {nanos, files, bytes});
        }

        /** The costs, or empty when the copy was too short or its mix too even to tell the two apart. */
        public Optional<CopyCost> fit() {
            return CopyCost.fit(samples);
        }
    }

    /**
     * Least squares over the intervals between the samples ({@code nanos, files, bytes}), without an intercept:
     * {@code seconds = perFile × files + perByte × bytes}, both at least 0. The time before the first sample (a
     * tool's start, rsync's file list) is not in it.
     */
    static Optional<CopyCost> fit(List<long[]> samples) {
        double sff = 0, sbb = 0, sfb = 0, sft = 0, sbt = 0, seconds = 0;
        int n = 0;
        for (int i = 1; i < samples.size(); i++) {
            double dt = (samples.get(i)[0] - samples.get(i - 1)[0]) / 1e9;
            double df = samples.get(i)[1] - samples.get(i - 1)[1];
            double db = (samples.get(i)[2] - samples.get(i - 1)[2]) / 1e6; // MB: the sums stay well scaled
            sff += df * df;
            sbb += db * db;
            sfb += df * db;
            sft += df * dt;
            sbt += db * dt;
            seconds += dt;
            n++;
        }
        if (n < 10 || seconds < 3 || sff <= 0 || sbb <= 0) {
            return Optional.empty();
        }
        double det = sff * sbb - sfb * sfb;
        // The mix must have changed: files and bytes not (nearly) proportional over the whole copy.
        if (det < 0.05 * sff * sbb) {
            return Optional.empty();
        }
        double perFile = (sft * sbb - sbt * sfb) / det;
        double perMb = (sbt * sff - sft * sfb) / det;
        if (perFile < 0) {
            perFile = 0;
            perMb = sbt / sbb;
        } else if (perMb < 0) {
            perMb = 0;
            perFile = sft / sff;
        }
        if (perFile <= 0 && perMb <= 0) {
            return Optional.empty();
        }
        return Optional.of(new CopyCost(perFile, perMb / 1e6));
    }
}
