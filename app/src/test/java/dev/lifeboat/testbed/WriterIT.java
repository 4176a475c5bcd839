package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.testbed.Testbed.WriterCount;
import dev.lifeboat.testbed.Testbed.WriterDescription;
import dev.lifeboat.testbed.Testbed.WriterStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the stand-ins' writer mode, which the backup consistency tests rely on: switched on at run time it writes
 * pair N (file N in a folder the backup copies, then row N in each database) and N grows; a {@code docker stop} of
 * the app container, as a backup does, leaves every store with exactly as many rows as the folder has files (pairs
 * 1..N, none half written), also when a database was unreachable for a while or at the moment of the stop; and
 * {@code reset} gives the deployment its seed fingerprint again.
 */
@TestbedTest
class WriterIT {

    private static final String SERVER = "srv-a";

    private final Testbed testbed;

    WriterIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @ParameterizedTest(name = "{0}")
    // The deployments whose writer the consistency tests and the fault matrix use (BackupConsistencyIT: one per
    // database engine; scripts/fault-matrix: Papermerge). The other two deployments' writers work the same way
    // (testbed/writer) and are used by no test.
    @ValueSource(
            strings = {
                "overleaf-toolkit-6.2.2-ce", // MongoDB + Redis
                "seatable-6.1.8-compose", // MariaDB
                "papermerge-3.6-standard-compose", // PostgreSQL
            })
    void pairsGrowAndAreWholeAfterACleanStop(String deployment) {
        testbed.writerReset(SERVER, deployment);
        String before = testbed.fingerprint(SERVER, deployment);
        WriterDescription description = testbed.writerDescribe(SERVER, deployment);
        assertFalse(description.stores().isEmpty(), "no store in " + description);
        description.stores().forEach(store -> assertEquals("lifeboat_writer", store.name(), store.toString()));
        String app = appContainer(description);
        try {
            testbed.writerOn(SERVER, deployment);
            WriterStatus first = eventually(() -> testbed.writerStatus(SERVER, deployment), s -> s.last() >= 10);
            WriterStatus later =
                    eventually(() -> testbed.writerStatus(SERVER, deployment), s -> s.last() >= first.last() + 10);
            assertTrue(later.running(), later.toString());
            assertTrue(later.files().count() > first.files().count(), "the folder does not grow: " + later);
            for (int i = 0; i < later.stores().size(); i++) {
                assertTrue(
                        later.stores().get(i).count() > first.stores().get(i).count(),
                        "the store does not grow: " + later);
            }
            // Independently of the status command: the files are where describe says, with N in them.
            String folder = description.folder().serverPath();
            assertEquals(
                    "lifeboat writer pair 1\n",
                    testbed.exec(SERVER, "cat", folder + "/pair-00000001.txt")
                            .orThrow()
                            .stdout());

            // As a backup does: stop the app container (SIGTERM); the writer finishes its pair first.
            testbed.exec(SERVER, "docker", "stop", app).orThrow();
            assertEquals("0", inspect(app, "{{.State.ExitCode}}"), "the stand-in did not stop cleanly");
            WriterStatus stopped = testbed.writerStatus(SERVER, deployment);
            assertWhole(stopped);
            assertTrue(stopped.enabled(), "the switch should survive the stop: " + stopped);
            assertEquals(
                    stopped.files().count(),
                    Long.parseLong(
                            testbed.exec(SERVER, "sh", "-c", "ls \"$1\" | grep -c '^pair-[0-9]*\\.txt$'", "sh", folder)
                                    .orThrow()
                                    .stdout()
                                    .strip()),
                    "files on the server");

            // Started again, it continues after the last whole pair.
            testbed.exec(SERVER, "docker", "start", app).orThrow();
            WriterStatus resumed = eventually(
                    () -> testbed.writerStatus(SERVER, deployment), s -> s.running() && s.last() > stopped.last());
            testbed.writerOff(SERVER, deployment);
            WriterStatus off = testbed.writerStatus(SERVER, deployment);
            assertFalse(off.running(), off.toString());
            assertWhole(off);
            assertTrue(off.last() > stopped.last(), resumed + " / " + off);
        } finally {
            ensureRunning(app);
            testbed.writerReset(SERVER, deployment);
        }
        WriterStatus reset = testbed.writerStatus(SERVER, deployment);
        assertEquals(0L, reset.files().count(), reset.toString());
        reset.stores().forEach(store -> assertEquals(0L, store.count(), reset.toString()));
        assertEquals(before, testbed.fingerprint(SERVER, deployment), "reset did not give the fingerprint back");
    }

