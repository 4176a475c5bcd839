package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong during a backup, on the testbed: each case leaves the site running, no snapshot that looks
 * complete, and a next run that succeeds.
 */
@TestbedTest
class BackupFaultsIT {
    private static final String PAPERMERGE = "/opt/papermerge";
    private final Testbed testbed;

    @TempDir
    Path dir;

    BackupFaultsIT(Testbed testbed) {
        this.testbed = testbed;
    }

    private Path store() {
        return dir.resolve("store");
    }

    /** Every container of the project runs. */
    private boolean allRunning(String project) {
        String out = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--format",
                        "{{.State}}")
                .orThrow()
                .stdout();
        return !out.isBlank() && out.lines().allMatch(l -> l.strip().equals("running"));
    }

    private void assertNothingComplete(Path appDir) throws Exception {
        if (!Files.isDirectory(appDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(appDir)) {
            for (Path p : s.toList()) {
                assertFalse(SnapshotStore.complete(p), "a failed run left a complete-looking snapshot: " + p);
            }
        }
    }

    private BackupWorkflow.Result backupAgain(String app) throws Exception {
        List<WorkflowEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            BackupWorkflow.Result r = d.backup(app, events::add, new CancelToken());
            assertTrue(SnapshotStore.complete(r.snapshot()));
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e instanceof WorkflowEvent.Warning w
                                    && w.message().contains("Finishing the incomplete snapshot")),
                    "the next run finishes the partial snapshot");
            return r;
        }
    }

    @Test
    void aDumpThatFailsWhileTheSiteIsDownStartsItAgain() throws Exception {
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            ProgressListener refuse = e -> {
                if (e instanceof WorkflowEvent.DowntimeStarted) {
                    testbed.dbRefuseDumps("srv-a", "papermerge_postgres_1");
                }
            };
            EngineException e =
                    assertThrows(EngineException.class, () -> d.backup(PAPERMERGE, refuse, new CancelToken()));
            assertTrue(e.getMessage().contains("dump"), e.getMessage());
            assertTrue(allRunning("papermerge"), "the site runs again after the failed dump");
            assertNothingComplete(d.plan(PAPERMERGE).appDir());
        } finally {
            testbed.dbAllowDumps("srv-a", "papermerge_postgres_1");
        }
        backupAgain(PAPERMERGE);
    }

    @Test
    void aTableLockedByAnotherSessionFailsTheBackupInTimeAndStartsTheSiteAgain() throws Exception {
        // An admin's session holds an exclusive lock (a migration left open). Without a lock timeout, pg_dump and
        // the counts would wait for it forever, with the site down.
        String pg = "papermerge_postgres_1";
        String psql = "psql -U \"${POSTGRES_USER:-postgres}\" -d pmdb -At -c ";
        testbed.exec(
                        "srv-a",
                        "docker",
                        "exec",
                        "-d",
                        pg,
                        "sh",
                        "-c",
                        psql + "'BEGIN; LOCK TABLE nodes IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(170); COMMIT;'")
                .orThrow();
        String held = psql + "\"SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock'"
                + " AND relation = 'nodes'::regclass\"";
        java.util.function.BooleanSupplier lockHeld =
                () -> testbed.exec("srv-a", "docker", "exec", pg, "sh", "-c", held)
                        .orThrow()
                        .stdout()
                        .strip()
                        .equals("1");
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!lockHeld.getAsBoolean() && System.nanoTime() < until) {
                sleep(200);
            }
            assertTrue(lockHeld.getAsBoolean(), "the other session holds its lock before the backup starts");
            EngineException e = assertThrows(
                    EngineException.class, () -> d.backup(PAPERMERGE, ProgressListener.NONE, new CancelToken()));
            assertTrue(e.getMessage().contains("LOCK TABLE public.nodes"), e.getMessage());
            assertTrue(e.getMessage().contains("Another session held a lock"), "says what to do: " + e.getMessage());
            assertTrue(allRunning("papermerge"), "the site runs again after the lock timeout");
            assertNothingComplete(d.plan(PAPERMERGE).appDir());
        } finally {
            testbed.exec(
                            "srv-a",
                            "docker",
                            "exec",
                            pg,
                            "sh",
                            "-c",
                            psql + "\"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                    + " WHERE query LIKE '%pg_sleep(170)%' AND pid <> pg_backend_pid()\"")
                    .orThrow();
        }
        backupAgain(PAPERMERGE);
    }

    /**
     * Found by the fault matrix (a Docker restart or the containers killed at {@code before:frozen-copy}): the site,
     * up again after the window, is stopped from outside while the run still holds the lock. Before it frees the lock
     * the backup looks once more and starts what ran before it (the database too, which it never stopped), says so, and
     * completes: its copy was made with the site stopped.
     */
    @Test
    void containersStoppedFromOutsideAfterTheWindowAreStartedAgainBeforeTheLockIsFreed() throws Exception {
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            long dumpSteps = d.plan(PAPERMERGE).steps().stream()
                    .filter(x -> x.id().startsWith("dump:"))
                    .count();
            java.util.concurrent.CountDownLatch dumped = new java.util.concurrent.CountDownLatch((int) dumpSteps);
            // When the release starts (the listener runs on the run's thread, before the step), once the dumps that
            // stream after the window are through: the whole project killed, the database too.
            ProgressListener killAfterHealth = e -> {
                if (e instanceof WorkflowEvent.Warning w) {
                    warnings.add(w.message());
                }
                if (e instanceof WorkflowEvent.StepFinished f && f.step().startsWith("dump:")) {
                    dumped.countDown();
                }
                if (e instanceof WorkflowEvent.StepStarted s && s.step().equals("release")) {
                    try {
                        assertTrue(dumped.await(120, java.util.concurrent.TimeUnit.SECONDS), "the dumps end");
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                    testbed.exec(
                                    "srv-a",
                                    "sh",
                                    "-c",
                                    "docker ps -q --filter label=com.docker.compose.project=papermerge"
                                            + " | xargs -r docker kill >/dev/null")
                            .orThrow();
                }
            };
            BackupWorkflow.Result r = d.backup(PAPERMERGE, killAfterHealth, new CancelToken());
            assertNotNull(r.manifest(), "the backup completes");
            assertTrue(allRunning("papermerge"), "every container runs again");
            assertTrue(
                    warnings.stream()
                            .anyMatch(w -> w.contains("stopped after the site was up again")
                                    && w.contains("postgres")
                                    && w.contains("papermerge")),
                    "says what it started again: " + warnings);
            String release = r.manifest().steps().stream()
                    .filter(x -> x.id().equals("release"))
                    .findFirst()
                    .orElseThrow()
                    .summary();
            assertTrue(release.contains("started again first"), release);
        }
    }

    /**
     * Found by the fault matrix (backup-first / before:preflight / kill, and a Docker restart there): the database
     * killed from outside before the window. The dump fails, and the undo used to start only what the backup had
     * stopped: the application, which waited for its health check without its database for four minutes and stayed
     * half up. The undo now starts what ran before the backup too, the database first, and says so.
     */
    @Test
    void aDatabaseKilledFromOutsideBeforeTheWindowIsStartedAgainWithTheSite() throws Exception {
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            ProgressListener killDatabase = e -> {
                if (e instanceof WorkflowEvent.Warning w) {
                    warnings.add(w.message());
                }
                if (e instanceof WorkflowEvent.StepFinished f && f.step().equals("pre-sync")) {
                    killPapermergeDatabase();
                }
            };
            EngineException e =
                    assertThrows(EngineException.class, () -> d.backup(PAPERMERGE, killDatabase, new CancelToken()));
            assertTrue(e.getMessage().contains("postgres"), e.getMessage());
            assertTrue(allRunning("papermerge"), "every container runs again, the database too");
            assertTrue(
                    warnings.stream()
                            .anyMatch(w -> w.contains("stopped while the backup ran") && w.contains("postgres")),
                    "says what it started that it had not stopped: " + warnings);
            assertNothingComplete(d.plan(PAPERMERGE).appDir());
        }
    }

    /**
     * Found by the fault matrix (backup-first / after:final-sync / docker): the server's Docker engine restarted while
     * the site was down stops the database the backup kept up; the start step starts what the backup stopped, and the
     * health check waited its whole timeout for an application without its database. The health check now watches
     * the kept-up containers too and starts a stopped one again.
     */
    @Test
    void aDatabaseKilledWhileTheSiteIsDownIsStartedAgainByTheHealthCheck() throws Exception {
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            List<WorkflowEvent.DowntimeEnded> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
            ProgressListener killDatabase = e -> {
                if (e instanceof WorkflowEvent.DowntimeEnded x) {
                    ends.add(x);
                }
                if (e instanceof WorkflowEvent.StepFinished f && f.step().equals("final-sync")) {
                    killPapermergeDatabase();
                }
            };
            try {
                d.backup(PAPERMERGE, killDatabase, new CancelToken());
            } catch (EngineException e) {
                // A dump that still streamed after its snapshot was cut by the kill: the run may fail, the site not.
                assertNothingComplete(d.plan(PAPERMERGE).appDir());
            }
            assertTrue(allRunning("papermerge"), "every container runs, the database too");
            assertEquals(1, ends.size(), "one window");
            assertTrue(ends.get(0).healthy(), "the health check passed: it started the database again");
        }
    }

    /** Papermerge's database killed on srv-a, from outside Lifeboat. */
    private void killPapermergeDatabase() {
        testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -q --filter label=com.docker.compose.project=papermerge"
                                + " --filter label=com.docker.compose.service=postgres"
                                + " | xargs -r docker kill >/dev/null")
                .orThrow();
    }

    @Test
    void cancellingWhileTheSiteIsDownStartsItAgain() throws Exception {
        CancelToken cancel = new CancelToken();
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            ProgressListener ctrlC = e -> {
                if (e instanceof WorkflowEvent.StepFinished f && f.step().equals("stop")) {
                    new Thread(cancel::cancel).start();
                }
            };
            assertThrows(CancelledException.class, () -> d.backup(PAPERMERGE, ctrlC, cancel));
            assertTrue(allRunning("papermerge"), "the site runs again after the cancel");
            assertNothingComplete(d.plan(PAPERMERGE).appDir());
        }
        backupAgain(PAPERMERGE);
    }

    @Test
    void aStoreThatFillsUpWhileTheSiteIsDownStartsItAgain() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        testbed.localStoreSmall(small, "80m");
        try {
            try (BackupDriver d = new BackupDriver("srv-a", dir, small)) {
                Path appDir = d.plan(PAPERMERGE).appDir();
                ProgressListener fill = e -> {
                    if (e instanceof WorkflowEvent.DowntimeStarted) {
                        try {
                            byte[] mb = new byte[1 << 20];
                            try (var out = Files.newOutputStream(small.resolve("filler"))) {
                                for (int i = 0; i < 200; i++) {
                                    out.write(mb);
                                }
                            }
                        } catch (java.io.IOException full) {
                            // Full: what this test wants.
                        }
                    }
                };
                assertThrows(EngineException.class, () -> d.backup(PAPERMERGE, fill, new CancelToken()));
                assertTrue(allRunning("papermerge"), "the site runs again after the store filled up");
                assertNothingComplete(appDir);
            }
        } finally {
            testbed.localStoreRelease(small);
        }
    }

    @Test
    void aStoreTooSmallIsRefusedBeforeAnythingStops() throws Exception {
        Path small = dir.resolve("tiny");
        Files.createDirectories(small);
        testbed.localStoreSmall(small, "4m");
        try (BackupDriver d = new BackupDriver("srv-a", dir, small)) {
            String before = testbed.exec(
                            "srv-a", "docker", "inspect", "-f", "{{.State.StartedAt}}", "papermerge_papermerge_1")
                    .orThrow()
                    .stdout();
            PreflightException e = assertThrows(
                    PreflightException.class, () -> d.backup(PAPERMERGE, ProgressListener.NONE, new CancelToken()));
            assertTrue(e.getMessage().contains("free"), e.getMessage());
            assertEquals(
                    before,
                    testbed.exec("srv-a", "docker", "inspect", "-f", "{{.State.StartedAt}}", "papermerge_papermerge_1")
                            .orThrow()
                            .stdout(),
                    "nothing was stopped");
        } finally {
            testbed.localStoreRelease(small);
        }
    }

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void whenTheConnectionIsCutWhileTheSiteIsDownTheServerStartsItByItself() throws Exception {
        AtomicLong cutAt = new AtomicLong();
        AtomicLong upAt = new AtomicLong();
        Duration cut = Duration.ofSeconds(ServerGuard.DEADLINE_SECONDS + 25);
        Thread watcher = new Thread(() -> {
            while (cutAt.get() == 0) {
                sleep(100);
            }
            sleep(2000);
            long end = cutAt.get() + cut.toMillis() + 60_000;
            while (System.currentTimeMillis() < end) {
                if (allRunning("papermerge")) {
                    upAt.set(System.currentTimeMillis());
                    return;
                }
                sleep(500);
            }
        });
        watcher.start();
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            ProgressListener cutter = e -> {
                if (e instanceof WorkflowEvent.StepStarted s && s.step().equals("final-sync") && cutAt.get() == 0) {
                    testbed.netCut("srv-a", cut);
                    cutAt.set(System.currentTimeMillis());
                }
            };
            assertThrows(EngineException.class, () -> d.backup(PAPERMERGE, cutter, new CancelToken()));
            watcher.join();
            assertTrue(upAt.get() > 0, "the site runs again");
            assertTrue(
                    upAt.get() < cutAt.get() + cut.toMillis(),
                    "the server's guard started it while the connection was still cut (" + (upAt.get() - cutAt.get())
                            + " ms after the cut)");
            assertNothingComplete(d.store.appDir(d.session.target().host(), 22, "papermerge", "papermerge"));
        } finally {
            testbed.netRestore("srv-a");
        }
        backupAgain(PAPERMERGE);
    }

    @Test
    void aSecondRunOfTheSameApplicationIsRefusedWhileTheFirstRuns() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> sameStore =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> otherStore =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            ProgressListener again = e -> {
                if (e instanceof WorkflowEvent.DowntimeStarted) {
                    try (BackupDriver d2 = new BackupDriver("srv-a", dir, store())) {
                        d2.backup(PAPERMERGE, ProgressListener.NONE, new CancelToken());
                    } catch (Throwable t) {
                        sameStore.set(t);
                    }
                    try (BackupDriver d3 = new BackupDriver("srv-a", dir, dir.resolve("other-store"))) {
                        d3.backup(PAPERMERGE, ProgressListener.NONE, new CancelToken());
                    } catch (Throwable t) {
                        otherStore.set(t);
                    }
                }
            };
            assertTrue(
                    SnapshotStore.complete(
                            d.backup(PAPERMERGE, again, new CancelToken()).snapshot()),
                    "the first run completes");
        }
        assertTrue(
                sameStore.get() instanceof PreflightException
                        && sameStore.get().getMessage().contains("Another Lifeboat run is writing snapshots"),
                String.valueOf(sameStore.get()));
        assertTrue(
                otherStore.get() instanceof PreflightException
                        && otherStore.get().getMessage().contains("holds this application's lock on"),
                String.valueOf(otherStore.get()));
        assertTrue(allRunning("papermerge"));
    }

    @Test
    void noPasswordAppearsInPsOnTheServerOrInAnyLog() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String c : List.of("mariadb", "seatable-redis", "papermerge_postgres_1", "cytomine-ce_postgis_1")) {
            String env = testbed.exec(
                            "srv-a", "docker", "inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", c)
                    .orThrow()
                    .stdout();
            env.lines()
                    .filter(l -> l.matches("[A-Z_]*(PASSWORD|PASS)=.+"))
                    .forEach(l -> secrets.add(l.substring(l.indexOf('=') + 1)));
        }
        assertTrue(secrets.size() >= 4, "the test knows the passwords: " + secrets.size());
        // Sample the server's whole process list (it shows the containers' processes too) every 20 ms.
        Thread sampler = new Thread(() -> testbed.exec(
                "srv-a",
                "sh",
                "-c",
                "rm -f /tmp/ps-samples; end=$(( $(date +%s) + 60 )); while [ ! -f /tmp/ps-stop ] && [ $(date +%s) -lt $end ]; "
                        + "do ps -eww -o args >> /tmp/ps-samples; sleep 0.02; done; rm -f /tmp/ps-stop"));
        testbed.exec("srv-a", "rm", "-f", "/tmp/ps-stop", "/tmp/ps-samples");
        sampler.start();
        List<Path> snaps = new ArrayList<>();
        try (BackupDriver d = new BackupDriver("srv-a", dir, store())) {
            for (String app :
                    List.of("/opt/seatable-compose", PAPERMERGE, "/home/cytomine/Cytomine-community-edition")) {
                snaps.add(
                        d.backup(app, ProgressListener.NONE, new CancelToken()).snapshot());
            }
        } finally {
            testbed.exec("srv-a", "touch", "/tmp/ps-stop");
            sampler.join();
        }
        String samples =
                testbed.exec("srv-a", "cat", "/tmp/ps-samples").orThrow().stdout();
        assertTrue(
                samples.contains("mariadb-dump") && samples.contains("pg_dump"),
                "the samples caught the dumps running (" + samples.length() + " bytes of samples)");
        List<String> logs = new ArrayList<>(List.of(samples));
        for (Path s : snaps) {
            logs.add(Files.readString(s.resolve(SnapshotStore.RUN_LOG)));
        }
        // Where logback writes in this JVM (logback.xml: lifeboat.log.dir, else java.io.tmpdir/lifeboat-logs).
        String logDir = System.getProperty(
                "lifeboat.log.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-logs").toString());
        Path appLog = Path.of(logDir, "lifeboat.log");
        assertTrue(Files.isRegularFile(appLog), "the engine's log is where the test looks: " + appLog);
        logs.add(Files.readString(appLog));
        for (String secret : secrets) {
            for (String l : logs) {
                assertFalse(l.contains(secret), "a password appears in ps output or a log");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
