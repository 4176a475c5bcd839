package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.FileTransfer;
import dev.lifeboat.engine.transfer.TransferProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A snapshot store filled by real backups, for the tests of what Lifeboat does with a damaged store: the backup's own
 * planner, workflow, index, dumps, manifest and retention, over a fake server (a {@link FakeShell} that answers the
 * Docker, guard and dump commands as {@code BackupWorkflowTest} does) whose files are a local folder copied by the real
 * {@code rsync -aHAX --numeric-ids -R --fake-super --link-dest} the product runs: snapshots have real hard links to
 * the previous one and the server's owners and modes in {@code user.rsync.%stat} xattrs.
 */
public final class StoreFixture {
    /** Stands for the server's {@code /}: the application's files are in {@code server/opt/app}. */
    public final Path server;

    public final SnapshotStore store;
    private volatile Retention retention;
    private final List<String> warnings = new ArrayList<>();

    /** A server with a few files of foreign owners and modes, and an empty store, both in {@code dir}. */
    public StoreFixture(Path dir) throws Exception {
        this(dir, Retention.DEFAULT);
    }

    public StoreFixture(Path dir, Retention retention) throws Exception {
        this(dir, retention, true);
    }

    /**
     * @param foreignOwners whether some files have another owner and mode than rsync's (kept in {@code
     *     user.rsync.%stat} xattrs) and a symlink; without, the store holds no xattrs and can be copied to a
     *     filesystem that keeps none
     */
    public StoreFixture(Path dir, Retention retention, boolean foreignOwners) throws Exception {
        this.server = dir.resolve("server");
        this.store = new SnapshotStore(dir.resolve("store"));
        this.retention = retention;
        Path data = server.resolve("opt/app/data");
        Files.createDirectories(data.resolve("sub"));
        Files.createDirectories(server.resolve("opt/app/db"));
        Files.writeString(
                server.resolve("opt/app/docker-compose.yml"), "services: {web: {image: i}, db: {image: m}}\n");
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Files.writeString(data.resolve("b.txt"), "bravo bravo\n");
        Files.write(data.resolve("sub/c.bin"), new byte[70_000]);
        Files.writeString(server.resolve("opt/app/db/ibdata1"), "dumped, not copied\n");
        if (foreignOwners) {
            sh(
                    "chown 999:70 \"$1\"/a.txt \"$1\"/sub && chmod 640 \"$1\"/a.txt && chmod 2750 \"$1\"/sub"
                            + " && ln -s a.txt \"$1\"/link-to-a",
                    data);
        }
    }

    /** The retention the next backups run with. */
    public void retention(Retention r) {
        this.retention = r;
    }

    /** The application's folder in the store. */
    public Path appDir() {
        return store.appDir("host", 22, "generic-compose", "app");
    }

    /** What the runs warned (retention's word on damaged snapshots among them), oldest first. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Changes a file on the server, so that the next snapshot holds a new version of it. */
    public void change(String path, String content) throws IOException {
        Files.writeString(server.resolve(path.replaceFirst("^/+", "")), content, StandardCharsets.UTF_8);
    }

    /** A backup of the application, as the CLI and the window run it. */
    public BackupWorkflow.Result backup() throws EngineException {
        FakeShell shell = server();
        BackupPlan plan = new BackupPlanner(shell, store, "host", 22, "local rsync")
                .plan(BackupPlannerTestData.stack(), BackupPlannerTestData.maintenance());
        return new BackupWorkflow(
                        shell,
                        new LocalRsync(server),
                        store,
                        new Manifest.Server("host", 22, "root", List.of()),
                        retention,
                        e -> {
                            if (e instanceof WorkflowEvent.Warning w) {
                                synchronized (warnings) {
                                    warnings.add(w.message());
                                }
                            }
                        })
                .run(plan, new CancelToken());
    }

    /** The plan a backup would run now (its {@code previous} is the snapshot it links to). */
    public BackupPlan plan() throws EngineException {
        return new BackupPlanner(server(), store, "host", 22, "local rsync")
                .plan(BackupPlannerTestData.stack(), BackupPlannerTestData.maintenance());
    }

    /** A backup that runs with no listener (for callers that only need the snapshot). */
    public Path snapshot() throws EngineException {
        return backup().snapshot();
    }

    private static FakeShell server() {
        return new FakeShell()
                .on("flock -w 3", 0, "ARMED 42\n", "")
                .on("MISSING mariadb-dump", 0, "TOOL /usr/bin/mariadb-dump\nDB appdb\n", "")
                .on("exec docker stop", 0, "", "")
                .on("docker ps -a -q", 0, "a1\nb22\n", "")
                .on(
                        "docker inspect",
                        0,
                        "["
                                + String.join(
                                        ",",
                                        container("a1", "web", "/opt/app/data", "/data"),
                                        container("b22", "db", "/opt/app/db", "/var/lib/mysql"))
                                + "]",
                        "")
                .on("for t in docker", 0, "", "")
                .on("realpath", 0, "/opt/app\0/opt/app\0", "")
                .on("curl", 0, "200", "")
                .on("mariadb-dump -uroot", 0, "-- dump\nCREATE DATABASE appdb;\nINSERT INTO t VALUES (1);\n", "")
                .on("COUNT(*)", 0, "LIFEBOAT-COUNT-SNAPSHOT\nt\t1\n", "");
    }

    private static String container(String id, String service, String src, String dest) {
        return "{\"Id\":\"" + id + "\",\"Name\":\"/" + service + "\",\"Config\":{\"Image\":\"i\",\"Labels\":{"
                + "\"com.docker.compose.project\":\"app\",\"com.docker.compose.service\":\"" + service + "\"},"
                + "\"Env\":[]},\"State\":{\"Status\":\"running\"},\"NetworkSettings\":{\"Networks\":{\"n\":"
                + "{\"IPAddress\":\"10.0.0.1\"}}},\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + src
                + "\",\"Destination\":\"" + dest + "\",\"RW\":true}]}";
    }

    /** Runs {@code sh -c script sh ARGS} here, failing with its output. */
    public static String sh(String script, Object... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        for (Object a : args) {
            argv.add(a.toString());
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("'" + script + "' failed: " + out);
        }
        return out;
    }

    /**
     * The product's pull ({@code RsyncTransfer.pullTrees}: the same rsync options) from a local folder that stands for
     * the server's {@code /}.
     */
    static final class LocalRsync implements FileTransfer {
        private final Path root;

        LocalRsync(Path root) {
            this.root = root;
        }

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
            List<String> cmd = new ArrayList<>(
                    List.of("rsync", "-aHAX", "--numeric-ids", "-R", "--fake-super", "--delete", "--partial"));
            if (linkDest != null) {
                cmd.add("--link-dest=" + linkDest.toAbsolutePath());
            }
            excludes.forEach(x -> cmd.add("--exclude=" + x));
            paths.forEach(p -> cmd.add(root.toAbsolutePath() + "/." + p.replaceAll("/+$", "")));
            cmd.add(filesDir.toAbsolutePath() + "/");
            try {
                Files.createDirectories(filesDir);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new EngineException("rsync failed: " + out);
                }
            } catch (IOException e) {
                throw new EngineException("rsync: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted", e);
            }
            return new Result(0, 0, Duration.ZERO);
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
            return "local rsync";
        }
    }
}
