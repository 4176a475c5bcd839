package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves each fault hook does what later tests rely on, and is undone by its counterpart. */
@TestbedTest
class FaultsIT {

    private final Testbed testbed;

    FaultsIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @Test
    void netCutDropsTheServersTrafficThenLiftsItself() {
        testbed.netCut("srv-b", Duration.ofSeconds(4));
        try {
            assertFalse(sshPortAnswers("srv-b"), "srv-b still answers during the cut");
            assertTrue(eventually(() -> sshPortAnswers("srv-b"), Duration.ofSeconds(30)), "the cut did not lift");
        } finally {
            testbed.netRestore("srv-b");
        }
    }

    @Test
    void sshdStopsAndStarts() {
        testbed.sshdStop("srv-b");
        try {
            assertFalse(sshPortAnswers("srv-b"));
        } finally {
            testbed.sshdStart("srv-b");
        }
        assertTrue(sshPortAnswers("srv-b"));
    }

    @Test
    void diskFillLeavesNoSpaceAndDiskFreeGivesItBack() {
        String fill = testbed.server("srv-b").fillPath();
        testbed.diskFill("srv-b");
        try {
            assertEquals(0, available("srv-b", fill));
        } finally {
            testbed.diskFree("srv-b");
        }
        assertTrue(available("srv-b", fill) > 100_000_000L);
    }

    @Test
    void diskFillCanMountASmallFullFilesystemAnywhere() {
        String target = "/opt/lifeboat-fault-test";
        testbed.diskFill("srv-b", target, "16m");
        try {
            assertEquals(0, available("srv-b", target));
        } finally {
            testbed.diskFree("srv-b", target);
        }
        assertNotEquals(0, testbed.exec("srv-b", "test", "-e", target).exitCode(), target + " was left behind");
    }

    @Test
    void localStoreSmallRunsOutOfSpace(@TempDir Path dir) throws IOException {
        Path store = dir.resolve("store");
        testbed.localStoreSmall(store, "4m");
        try {
            assertTrue(Files.getFileStore(store).getTotalSpace() <= 4L << 20);
            assertThrows(IOException.class, () -> {
                try (OutputStream out = Files.newOutputStream(store.resolve("big"))) {
                    byte[] block = new byte[1 << 20];
                    for (int i = 0; i < 8; i++) {
                        out.write(block);
                    }
                }
            });
        } finally {
            testbed.localStoreRelease(store);
        }
    }

    @Test
    void aDatabaseContainerRefusesDumpsThenAllowsThem() {
        String container = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "--filter",
                        "label=com.docker.compose.project=papermerge",
                        "--format",
                        "{{.Names}} {{.Image}}")
                .orThrow()
                .stdout()
                .lines()
                .filter(line -> line.contains(" postgres"))
                .map(line -> line.split(" ")[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no postgres container of papermerge on srv-a"));
        testbed.dbRefuseDumps("srv-a", container);
        try {
            assertNotEquals(0, pgDumpVersion(container), "pg_dump still runs");
        } finally {
            testbed.dbAllowDumps("srv-a", container);
        }
        assertEquals(0, pgDumpVersion(container), "pg_dump does not run again");
    }

    // ------------------------------------------------------------------ helpers

    private int pgDumpVersion(String container) {
        return testbed.exec("srv-a", "docker", "exec", container, "pg_dump", "--version")
                .exitCode();
    }

    private long available(String server, String path) {
        String out = testbed.exec(server, "df", "--output=avail", "-B1", path)
                .orThrow()
                .stdout();
        return Long.parseLong(out.lines().skip(1).findFirst().orElseThrow().strip());
    }

    /** Whether the server's sshd port accepts a TCP connection within 2 s (only testbed addresses are tried). */
    private boolean sshPortAnswers(String server) {
        Testbed.Server srv = testbed.server(server);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(srv.ip(), srv.port()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls a condition once a second until it holds or the time is up (bounded). */
    private static boolean eventually(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