    @Test
    void aDatabaseThatGoesAwayLeavesNoHalfPairNorADeadWriter() {
        String deployment = "papermerge-3.6-standard-compose";
        testbed.writerReset(SERVER, deployment);
        String before = testbed.fingerprint(SERVER, deployment);
        WriterDescription description = testbed.writerDescribe(SERVER, deployment);
        String app = appContainer(description);
        String db = container(
                description.stores().get(0).project(),
                description.stores().get(0).service());
        try {
            testbed.writerOn(SERVER, deployment);
            eventually(() -> testbed.writerStatus(SERVER, deployment), s -> s.last() >= 10);

            // The database stops while the writer runs: it retries quietly, and stays alive.
            testbed.exec(SERVER, "docker", "stop", db).orThrow();
            WriterStatus down = eventually(() -> testbed.writerStatus(SERVER, deployment), s -> s.error() != null);
            assertTrue(down.running(), "the writer died: " + down);
            testbed.exec(SERVER, "docker", "start", db).orThrow();
            WriterStatus back = eventually(
                    () -> testbed.writerStatus(SERVER, deployment),
                    s -> s.error() == null && s.last() > down.last() + 10);
            assertTrue(back.running(), back.toString());

            // The database stops again, and the app is stopped while its writer cannot reach it: the pair in
            // progress is rolled back, the app still stops cleanly and in time.
            testbed.exec(SERVER, "docker", "stop", db).orThrow();
            eventually(() -> testbed.writerStatus(SERVER, deployment), s -> s.error() != null);
            long t0 = System.nanoTime();
            testbed.exec(SERVER, "docker", "stop", app).orThrow();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals("0", inspect(app, "{{.State.ExitCode}}"), "killed, not stopped, after " + took);
            testbed.exec(SERVER, "docker", "start", db).orThrow();
            WriterStatus stopped = eventually(
                    () -> testbed.writerStatus(SERVER, deployment),
                    s -> s.stores().get(0).error() == null);
            assertWhole(stopped);
        } finally {
            ensureRunning(db);
            ensureRunning(app);
            eventually(
                    () -> testbed.writerStatus(SERVER, deployment),
                    s -> s.stores().get(0).error() == null);
            testbed.writerReset(SERVER, deployment);
        }
        assertEquals(before, testbed.fingerprint(SERVER, deployment), "reset did not give the fingerprint back");
    }

    // ------------------------------------------------------------------ helpers

    /** Pairs 1..N, N > 0, in the folder and in every store: nothing half written. */
    private static void assertWhole(WriterStatus status) {
        WriterCount files = status.files();
        assertNotNull(files.count(), status.toString());
        assertTrue(files.count() > 0, "no pair written: " + status);
        assertEquals(files.count(), files.max(), "a gap in the files: " + status);
        for (WriterCount store : status.stores()) {
            assertEquals(files.count(), store.count(), store.engine() + " vs the folder: " + status);
            assertEquals(files.max(), store.max(), store.engine() + " vs the folder: " + status);
        }
        assertTrue(status.consistent(), status.toString());
    }

    private String appContainer(WriterDescription description) {
        return container(description.app().project(), description.app().service());
    }

    /** The container of a compose service, found by its labels (also when stopped). */
    private String container(String project, String service) {
        List<String> ids = testbed.exec(
                        SERVER,
                        "docker",
                        "ps",
                        "-aq",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--filter",
                        "label=com.docker.compose.service=" + service)
                .orThrow()
                .stdout()
                .lines()
                .toList();
        assertEquals(1, ids.size(), project + "/" + service + ": " + ids);
        return ids.get(0);
    }

    private String inspect(String container, String format) {
        return testbed.exec(SERVER, "docker", "inspect", "-f", format, container)
                .orThrow()
                .stdout()
                .strip();
    }

    private void ensureRunning(String container) {
        if (!"true".equals(inspect(container, "{{.State.Running}}"))) {
            testbed.exec(SERVER, "docker", "start", container).orThrow();
        }
    }

    /** Polls until the value satisfies the condition (bounded: 60 s); returns that value. */
    private static <T> T eventually(Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 60 s; last: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = value.get();
        }
        return last;
    }
}
