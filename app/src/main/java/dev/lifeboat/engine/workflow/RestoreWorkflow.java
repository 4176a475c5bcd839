package dev.lifeboat.engine.workflow;

import com.github.luben.zstd.ZstdInputStream;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.DockerCli;
import dev.lifeboat.engine.dumpers.Dumper;
import dev.lifeboat.engine.dumpers.Dumpers;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.Eta;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.Throttle;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Puts a snapshot back on a server (DESIGN §6): preflight → stop what runs → files back with their owners and modes →
 * the database services alone, on empty data folders → every dump of the snapshot loaded → the rest started → the
 * stack's after-restore hooks → health check → what the databases hold compared with the manifest. A restore whose
 * counts differ fails: no false success.
 *
 * <p>In place (the snapshot's own paths and compose project) or relocated: a restore drill puts every path under a
 * scratch folder and runs the application as its own compose project, from a compose file rewritten by {@link
 * DrillCompose} (no published ports, no fixed names), beside the live site.
 *
 * <p>Idempotent where it can be cut: the database folders it replaces are first moved aside to {@code
 * PATH.lifeboat-before-restore} (once; a second run starts again from empty folders), files are made equal to the
 * snapshot by rsync, and every dump is loaded into a database that starts empty. The snapshot is only read.
 */
public final class RestoreWorkflow {
    static final String ASIDE = ".lifeboat-before-restore";
    /** On the server: one file per compose project whose restore began and has not passed yet (the snapshot id). */
    static final String MARKERS = "/var/lib/lifeboat/restores";

    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9.:/_%@+-]+");
    private static final long READY_TIMEOUT_SECONDS = 240;

    private final RemoteShell shell;
    private final DockerCli docker;
    private final FileTransfer transfer;
    private final Maintenance maintenance;
    private final ProgressListener listener;

    /**
     * Where and how to restore.
     *
     * @param overwrite the target may already run the application: its data is replaced
     * @param siteUrl the site's new URL (a migration), or null to keep the snapshot's settings
     * @param drill a relocation for a restore drill, or null for the snapshot's own paths
     */
    public record Options(boolean overwrite, String siteUrl, Relocation drill) {
        public static Options inPlace(boolean overwrite) {
            return new Options(overwrite, null, null);
        }
    }

    /**
     * A restore drill's copy: every server path of the snapshot under {@code root}, as compose project {@code
     * project}.
     */
    public record Relocation(String project, String root) {
        public Relocation {
            Objects.requireNonNull(project);
            root = root.replaceAll("/+$", "");
            if (!root.startsWith("/") || root.length() < 5) {
                throw new IllegalArgumentException("a drill folder must be an absolute path: " + root);
            }
        }
    }

    /**
     * A finished restore.
     *
     * @param project the compose project it runs as
     * @param problems what does not match the manifest (empty when the restore is exact)
     * @param loadMillis how long putting the data back took (files and dumps)
     * @param millis the whole run
     * @param healthy whether the health check passed
     */
    public record Result(String project, List<String> problems, long loadMillis, long millis, boolean healthy) {
        public boolean ok() {
            return problems.isEmpty() && healthy;
        }
    }

    public RestoreWorkflow(
            RemoteShell shell, FileTransfer transfer, Maintenance maintenance, ProgressListener listener) {
        this.shell = shell;
        this.docker = new DockerCli(shell);
        this.transfer = transfer;
        this.maintenance = maintenance;
        this.listener = listener;
    }

    /** The steps a restore of this snapshot runs, for the plan; nothing is changed. */
    public static List<String> describe(Manifest m, Options o, Maintenance maintenance) {
        List<String> steps = new ArrayList<>();
        String project =
                o.drill() == null ? m.application().composeProject() : o.drill().project();
        steps.add("preflight: Docker, compose and rsync on the target, root there, the snapshot's images present, "
                + (o.drill() == null ? "no other application where it goes, its ports free, " : "")
                + (o.drill() == null
                        ? (o.overwrite()
                                ? "project " + project + " may be replaced (--overwrite)"
                                : "no project " + project + " there yet")
                        : "a scratch copy as project " + project + " under "
                                + o.drill().root()));
        if (o.drill() == null) {
            steps.add("stop: every container of project " + project + " that runs");
        }
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                steps.add("empty data folder: " + at(o, c.path())
                        + (o.drill() == null
                                ? " (the old one kept as " + c.path() + ASIDE + " until the restore passed)"
                                : ""));
            }
        }
        for (String root : copiedRoots(m)) {
            steps.add("files: rsync " + root + " -> " + at(o, root) + " (owners, modes, ACLs, xattrs; --delete)");
        }
        if (o.siteUrl() != null) {
            for (Maintenance.SiteSetting s : maintenance.siteUrl()) {
                steps.add("site URL: " + s.key() + " in " + s.file() + " -> " + siteValue(s, o.siteUrl()));
            }
        }
        steps.add("create the containers, networks and volumes: compose up --no-start");
        Set<String> dbServices = serversToStartFirst(m);
        if (!dbServices.isEmpty()) {
            steps.add("start the databases alone: " + String.join(", ", dbServices));
        }
        for (Manifest.DumpEntry d : m.dumps()) {
            steps.add("load dumps/" + d.file() + " into " + d.service() + " (" + d.engine() + ")");
        }
        if (m.dumps().isEmpty()) {
            m.components().stream()
                    .filter(c -> "dumped".equals(c.saved()))
                    .forEach(c -> steps.add("load the dump of " + c.path() + " into " + c.service()));
        }
        steps.add("start the rest in the stack's start order (docker start)");
        for (Maintenance.Hook h : maintenance.afterRestore()) {
            steps.add("after restore, in " + h.service() + ": " + String.join(" ", h.run()) + " (" + h.why() + ")");
        }
        steps.add("health: " + maintenance.healthCheck().describe());
        steps.add("compare: rows, documents and keys with the manifest"
                + (o.drill() == null ? "" : "; files by checksum"));
        if (o.drill() != null) {
            steps.add("remove the copy: containers, volumes and networks of " + project + ", and "
                    + o.drill().root());
        }
        return steps;
    }

    public Result run(Path snapshot, Options options, CancelToken cancel) throws EngineException {
        Options o = options;
        long t0 = System.nanoTime();
        Manifest m = SnapshotStore.readManifest(snapshot);
        Steps steps = new Steps(listener);
        String project =
                o.drill() == null ? m.application().composeProject() : o.drill().project();
        // One run at a time per application on a server: a backup or another restore of it waits its turn. The
        // guard's folder and lock are the backup's; a restore records no stops, so a guard whose deadline passes
        // (Lifeboat died) starts nothing and only frees the lock.
        ServerGuard guard = ServerGuard.forProject(shell, project);
        ScheduledExecutorService heartbeat = null;
        try {
            steps.start("preflight", "Check the target");
            lock(guard, (o.drill() == null ? "restore of " : "drill of ") + m.id(), cancel);
            heartbeat = guard.keepAlive(BackupWorkflow.HEARTBEAT_SECONDS, new AtomicBoolean());
            String marker = MARKERS + "/" + project;
            if (o.drill() == null && !o.overwrite()) {
                String was = shell.capture(docker.script("cat \"$1\" 2>/dev/null", List.of(marker), false))
                        .stdout()
                        .strip();
                if (was.equals(m.id())) {
                    log("preflight", "an earlier restore of " + m.id() + " here did not finish: finishing it");
                    o = new Options(true, o.siteUrl(), null);
                }
            }
            Compose compose = preflight(snapshot, m, o, project);
            if (o.drill() == null) {
                CommandSpec mark = docker.script(
                        "mkdir -p \"$(dirname \"$1\")\" && printf '%s\\n' \"$2\" > \"$1\"",
                        List.of(marker, m.id()), true);
                shell.capture(mark).orThrow(mark);
            }
            steps.finish("preflight", "ready on " + shell.describe());

            long load0 = System.nanoTime();
            if (o.drill() == null) {
                steps.start("stop", "Stop what runs of " + project);
                int n = stopProject(project);
                steps.finish("stop", n + " stopped");
            }

            if (o.drill() != null) {
                CommandSpec mk = docker.script(
                        "mkdir -p \"$1\" && chmod 0711 \"$(dirname \"$1\")\" \"$1\"",
                        List.of(o.drill().root()),
                        true);
                shell.capture(mk).orThrow(mk);
            }
            steps.start("empty", "Empty the database folders");
            int emptied = emptyDatabaseFolders(m, o);
            steps.finish("empty", emptied == 0 ? "none there yet" : emptied + " emptied (the old ones kept aside)");

            steps.start("files", "Put the files back");
            FileTransfer.Result pushed = push(snapshot, m, o, cancel);
            steps.finish("files", BackupWorkflow.human(pushed.bytes()) + " in " + pushed.files() + " files");

            List<String> problems = new ArrayList<>();
            if (o.drill() != null) {
                steps.start("check-files", "Compare the files with the snapshot, by checksum");
                List<String> diff = new ArrayList<>();
                transfer.pushTrees(
                        snapshot.resolve("files"),
                        copiedRoots(m),
                        excludes(m),
                        o.drill().root(),
                        true,
                        diff::add,
                        p -> {},
                        cancel);
                diff.stream().limit(20).forEach(d -> problems.add("file differs after the restore: " + d));
                if (diff.isEmpty()) {
                    steps.finish("check-files", "every file equal");
                } else {
                    steps.fail("check-files", diff.size() + " differ");
                }
            }

            if (o.drill() != null) {
                steps.start("compose", "Write the drill's compose file");
                compose = drillCompose(snapshot, m, o, compose);
                steps.finish("compose", compose.files().get(0));
            }

            if (o.siteUrl() != null) {
                steps.start("site-url", "Set the new site URL");
                int n = setSiteUrl(m, o);
                steps.finish("site-url", n + " settings changed to " + o.siteUrl());
            }

            // Compose makes the volumes and containers; Docker fills a new named volume from its image and gives its
            // top folder the image's owner: a second copy of what lives in volumes puts the snapshot's back.
            steps.start("create", "Create the containers and volumes");
            runCompose(compose, List.of("up", "--no-start"), "create", cancel);
            List<String> inVolumes = copiedRoots(m).stream()
                    .filter(r -> r.startsWith("/var/lib/docker/volumes/"))
                    .toList();
            if (o.drill() == null && !inVolumes.isEmpty()) {
                transfer.pushTrees(snapshot.resolve("files"), inVolumes, excludes(m), "/", true, null, p -> {}, cancel);
            }
            steps.finish("create", docker.project(project).size() + " containers");

            Set<String> dbServices = serversToStartFirst(m);
            if (!dbServices.isEmpty()) {
                steps.start("databases", "Start the databases");
                List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps"));
                args.addAll(dbServices);
                runCompose(compose, args, "databases", cancel);
                for (String svc : dbServices) {
                    waitReady(project, svc, m, cancel);
                }
                steps.finish("databases", String.join(", ", dbServices) + " ready");
            }
            if (!m.dumps().isEmpty()) {
                steps.start("load", "Load the dumps");
                loadDumps(snapshot, m, project, cancel);
                steps.finish("load", m.dumps().size() + " dumps loaded");
            }
            long loadMillis = (System.nanoTime() - load0) / 1_000_000;

            steps.start("start", "Start the application");
            // In the stack's start order, as a backup starts them: the databases take connections already, so
            // nothing waits for compose's health conditions.
            List<ContainerState> toStart = new ArrayList<>(
                    docker.project(project).stream().filter(c -> !c.running()).toList());
            List<String> order = maintenance.startOrder();
            toStart.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)));
            for (ContainerState c : toStart) {
                log("start", "starting " + c.label());
                CommandSpec start = docker.start(List.of(c.id()));
                RemoteShell.Captured r = shell.capture(start);
                if (!r.ok()) {
                    throw new EngineException(
                            "Could not start " + c.label() + ": " + r.stderr().strip()
                                    + (r.stderr().contains("port is already allocated")
                                            ? " A port it publishes is taken on " + shell.describe()
                                                    + ": stop what holds it, then run the restore again."
                                            : ""));
                }
            }
            steps.finish("start", toStart.size() + " started");

            List<ContainerState> containers = docker.project(project);
            for (Maintenance.Hook h : maintenance.afterRestore()) {
                String sid = "hook:" + h.service();
                ContainerState c = containers.stream()
                        .filter(x -> x.service().equals(h.service()))
                        .findFirst()
                        .orElse(null);
                if (c == null) {
                    continue;
                }
                steps.start(sid, h.why());
                CommandResult r = shell.run(docker.exec(c, h.run(), true), null, stepLines(sid), cancel);
                if (!r.ok()) {
                    steps.fail(sid, "exit status " + r.exitStatus());
                    problems.add("'" + String.join(" ", h.run()) + "' failed in " + h.service() + " (status "
                            + r.exitStatus() + ")");
                } else {
                    steps.finish(sid, "");
                }
            }

            steps.start("health", maintenance.healthCheck().describe());
            containers = docker.project(project);
            String unhealthy = new HealthChecker(docker)
                    .await(
                            maintenance.healthCheck(),
                            containers.stream().map(ContainerState::id).toList(),
                            containers,
                            what -> log("health", what),
                            cancel);
            if (unhealthy == null) {
                steps.finish("health", "up");
            } else {
                steps.fail("health", unhealthy);
            }

            steps.start("compare", "Compare what the databases hold with the manifest");
            List<String> differ = compareCounts(m, project);
            problems.addAll(differ);
            if (differ.isEmpty()) {
                steps.finish("compare", "every count equal");
            } else {
                steps.fail("compare", differ.size() + " differ");
            }

            if (o.drill() == null && problems.isEmpty() && unhealthy == null) {
                steps.start("cleanup", "Remove the database folders kept aside");
                removeAside(m);
                shell.capture(docker.script("rm -f \"$1\"", List.of(marker), true));
                steps.finish("cleanup", "");
            }
            for (Manifest.ComponentEntry c : m.components()) {
                if ("skipped".equals(c.saved())
                        && "rebuildable".equals(c.componentClass())
                        && List.of("elasticsearch", "opensearch", "search").contains(c.kind())
                        && m.components().stream()
                                .noneMatch(x -> x.path().equals(c.path()) && "dumped".equals(x.saved()))) {
                    listener.on(new WorkflowEvent.Warning(
                            Instant.now(),
                            "The search index " + c.path() + " is not in the snapshot (rebuildable): have the"
                                    + " application rebuild it (" + (c.note() == null ? "re-index" : c.note()) + ")."));
                }
            }
            return new Result(
                    project,
                    List.copyOf(problems),
                    loadMillis,
                    (System.nanoTime() - t0) / 1_000_000,
                    unhealthy == null);
        } catch (Throwable e) {
            steps.failRunning(e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        } finally {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
            }
            try {
                guard.release();
            } catch (EngineException e) {
                log("preflight", "could not free this run's lock on " + shell.describe() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Takes the application's lock on the target. A run that holds it and has gone silent (Lifeboat was killed, the
     * laptop closed) frees it within the guard's deadline, so a restore run again at once waits that long before it
     * gives up: the rerun that finishes a cut restore just works.
     */
    private void lock(ServerGuard guard, String what, CancelToken cancel) throws EngineException {
        long giveUp = System.nanoTime() + (ServerGuard.DEADLINE_SECONDS + 10) * 1_000_000_000L;
        String owner = ServerGuard.owner(what, Instant.now());
        boolean said = false;
        while (true) {
            try {
                guard.arm(owner);
                return;
            } catch (ServerLockedException e) {
                if (System.nanoTime() > giveUp) {
                    throw new PreflightException(e.getMessage(), e);
                }
                if (!said) {
                    log("preflight", e.getMessage() + " Waiting for it.");
                    said = true;
                }
                if (cancel.isCancelled()) {
                    throw new CancelledException("Cancelled while waiting for the lock.");
                }
            }
        }
    }

    /** Stops every running container of a project on the target; returns how many. */
    public int stopProject(String project) throws EngineException {
        List<ContainerState> running =
                docker.project(project).stream().filter(ContainerState::running).toList();
        if (running.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(List.of("stop", "-t", "30"));
        running.forEach(c -> {
            log("stop", "stopping " + c.label());
            args.add(c.id());
        });
        CommandSpec stop = docker.write(java.time.Duration.ofSeconds(120), args.toArray(String[]::new));
        shell.capture(stop).orThrow(stop);
        return running.size();
    }

    /** Removes a drill's copy: its containers, volumes and networks, and its folder. Says what is left, if anything. */
    public List<String> removeDrill(Relocation r) throws EngineException {
        String script =
                """
                p=$1; root=$2
                docker ps -aq --filter "label=com.docker.compose.project=$p" | xargs -r docker rm -f -v >/dev/null
                docker volume ls -q --filter "label=com.docker.compose.project=$p" | xargs -r docker volume rm >/dev/null
                docker network ls -q --filter "label=com.docker.compose.project=$p" | xargs -r docker network rm >/dev/null
                case "$root" in /var/tmp/lifeboat-drill/*|/tmp/lifeboat-drill/*) rm -rf "$root" ;; esac
                rmdir /var/tmp/lifeboat-drill 2>/dev/null || true
                left=$(docker ps -aq --filter "label=com.docker.compose.project=$p"; \
                    docker volume ls -q --filter "label=com.docker.compose.project=$p"; \
                    docker network ls -q --filter "label=com.docker.compose.project=$p")
                [ -z "$left" ] || echo "LEFT docker objects: $left"
                [ ! -e "$root" ] || echo "LEFT folder $root"
                """;
        RemoteShell.Captured c = shell.capture(docker.script(script, List.of(r.project(), r.root()), true));
        List<String> left = new ArrayList<>();
        c.stdout().lines().filter(l -> l.startsWith("LEFT ")).forEach(l -> left.add(l.substring(5)));
        if (!c.ok()) {
            left.add("the clean-up failed: " + c.stderr().strip());
        }
        return left;
    }

    // ------------------------------------------------------------------------------------------ preflight

    /** How compose is run for this restore. */
    record Compose(String workDir, String wrapper, String project, List<String> files) {}

    private Compose preflight(Path snapshot, Manifest m, Options o, String project) throws EngineException {
        Manifest.Application app = m.application();
        if (app == null || app.composeProject() == null || app.composeWorkingDir() == null) {
            throw new PreflightException("This snapshot does not say how its application was started (no compose"
                    + " project in its manifest): Lifeboat cannot restore it.");
        }
        Target target = check(app, o);
        List<ContainerState> existing = target.existing();
        String wrapper = null;
        if (maintenance.composeWrapper() != null) {
            String w = app.installDir() + "/" + maintenance.composeWrapper();
            if (Files.isRegularFile(snapshot.resolve("files").resolve(w.substring(1))) || exists(w)) {
                wrapper = w;
            }
        }
        List<String> files = app.composeFiles() == null ? List.of() : app.composeFiles();
        if (wrapper == null) {
            List<String> missing = new ArrayList<>();
            for (String f : files) {
                String abs = f.startsWith("/") ? f : app.composeWorkingDir() + "/" + f;
                if (!Files.exists(snapshot.resolve("files").resolve(abs.substring(1))) && !exists(abs)) {
                    missing.add(abs);
                }
            }
            if (!missing.isEmpty()) {
                throw new PreflightException("The compose files " + String.join(", ", missing) + " are neither in the"
                        + " snapshot nor on " + shell.describe() + ": install the application's own files there first"
                        + (maintenance.composeWrapper() != null
                                ? " (for this stack: its installer or repository, which brings "
                                        + maintenance.composeWrapper() + ")"
                                : "")
                        + ", then run the restore again.");
            }
        }
        if (target.installed() != null && o.drill() == null) {
            checkVersion(app, target.installed());
        }
        long need = m.components().stream()
                        .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null && c.bytes() != null)
                        .mapToLong(Manifest.ComponentEntry::bytes)
                        .sum()
                + m.dumps().stream().mapToLong(d -> d.rawBytes() * 2).sum();
        String where = o.drill() == null ? app.installDir() : o.drill().root();
        String df = "d=$1; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done; df -Pk \"$d\" | awk 'NR==2 {print $4}'";
        String free =
                shell.capture(docker.script(df, List.of(where), false)).stdout().strip();
        if (free.matches("\\d+")) {
            long freeBytes = Long.parseLong(free) * 1024;
            if (o.drill() != null || existing.isEmpty()) {
                if (o.drill() == null && freeBytes < need + need / 10) {
                    // Files already in place (a migration's direct copy, an earlier cut restore) take no more space:
                    // rsync replaces only what differs.
                    String du = "du -sk \"$@\" 2>/dev/null | awk '{s += $1} END {print s + 0}'";
                    String present = shell.capture(docker.script(du, copiedRoots(m), false))
                            .stdout()
                            .strip();
                    if (present.matches("\\d+")) {
                        need = Math.max(0, need - Long.parseLong(present) * 1024);
                    }
                }
                if (freeBytes < need + need / 10) {
                    throw new PreflightException("Not enough space on " + shell.describe() + " for " + where + ": "
                            + BackupWorkflow.human(freeBytes) + " free, the snapshot needs about "
                            + BackupWorkflow.human(need) + ". Free some space and run it again.");
                }
            }
        }
        if (o.drill() != null) {
            return new Compose(
                    o.drill().root(), null, project, List.of(o.drill().root() + "/lifeboat-drill.yml"));
        }
        return new Compose(app.composeWorkingDir(), wrapper, project, files);
    }

    /**
     * What a target holds of the application before a restore.
     *
     * @param existing the project's containers there now
     * @param installed the application detected where the snapshot's goes (its install folder or compose project),
     *     of the same stack; null when there is none (or for a drill)
     */
    public record Target(List<ContainerState> existing, DetectedStack installed) {}

    /**
     * The checks of a target that need no snapshot files: root, Docker, compose and rsync there, no other application
     * where this one goes, the project not there yet (unless overwriting), the images present, the ports free. A
     * migration runs them before it stops the source; the wizard's plan page before it shows the plan.
     */
    public Target check(Manifest.Application app, Options o) throws EngineException {
        String project = o.drill() == null ? app.composeProject() : o.drill().project();
        Collection<String> imageRefs =
                app.images() == null ? List.of() : app.images().values();
        Privileges p = shell.privileges();
        if (!p.root() && p.sudo() == Privileges.Sudo.UNAVAILABLE) {
            throw new PreflightException("A restore puts files back with their owners, which needs root on "
                    + shell.describe() + ": log in as root or as a user with sudo.");
        }
        String tools =
                "docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || { echo 'NO docker'; exit 0; }; "
                        + "{ docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; } || echo 'NO compose'; "
                        + "command -v rsync >/dev/null || echo 'NO rsync'";
        String said = shell.capture(docker.script(tools, List.of(), false)).stdout();
        if (said.contains("NO docker")) {
            throw new PreflightException("Docker does not answer on " + shell.describe() + ": install it (or start it)"
                    + " and run the restore again.");
        }
        if (said.contains("NO compose")) {
            throw new PreflightException("Neither 'docker compose' nor 'docker-compose' is on " + shell.describe()
                    + ": install Docker's compose plugin and run the restore again.");
        }
        if (said.contains("NO rsync")) {
            throw new PreflightException("rsync is not installed on " + shell.describe() + " (apt install rsync).");
        }
        List<ContainerState> existing = docker.project(project);
        if (!existing.isEmpty()) {
            if (o.drill() != null) {
                // A drill's own leftovers from a run that was cut: its project name is Lifeboat's.
                removeDrill(o.drill());
            } else if (!o.overwrite()) {
                throw new PreflightException(shell.describe() + " already runs " + "the application"
                        + " (compose project "
                        + project + ", " + existing.size() + " containers). Restoring replaces its data with the"
                        + " snapshot's: add --overwrite if that is what you want.");
            }
        }
        List<String> images = new ArrayList<>(new LinkedHashSet<>(imageRefs));
        if (!images.isEmpty()) {
            String script =
                    "for i in \"$@\"; do docker image inspect \"$i\" >/dev/null 2>&1 || echo \"MISSING $i\"; done";
            String out = shell.capture(docker.script(script, images, false)).stdout();
            List<String> missing = out.lines()
                    .filter(l -> l.startsWith("MISSING "))
                    .map(l -> l.substring(8))
                    .toList();
            if (!missing.isEmpty()) {
                throw new PreflightException("The snapshot's images are not on " + shell.describe() + ": "
                        + String.join(", ", missing)
                        + ". Pull them there (docker pull IMAGE) or load them (docker load)"
                        + " and run the restore again.");
            }
        }
        if (o.drill() != null) {
            return new Target(existing, null); // a drill has its own folder and project, and publishes no ports
        }
        DetectedStack installed = installed(app, p);
        checkPorts(app.ports(), existing);
        return new Target(existing, installed);
    }

    /**
     * The application that sits where the snapshot's goes: the same install folder or the same compose project.
     * Another stack there is refused (a restore would mix two applications); the same stack is returned.
     */
    private DetectedStack installed(Manifest.Application app, Privileges p) throws EngineException {
        Detection d = Applications.detect(shell, !p.root(), w -> log("preflight", w));
        DetectedStack same = null;
        for (DetectedStack s : d.stacks()) {
            boolean samePlace = s.installDir().equals(app.installDir())
                    || (s.compose() != null && s.compose().name().equals(app.composeProject()));
            if (!samePlace) {
                continue;
            }
            if (!s.stackId().equals(app.stack())) {
                throw new PreflightException(shell.describe() + " has " + s.displayName()
                        + (s.version() == null ? "" : " " + s.version()) + " in " + s.installDir()
                        + (s.compose() == null
                                ? ""
                                : " (compose project " + s.compose().name() + ")")
                        + ", where this snapshot of " + app.name() + " goes (" + app.installDir() + ", project "
                        + app.composeProject() + "). Restoring would mix two applications: restore onto another"
                        + " server, or move that application away first.");
            }
            same = s;
        }
        return same;
    }

    /**
     * The installed version against the snapshot's. A snapshot newer than what is installed is refused: the
     * application's own files that are not in the snapshot (the Toolkit's scripts, an installer's) would be older than
     * its data, and applications migrate data forward on an upgrade, never back; the vendors' way is to upgrade the
     * installation first. An older snapshot is said: the restore puts back its compose files, and with them its
     * version, next to its data.
     */
    private void checkVersion(Manifest.Application app, DetectedStack installed) throws PreflightException {
        String theirs = installed.version();
        String ours = app.version();
        if (theirs == null || ours == null || Versions.compare(ours, theirs) == 0) {
            return;
        }
        if (Versions.compare(ours, theirs) > 0) {
            throw new PreflightException("The snapshot holds " + app.name() + " " + ours + ", newer than the "
                    + theirs + " installed on " + shell.describe() + " in " + installed.installDir()
                    + ": an older installation cannot take newer data. Upgrade the application there to " + ours
                    + " first (or remove it, to restore onto a clean server), then run the restore again.");
        }
        log(
                "preflight",
                shell.describe() + " has " + app.name() + " " + theirs + "; the snapshot is of " + ours
                        + ": the restore puts back its compose files, and with them " + ours);
    }

    /**
     * The host ports the snapshot's containers publish must be free on the target, but for those the project's own
     * containers hold there now (they are stopped first).
     */
    private void checkPorts(List<String> ports, List<ContainerState> existing) throws EngineException {
        if (ports == null || ports.isEmpty()) {
            return;
        }
        // The project's running containers hold their ports through Docker's proxy: those are freed by the stop.
        Set<String> own = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (ContainerState c : existing) {
            ids.add(c.id());
            if (c.running()) {
                own.addAll(c.ports());
            }
        }
        // Listening TCP sockets (from /proc, which every Linux has), then what running containers publish (with
        // Docker's userland proxy off, a published port has no listening socket).
        String script = "for f in /proc/net/tcp /proc/net/tcp6; do [ -r \"$f\" ] && awk 'NR>1 && $4==\"0A\""
                + " {split($2,a,\":\"); print a[2]}' \"$f\"; done | while read -r h; do echo \"LISTEN $((0x$h))/tcp\";"
                + " done; docker ps -q | xargs -r docker inspect --format"
                + " '{{.Id}} {{.Name}}{{range $p, $b := .HostConfig.PortBindings}}{{range $b}} {{.HostPort}}/{{$p}}"
                + "{{end}}{{end}}'";
        String out = shell.capture(docker.script(script, List.of(), false)).stdout();
        List<String> taken = takenPorts(out, ports, own, ids);
        if (!taken.isEmpty()) {
            throw new PreflightException("The application needs port" + (taken.size() == 1 ? " " : "s ")
                    + String.join(", ", taken) + " on " + shell.describe() + ", which "
                    + (taken.size() == 1 ? "is" : "are") + " taken. Stop what uses "
                    + (taken.size() == 1 ? "it" : "them") + " there, then run the restore again.");
        }
    }

    /**
     * Which of {@code wanted} ({@code 8080/tcp}) the target's answer shows taken, with what holds each: lines
     * {@code LISTEN PORT/tcp} and {@code ID /NAME PORT/PROTO/CPORT...}. Ports the project's own containers publish
     * ({@code own}, {@code ownIds}) do not count.
     */
    static List<String> takenPorts(String answer, List<String> wanted, Set<String> own, Set<String> ownIds) {
        Map<String, String> holder = new LinkedHashMap<>();
        for (String line : answer.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 2 && w[0].equals("LISTEN")) {
                holder.putIfAbsent(w[1], "a process");
            } else if (w.length >= 3 && !ownIds.contains(w[0])) {
                for (int i = 2; i < w.length; i++) {
                    // HOSTPORT/CPORT/PROTO, e.g. 8080/80/tcp
                    String[] parts = w[i].split("/");
                    if (parts.length == 3 && parts[0].matches("\\d+")) {
                        holder.put(parts[0] + "/" + parts[2], "container " + w[1].replaceFirst("^/", ""));
                    }
                }
            }
        }
        List<String> taken = new ArrayList<>();
        for (String p : wanted) {
            String who = holder.get(p);
            if (who != null && !(own.contains(p) && who.equals("a process"))) {
                taken.add(p + " (" + who + ")");
            }
        }
        return taken;
    }

    private boolean exists(String path) throws EngineException {
        return shell.capture(docker.script("test -e \"$1\"", List.of(path), false))
                .ok();
    }

    // ------------------------------------------------------------------------------------------ files

    /** The copied trees of a snapshot: components saved as files and not inside another one. */
    static List<String> copiedRoots(Manifest m) {
        return m.components().stream()
                .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null)
                .map(Manifest.ComponentEntry::path)
                .distinct()
                .toList();
    }

    /** Paths inside copied trees that the snapshot does not hold as files: left alone by the copy's --delete. */
    static List<String> excludes(Manifest m) {
        List<String> roots = copiedRoots(m);
        List<String> out = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if (!"copied".equals(c.saved())
                    && roots.stream()
                            .anyMatch(r ->
                                    c.path().startsWith(r + "/") && !c.path().equals(r))) {
                out.add(c.path());
            }
        }
        return out;
    }

    private static String at(Options o, String path) {
        return o.drill() == null ? path : o.drill().root() + path;
    }

    private FileTransfer.Result push(Path snapshot, Manifest m, Options o, CancelToken cancel) throws EngineException {
        long total = m.transfer() == null ? 0 : m.transfer().totalBytes();
        Eta eta = new Eta(System.nanoTime());
        Throttle throttle = new Throttle(Throttle.PROGRESS_NANOS);
        FileTransfer.Result r = transfer.pushTrees(
                snapshot.resolve("files"),
                copiedRoots(m),
                excludes(m),
                o.drill() == null ? "/" : o.drill().root(),
                true,
                null,
                p -> {
                    if (!throttle.due(System.nanoTime())) {
                        return; // the end is reported below
                    }
                    listener.on(new WorkflowEvent.Progress(
                            Instant.now(),
                            "files",
                            p.bytes(),
                            total > 0 ? OptionalLong.of(total) : OptionalLong.empty(),
                            WorkflowEvent.Unit.BYTES,
                            total > 0 ? eta.update(p.bytes(), total, System.nanoTime()) : OptionalLong.empty()));
                },
                cancel);
        if (total > 0) {
            listener.on(new WorkflowEvent.Progress(
                    Instant.now(),
                    "files",
                    total,
                    OptionalLong.of(total),
                    WorkflowEvent.Unit.BYTES,
                    OptionalLong.of(0)));
        }
        return r;
    }

    /**
     * Each dumped database's folder is made empty, so that its database starts as new and holds only what the dumps
     * bring. In place, the old folder is kept aside (once) until the restore has passed.
     */
    private int emptyDatabaseFolders(Manifest m, Options o) throws EngineException {
        List<String> paths = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                paths.add(at(o, c.path()));
            }
        }
        if (paths.isEmpty()) {
            return 0;
        }
        String script =
                """
                for p in "$@"; do
                    a="$p%s"
                    if [ -f "$p" ] || [ -f "$a" ]; then
                        # a database file (SQLite) and its journal and WAL: the load writes a new one
                        for x in "" -wal -shm -journal; do
                            if [ -e "$a$x" ]; then rm -f "$p$x"; elif [ -e "$p$x" ]; then mv "$p$x" "$a$x"; fi
                        done
                        echo EMPTIED
                    elif [ -e "$a" ]; then rm -rf "$p"; mkdir -p "$p"; chown --reference="$a" "$p"; chmod --reference="$a" "$p"; echo EMPTIED
                    elif [ -e "$p" ]; then mv "$p" "$a"; mkdir -p "$p"; chown --reference="$a" "$p"; chmod --reference="$a" "$p"; echo EMPTIED
                    fi
                done
                """
                        .formatted(ASIDE);
        CommandSpec spec = docker.script(script, paths, true);
        return (int) shell.capture(spec)
                .orThrow(spec)
                .stdout()
                .lines()
                .filter("EMPTIED"::equals)
                .count();
    }

    private void removeAside(Manifest m) throws EngineException {
        List<String> paths = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                paths.add(c.path() + ASIDE);
            }
        }
        if (!paths.isEmpty()) {
            // with a database file's journal and WAL kept beside it
            shell.capture(docker.script(
                    "for p in \"$@\"; do rm -rf \"$p\" \"$p-wal\" \"$p-shm\" \"$p-journal\"; done", paths, true));
        }
    }

    private int setSiteUrl(Manifest m, Options o) throws EngineException {
        int n = 0;
        for (Maintenance.SiteSetting s : maintenance.siteUrl()) {
            String value = siteValue(s, o.siteUrl());
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new PreflightException("The site URL " + o.siteUrl() + " has characters Lifeboat does not write"
                        + " into config files; use a plain https://host[:port] URL.");
            }
            String file = at(o, m.application().installDir() + "/" + s.file());
            String re =
                    switch (s.format()) {
                        case "yaml" -> "^\\([[:space:]]*-\\{0,1\\}[[:space:]]*"
                                + s.key().replace(".", "\\.") + "[[:space:]]*[:=][[:space:]]*\\).*$";
                        default -> "^\\(" + s.key().replace(".", "\\.") + "[[:space:]]*=[[:space:]]*\\).*$";
                    };
            String script =
                    """
                    f=$1; re=$2; v=$3; key=$4; fmt=$5
                    [ -f "$f" ] || { echo ABSENT; exit 0; }
                    if grep -q "$re" "$f"; then
                        sed -i "s|$re|\\\\1$v|" "$f"; echo CHANGED
                    elif [ "$fmt" != yaml ]; then
                        printf '\\n%%s=%%s\\n' "$key" "$v" >> "$f"; echo ADDED
                    else echo ABSENT; fi
                    """;
            String out = shell.capture(docker.script(script, List.of(file, re, value, s.key(), s.format()), true))
                    .stdout();
            if (out.contains("CHANGED") || out.contains("ADDED")) {
                n++;
                log("site-url", s.key() + " = " + value + " in " + file);
            }
        }
        return n;
    }

    static String siteValue(Maintenance.SiteSetting s, String url) {
        String u = url.replaceAll("/+$", "");
        return switch (s.value()) {
            case "host" -> u.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
            case "url-path" -> u + s.suffix();
            default -> u;
        };
    }

    // ------------------------------------------------------------------------------------------ compose

    private Compose drillCompose(Path snapshot, Manifest m, Options o, Compose drill) throws EngineException {
        Manifest.Application app = m.application();
        Relocation r = o.drill();
        // The resolved configuration, read where the drill's copy of the compose folder is (relative paths then
        // point into the copy), else from the originals; DrillCompose moves every path into the copy either way.
        String firstFile = app.composeFiles().isEmpty()
                ? "docker-compose.yml"
                : app.composeFiles().get(0);
        String absFirst = firstFile.startsWith("/") ? firstFile : app.composeWorkingDir() + "/" + firstFile;
        boolean inCopy = Files.exists(snapshot.resolve("files").resolve(absFirst.substring(1)));
        Compose source;
        String wrapper = null;
        if (maintenance.composeWrapper() != null) {
            String w = app.installDir() + "/" + maintenance.composeWrapper();
            if (exists(r.root() + w)) {
                wrapper = r.root() + w;
            } else if (exists(w)) {
                wrapper = w;
            }
        }
        if (wrapper != null) {
            source = new Compose(null, wrapper, app.composeProject(), List.of());
        } else {
            source = new Compose(
                    inCopy ? r.root() + app.composeWorkingDir() : app.composeWorkingDir(),
                    null,
                    app.composeProject(),
                    app.composeFiles());
        }
        RemoteShell.Captured cfg = shell.capture(composeSpec(source, List.of("config"), false));
        if (!cfg.ok()) {
            throw new EngineException("compose could not read the application's configuration for the drill: "
                    + cfg.stderr().strip());
        }
        String yaml = DrillCompose.rewrite(cfg.stdout(), r, app.composeProject(), m);
        String file = drill.files().get(0);
        CommandSpec write = docker.script("mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", List.of(file), true);
        shell.run(
                write,
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                OutputSink.DISCARD,
                CancelToken.NONE);
        return drill;
    }

    /** {@code compose ARGS} for the application: through the vendor's wrapper, or compose with its project and files. */
    CommandSpec composeSpec(Compose c, List<String> args, boolean mutating) throws EngineException {
        List<String> all = new ArrayList<>();
        String script;
        if (c.wrapper() != null) {
            String dir = c.wrapper().substring(0, c.wrapper().lastIndexOf('/'));
            String installDir = dir.substring(0, dir.lastIndexOf('/'));
            script = "cd \"$1\" && shift && w=$1 && shift && exec \"$w\" \"$@\"";
            all.add(installDir);
            all.add(c.wrapper());
        } else {
            script = "cd \"$1\" && shift && if docker compose version >/dev/null 2>&1; then exec docker compose \"$@\";"
                    + " else exec docker-compose \"$@\"; fi";
            all.add(c.workDir());
            all.add("-p");
            all.add(c.project());
            for (String f : c.files()) {
                all.add("-f");
                all.add(f);
            }
        }
        all.addAll(args);
        return docker.script(script, all, mutating);
    }

    private void runCompose(Compose c, List<String> args, String step, CancelToken cancel) throws EngineException {
        CommandSpec spec = composeSpec(c, args, true);
        OutputSink.Captured err = OutputSink.capture(64 * 1024);
        CommandResult r = shell.run(spec, null, err, cancel);
        String text = (err.stdoutText() + "\n" + err.stderrText()).strip();
        text.lines().filter(l -> !l.isBlank()).forEach(l -> log(step, l));
        if (!r.ok()) {
            String hint = text.contains("port is already allocated") || text.contains("address already in use")
                    ? " A port the application publishes is taken on " + shell.describe()
                            + ": stop what holds it, then run the restore again (it continues from here)."
                    : "";
            throw new EngineException(
                    "compose " + String.join(" ", args) + " failed: " + BackupWorkflow.lastLines(text) + hint);
        }
    }

    // ------------------------------------------------------------------------------------------ databases

    /** The services of the snapshot's dumps that run a database server, started alone before the load. */
    private static Set<String> serversToStartFirst(Manifest m) {
        Set<String> out = new LinkedHashSet<>();
        for (Manifest.DumpEntry d : m.dumps()) {
            if (Dumpers.forKind(d.engine()).map(Dumper::loadsIntoARunningServer).orElse(true)) {
                out.add(d.service());
            }
        }
        return out;
    }

    private void waitReady(String project, String service, Manifest m, CancelToken cancel) throws EngineException {
        String engine = m.dumps().stream()
                .filter(d -> d.service().equals(service))
                .findFirst()
                .map(Manifest.DumpEntry::engine)
                .orElseThrow();
        Dumper dumper = dumper(engine);
        long deadline = System.nanoTime() + READY_TIMEOUT_SECONDS * 1_000_000_000L;
        while (true) {
            if (cancel.isCancelled()) {
                throw new CancelledException("Cancelled while waiting for " + service + ".");
            }
            ContainerState c = container(project, service);
            if (c != null
                    && c.running()
                    && shell.capture(dumper.ready(docker, c)).ok()) {
                log("databases", service + " takes connections");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new EngineException(service + " did not take connections within " + READY_TIMEOUT_SECONDS
                        + " s after its start: look at its log (docker logs).");
            }
            sleep(1000);
        }
    }

    private void loadDumps(Path snapshot, Manifest m, String project, CancelToken cancel) throws EngineException {
        long total = m.dumps().stream().mapToLong(Manifest.DumpEntry::rawBytes).sum();
        long[] done = {0};
        Eta eta = new Eta(System.nanoTime());
        List<ContainerState> containers = docker.project(project);
        for (Manifest.DumpEntry d : m.dumps()) {
            ContainerState c = container(containers, d.service());
            if (c == null) {
                throw new EngineException("The database service " + d.service() + " does not run after its start.");
            }
            Dumper dumper = dumper(d.engine());
            log("load", "loading dumps/" + d.file() + " into " + d.service());
            CommandSpec spec = dumper.load(docker, c, d);
            Path file = snapshot.resolve("dumps").resolve(d.file());
            long base = done[0];
            OutputSink.Captured out = OutputSink.capture(64 * 1024);
            CommandResult r;
            try (InputStream in = dumper.loadInput(
                    new Counting(
                            new ZstdInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)), n -> {
                                done[0] = base + n;
                                listener.on(new WorkflowEvent.Progress(
                                        Instant.now(),
                                        "load",
                                        done[0],
                                        OptionalLong.of(total),
                                        WorkflowEvent.Unit.BYTES,
                                        eta.update(done[0], total, System.nanoTime())));
                            }),
                    d)) {
                r = shell.run(spec, in, out, cancel);
            } catch (IOException e) {
                throw new EngineException("Could not read dumps/" + d.file() + ": " + e.getMessage(), e);
            }
            if (!r.ok()) {
                throw new EngineException("Loading dumps/" + d.file() + " into " + d.service() + " failed (status "
                        + r.exitStatus() + "): "
                        + BackupWorkflow.lastLines(spec.mask(out.stderrText() + "\n" + out.stdoutText())));
            }
            done[0] = base + d.rawBytes();
        }
    }

    private List<String> compareCounts(Manifest m, String project) throws EngineException {
        List<String> problems = new ArrayList<>();
        List<ContainerState> containers = docker.project(project);
        for (Manifest.DumpEntry d : m.dumps()) {
            if (d.counts() == null || d.counts().isEmpty()) {
                continue;
            }
            ContainerState c = container(containers, d.service());
            if (c == null) {
                problems.add(d.service() + " does not run: its counts cannot be compared");
                continue;
            }
            Map<String, Long> now = dumper(d.engine()).recount(docker, c, d);
            for (Map.Entry<String, Long> e : d.counts().entrySet()) {
                Long n = now.get(e.getKey());
                if (!e.getValue().equals(n)) {
                    problems.add(d.service() + " " + e.getKey() + ": " + (n == null ? "missing" : n)
                            + " after the restore, " + e.getValue() + " in the snapshot");
                }
            }
            for (String k : now.keySet()) {
                if (!d.counts().containsKey(k) && now.get(k) != 0) {
                    problems.add(d.service() + " " + k + ": " + now.get(k) + " after the restore, not in the snapshot");
                }
            }
        }
        return problems;
    }

    private ContainerState container(String project, String service) throws EngineException {
        return container(docker.project(project), service);
    }

    private static ContainerState container(List<ContainerState> containers, String service) {
        return containers.stream()
                .filter(c -> c.service().equals(service))
                .findFirst()
                .orElse(null);
    }

    /** Where a container's service is in a start order; services not named come last. */
    static int rank(List<String> order, ContainerState c) {
        int i = order.indexOf(c.service());
        return i < 0 ? order.size() : i;
    }

    private static Dumper dumper(String engine) throws EngineException {
        return Dumpers.forKind(engine)
                .orElseThrow(() -> new EngineException("Lifeboat has no loader for " + engine + " dumps."));
    }

    // ------------------------------------------------------------------------------------------ small things

    private void log(String step, String line) {
        listener.on(new WorkflowEvent.LogLine(Instant.now(), "step:" + step, line));
    }

    private OutputSink stepLines(String step) {
        return BackupWorkflow.stepLines(step, listener);
    }

    private static void sleep(long ms) throws CancelledException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted.");
        }
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private final java.util.function.LongConsumer onRead;
        private long n;
        private long lastReport;

        Counting(InputStream in, java.util.function.LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                add(r);
            }
            return r;
        }

        private void add(long k) {
            n += k;
            if (n - lastReport > (1 << 20)) {
                lastReport = n;
                onRead.accept(n);
            }
        }
    }
}
