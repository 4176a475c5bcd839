package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault matrix's slice (issue 23): {@code scripts/fault-matrix --slice} runs one cell per fault kind and per
 * workflow — the real jar out of process, a fault at a boundary of the workflow's own plan, and the harness's checks
 * afterwards (the site up, every listed snapshot verifies, the next run completes with a clean run's fingerprint, no
 * drill leftovers, no migration key). Every cell must pass and every planned fault must have been reached.
 */
@TestbedTest
class FaultMatrixSliceIT {
    static final int SLICE_CELLS = 11;

    @Test
    @Timeout(value = 35, unit = TimeUnit.MINUTES)
    void everyFaultKindAndEveryWorkflowOnceAndEveryCellPasses() throws Exception {
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        Path report = Path.of("target", "fault-matrix-slice.md").toAbsolutePath();
        Path log = Path.of("target", "fault-matrix-slice.log").toAbsolutePath();
        Files.deleteIfExists(report);
        Process p = new ProcessBuilder(List.of(
                        checkout.resolve("scripts/fault-matrix").toString(), "--slice", "--out", report.toString()))
                .directory(checkout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                throw new AssertionError("the slice did not end within 30 minutes; its log: " + log);
            }
        } finally {
            if (p.isAlive()) { // stopped from outside, the harness lifts its faults (the network, full disks) first
                p.destroy();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            }
            new ProcessBuilder(checkout.resolve("scripts/fault-matrix").toString(), "--lift")
                    .directory(checkout.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start()
                    .waitFor(3, TimeUnit.MINUTES);
        }
        String table = Files.exists(report) ? Files.readString(report) : "";
        String tail = tail(Files.readString(log));
        assertEquals(0, p.exitValue(), "the slice failed:\n" + table + "\n" + tail);
        long passed = table.lines().filter(l -> l.contains("| pass |")).count();
        assertEquals(SLICE_CELLS, passed, table);
        assertTrue(table.contains(SLICE_CELLS + " cells, " + SLICE_CELLS + " passed"), table);
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
