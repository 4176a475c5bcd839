package dev.lifeboat.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A copy of 20,000 small files then 100 large ones (the benchmark's mix: a third of the bytes in small files), each
 * file taking {@code perFile + size × perByte}; looked at every 200 ms as rsync's progress is.
 */
class CopyEtaTest {
    private static final long S = 1_000_000_000L;
    private static final long SMALL = 32 * 1024;
    private static final long LARGE = 14_000_000;

    /** {nanos, files done, bytes done} every 200 ms until the end. */
    private static List<long[]> copy(double perFile, double perByte) {
        List<long[]> out = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        double t = 0;
        double next = 0;
        for (int i = 0; i < 20_100; i++) {
            long size = i < 20_000 ? SMALL : LARGE;
            double took = perFile + size * perByte;
            // Within a file the bytes grow as it goes (rsync reports a large file's progress).
            while (next < t + took) {
                long part = (long) (size * (next - t) / took);
                out.add(new long[] {(long) (next * S), files, bytes + part});
                next += 0.2;
            }
            t += took;
            files++;
            bytes += size;
        }
        out.add(new long[] {(long) (t * S), files, bytes});
        return out;
    }

    private static final long FILES = 20_100;
    private static final long BYTES = 20_000 * SMALL + 100 * LARGE;

    @Test
    void fitsTheCostsOfACopyWhoseMixChanged() {
        CopyCost.Recorder r = new CopyCost.Recorder();
        copy(0.0003, 1 / 250e6).forEach(s -> r.add(s[0], s[1], s[2]));
        CopyCost c = r.fit().orElseThrow();
        assertEquals(0.0003, c.secondsPerFile(), 0.00003);
        assertEquals(1 / 250e6, c.secondsPerByte(), 0.1 / 250e6);
    }

    @Test
    void aCopyOfOneKindOfFileTellsNothing() {
        CopyCost.Recorder r = new CopyCost.Recorder();
        for (int i = 0; i < 100; i++) {
            r.add(i * S / 5, 200L * i, 200L * i * SMALL); // files and bytes in proportion all along
        }
        assertEquals(Optional.empty(), r.fit());
    }

    /** The estimate at a fraction of the bytes, against the real rest: within 20% with costs, far off without. */
    @Test
    void withAnEarlierCopysCostsTheEarlyEstimateIsWithinAFifth() {
        CopyCost.Recorder r = new CopyCost.Recorder();
        // The earlier copy: the other direction, 30% slower per file and 10% faster per byte.
        copy(0.0004, 1 / 275e6).forEach(s -> r.add(s[0], s[1], s[2]));
        CopyCost earlier = r.fit().orElseThrow();
        List<long[]> now = copy(0.0003, 1 / 250e6);
        long end = now.get(now.size() - 1)[0];
        for (double fraction : new double[] {0.10, 0.25, 0.50, 0.75}) {
            CopyEta withCosts = new CopyEta(earlier, 0);
            CopyEta bytesOnly = new CopyEta(null, 0);
            OptionalLong a = OptionalLong.empty();
            OptionalLong b = OptionalLong.empty();
            long at = 0;
            for (long[] s : now) {
                a = withCosts.update(s[1], FILES, s[2], BYTES, s[0]);
                b = bytesOnly.update(s[1], FILES, s[2], BYTES, s[0]);
                at = s[0];
                if (s[2] >= fraction * BYTES) {
                    break;
                }
            }
            double real = (end - at) / 1e9;
            double withRatio = a.orElseThrow() / 1000.0 / real;
            assertTrue(withRatio > 0.8 && withRatio < 1.2, "at " + fraction + ": " + withRatio + " of the real rest");
            if (fraction <= 0.25) {
                double bytesRatio = b.orElseThrow() / 1000.0 / real;
                assertTrue(bytesRatio > 1.3, "the bytes' rate alone is far off then: " + bytesRatio);
            }
        }
    }

    @Test
    void withoutCostsOrTotalsItIsTheBytesRate() {
        CopyEta eta = new CopyEta(null, 0);
        eta.update(1, 10, 1_000, 100_000, S);
        OptionalLong left = eta.update(2, 10, 11_000, 100_000, S + S);
        assertTrue(left.isPresent());
        assertEquals(OptionalLong.of(0), eta.update(10, 10, 100_000, 100_000, 3 * S));
    }
}
