package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.FileTransfer;
import dev.lifeboat.engine.transfer.TransferProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow's failure paths over a fake server (the testbed ITs run the real ones): what it sends to the server's
 * guard when it was refused, when a container will not start again, and when the guard fired behind its back.
 */
class BackupWorkflowTest {
    @TempDir
    Path dir;

    /** Copies nothing, writes one file, as rsync would. */
    static final class FakeTransfer implements FileTransfer {
        @Override
        public Result pullTrees(
                List<String> paths,
                List<String> excludes,
                Path filesDir,
                Path linkDest,
                boolean asRoot,
                Consumer<TransferProgress> progress,
                CancelToken cancel)
                throws EngineException {
            try {
                Files.createDirectories(filesDir.resolve("opt/app/data"));
                Files.writeString(filesDir.resolve("opt/app/data/f.txt"), "x");
            } catch (java.io.IOException e) {
                throw new EngineException(e.getMessage(), e);
            }
            return new Result(1, 1, Duration.ZERO);
        }

        @Override
        public Result pushTrees(
                Path filesDir,
                List<String> paths,
                List<String> excludes,
                String destRoot,
                boolean asRoot,
                java.util.function.Consumer<String> differences,
                java.util.function.Consumer<dev.lifeboat.engine.transfer.TransferProgress> progress,
                CancelToken cancel) {
            throw new UnsupportedOperationException("a backup never pushes");
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    private FakeShell server(FakeShell s) {
        return s.on("MISSING mariadb-dump", 0, "TOOL /usr/bin/mariadb-dump\nDB appdb\n", "")
                .on("exec docker stop", 0, "", "")
                .on("docker ps -a -q", 0, "a1\nb22\n", "")
                .on(
                        "docker inspect",
                        0,
                        "["
                                + String.join(
                                        ",",
                                        c("a1", "web", "/opt/app/data", "/data"),
                                        c("b22", "db", "/opt/app/db", "/var/lib/mysql"))
                                + "]",
                        "")
                .on("for t in docker", 0, "", "")
                .on("realpath", 0, "/opt/app\0/opt/app\0", "")
                .on("curl", 0, "200", "")
                .on("mariadb-dump -uroot", 0, "-- dump\n", "")
                .on("COUNT(*)", 0, "LIFEBOAT-COUNT-SNAPSHOT\nt\t1\n", "");
    }

    private static String c(String id, String service, String src, String dest) {
        return "{\"Id\":\"" + id + "\",\"Name\":\"/" + service + "\",\"Config\":{\"Image\":\"i\",\"Labels\":{"
                + "\"com.docker.compose.project\":\"app\",\"com.docker.compose.service\":\"" + service + "\"},"
                + "\"Env\":[]},\"State\":{\"Status\":\"running\"},\"NetworkSettings\":{\"Networks\":{\"n\":"
                + "{\"IPAddress\":\"10.0.0.1\"}}},\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + src
                + "\",\"Destination\":\"" + dest + "\",\"RW\":true}]}";
    }

    private BackupWorkflow.Result run(FakeShell shell) throws EngineException {
        SnapshotStore store = new SnapshotStore(dir.resolve("store"));
        BackupPlan plan = new BackupPlanner(shell, store, "host", 22, "fake")
                .plan(BackupPlannerTestData.stack(), BackupPlannerTestData.maintenance());
        return new BackupWorkflow(
                        shell,
                        new FakeTransfer(),
                        store,
                        new Manifest.Server("host", 22, "root", List.of()),
                        Retention.DEFAULT,
                        ProgressListener.NONE)
                .run(plan, new CancelToken());
    }

    private static long count(FakeShell s, String text) {
        return s.ran().stream()
                .map(CommandSpec::toShellLine)
                .filter(l -> l.contains(text))
                .count();
    }

    @Test
    void aRunRefusedByTheServersLockNeverTouchesTheOtherRunsGuard() {
        FakeShell s =
                server(new FakeShell().on("flock -w 3", 0, "LOCKED\nlifeboat pid 1 on other\ndeadline in 20 s\n", ""));
        PreflightException e = assertThrows(PreflightException.class, () -> run(s));
        assertTrue(e.getMessage().contains("holds this application's lock"), e.getMessage());
        assertEquals(0, count(s, "> \"$d/released\""), "no release was sent");
        assertEquals(0, count(s, "docker stop"), "nothing was stopped");
    }

    @Test
    void aContainerThatWillNotStartLeavesTheGuardArmedToStartIt() throws Exception {
        FakeShell s = server(new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("docker start a1", 1, "", "no such network")
                .on("mariadb-dump -uroot", 2, "", "mysqldump: Got error: 2002"));
        EngineException e = assertThrows(EngineException.class, () -> run(s));
        assertTrue(e.getMessage().contains("dump"), e.getMessage());
        assertEquals(1, count(s, "docker start a1"), "the run tried to start it");
        assertEquals(0, count(s, "> \"$d/released\""), "the guard stays armed: it will start it");
        assertNoCompleteSnapshot();
    }

    @Test
    void aGuardThatFiredMakesTheRunFailWithoutAManifest() throws Exception {
        FakeShell s =
                server(new FakeShell().on("flock -w 3", 0, "ARMED 42\n", "").on("echo FIRED", 0, "FIRED\n", ""));
        EngineException e = assertThrows(EngineException.class, () -> run(s));
        assertTrue(e.getMessage().contains("not kept as complete"), e.getMessage());
        assertNoCompleteSnapshot();
    }

    @Test
    void aGoodRunReleasesItsGuardOnceAndWritesTheManifestLast() throws Exception {
        FakeShell s = server(new FakeShell().on("flock -w 3", 0, "ARMED 42\n", ""));
        BackupWorkflow.Result r = run(s);
        assertTrue(SnapshotStore.complete(r.snapshot()));
        assertEquals(1, count(s, "> \"$d/released\""), "released once");
        assertEquals(1, r.manifest().dumps().size());
        assertFalse(r.manifest().downtime().stopped().isEmpty());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void moreDumpsThanThreadsAllRunWhileTheFirstOnesHoldTheirSnapshots() throws Exception {
        // Five databases on four dump threads, each dump streaming on after its snapshot: the four that hold theirs
        // must not wait for the site to come back while the fifth still needs a thread to take its own (found in CI
        // on Cytomine's five dumps).
        FakeShell s = server(new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("MISSING mariadb-dump", 0, "TOOL /usr/bin/mariadb-dump\nDB a\nDB b\nDB c\nDB d\nDB e\n", "")
                .on("mariadb-dump -uroot", 0, "-- dump\nCREATE DATABASE x;\n\f-- rows\n\f-- more rows\n", ""));
        BackupWorkflow.Result r = run(s);
        assertTrue(SnapshotStore.complete(r.snapshot()));
        assertEquals(5, r.manifest().dumps().size());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aRunThatFailsAfterTheWindowStopsItsStreamingDumpsBeforeItReturns() throws Exception {
        // The dump holds its snapshot at once and streams for 4 s more; the start fails meanwhile. Nothing may write
        // into the snapshot folder once the run has returned (a retry from the window reuses that folder).
        FakeShell s = server(new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("docker start a1", 1, "", "no such network")
                .on("mariadb-dump -uroot", 0, "-- dump\nCREATE DATABASE x;\n" + "\f-- rows\n".repeat(20), ""));
        assertThrows(EngineException.class, () -> run(s));
        assertEquals(0, s.running(), "no command runs any more: " + s.ran().size() + " were given");
        assertNoCompleteSnapshot();
    }

    private void assertNoCompleteSnapshot() throws Exception {
        Path app = dir.resolve("store/host/generic-compose.app");
        if (Files.isDirectory(app)) {
            try (Stream<Path> st = Files.list(app)) {
                assertTrue(st.noneMatch(SnapshotStore::complete), "no complete-looking snapshot");
            }
        }
    }

    /** As {@link FakeTransfer}, and copies lists too: records each list it was given. */
    static final class ListingTransfer implements FileTransfer {
        final FakeTransfer trees = new FakeTransfer();
        final List<List<String>> lists = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger treeCopies = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Result pullTrees(
                List<String> paths,
                List<String> excludes,
                Path filesDir,
                Path linkDest,
                boolean asRoot,
                Consumer<TransferProgress> progress,
                CancelToken cancel)
                throws EngineException {
            treeCopies.incrementAndGet();
            return trees.pullTrees(paths, excludes, filesDir, linkDest, asRoot, progress, cancel);
        }

        @Override
        public boolean canPullListed() {
            return true;
        }

        @Override
        public Result pullListed(
                List<String> entries,
                List<String> excludes,
                Path filesDir,
                Path linkDest,
                boolean asRoot,
                Consumer<TransferProgress> progress,
                CancelToken cancel) {
            lists.add(entries);
            return new Result(1, 1, Duration.ZERO);
        }

        @Override
        public Result pushTrees(
                Path filesDir,
                List<String> paths,
                List<String> excludes,
                String destRoot,
                boolean asRoot,
                Consumer<String> differences,
                Consumer<TransferProgress> progress,
                CancelToken cancel) {
            throw new UnsupportedOperationException("a backup never pushes");
        }

        @Override
        public String describe() {
            return "fake with lists";
        }
    }

    private BackupWorkflow.Result run(FakeShell shell, FileTransfer transfer) throws EngineException {
        SnapshotStore store = new SnapshotStore(dir.resolve("store"));
        BackupPlan plan = new BackupPlanner(shell, store, "host", 22, "fake")
                .plan(BackupPlannerTestData.stack(), BackupPlannerTestData.maintenance());
        return new BackupWorkflow(
                        shell,
                        transfer,
                        store,
                        new Manifest.Server("host", 22, "root", List.of()),
                        Retention.DEFAULT,
                        ProgressListener.NONE)
                .run(plan, new CancelToken());
    }

    private static String finalSync(BackupWorkflow.Result r) {
        return r.manifest().steps().stream()
                .filter(x -> x.id().equals("final-sync"))
                .findFirst()
                .orElseThrow()
                .summary();
    }

    @Test
    void theFinalDeltaCopiesOnlyWhatChangedSinceTheMarkerTakenBeforeThePreSync() throws EngineException {
        ListingTransfer t = new ListingTransfer();
        FakeShell s = server(new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("%i %D %F %p", 0, "1000 50.00\0005 64769 ext4 /opt/app/data\0", "")
                .on("-newerct", 0, "1010 60.00\0d 5 64769 /opt/app/data\0f /opt/app/data/f.txt\0", ""));
        BackupWorkflow.Result r = run(s, t);
        assertEquals(List.of(List.of("/opt/app/data/f.txt", "/opt/app/data/.")), t.lists);
        assertEquals(1, t.treeCopies.get(), "only the pre-sync copies the whole trees");
        assertTrue(finalSync(r).contains("only what changed since the pre-sync began: 1 files"), finalSync(r));
        // The marker is taken before the pre-sync's copy, the changes after the stop.
        List<String> lines = s.ran().stream().map(CommandSpec::toShellLine).toList();
        int marker = indexOf(lines, "%i %D %F %p");
        int stop = indexOf(lines, "docker stop");
        int changed = indexOf(lines, "-newerct @998");
        assertTrue(marker >= 0 && marker < stop && stop < changed, lines.toString());
    }

    @Test
    void aServerClockThatWentBackMakesTheFinalDeltaCopyEveryFileAndSaySo() throws EngineException {
        ListingTransfer t = new ListingTransfer();
        FakeShell s = server(new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("%i %D %F %p", 0, "1000 50.00\0005 64769 ext4 /opt/app/data\0", "")
                .on("-newerct", 0, "900 60.00\0d 5 64769 /opt/app/data\0", ""));
        BackupWorkflow.Result r = run(s, t);
        assertEquals(List.of(), t.lists);
        assertEquals(2, t.treeCopies.get(), "the pre-sync and the full final delta");
        assertTrue(finalSync(r).contains("every file: the server's clock went back"), finalSync(r));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
