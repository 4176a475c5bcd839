package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Puts a snapshot back on a server (DESIGN §6), as a list of steps for the {@link Runner}: preflight → stop what runs
 * → database folders emptied → files back with their owners and modes → the database services alone → every dump of
 * the snapshot loaded → the rest started → the stack's after-restore hooks → health check → what the databases hold
 * compared with the manifest. A restore whose counts differ fails: no false success. {@link #describe} gives the same
 * list to the plan.
 *
 * <p>Where it goes is a placement ({@link Options}): in place (the snapshot's own paths and compose project), or
 * beside, as a drill's throw-away copy under a scratch folder, as its own compose project, from a compose file
 * rewritten by {@link DrillCompose} (no published ports, no fixed names). The placement picks the steps once, when the
 * list is made.
 *
 * <p>Idempotent where it can be cut: the database folders it replaces are first moved aside to {@code
 * PATH.lifeboat-before-restore} (once; a second run starts again from empty folders), files are made equal to the
 * snapshot by rsync, and every dump is loaded into a database that starts empty; the server remembers a restore that
 * began ({@link #MARKERS}) and the next run finishes it. The snapshot is only read.
 */
public final class RestoreWorkflow {
    static final String ASIDE = RestoreData.ASIDE;
    /** On the server: one file per compose project whose restore began and has not passed yet (the snapshot id). */
    static final String MARKERS = "/var/lib/lifeboat/restores";

    private final RemoteShell shell;
    private final Docker docker;
    private final FileTransfer transfer;
    private final Maintenance maintenance;
    private final List<Stack> stacks;
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

        /** Whether the snapshot goes back to its own paths and compose project (not a drill's copy). */
        public boolean inPlace() {
            return drill == null;
        }

        /** Where a server path of the snapshot goes. */
        public String at(String path) {
            return drill == null ? path : drill.root() + path;
        }

        /** The compose project the application runs as there. */
        public String project(Manifest.Application app) {
            return drill == null ? app.composeProject() : drill.project();
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

    /**
     * What a target holds of the application before a restore.
     *
     * @param existing the project's containers there now
     * @param installed the application detected where the snapshot's goes (its install folder or compose project),
     *     of the same stack; null when there is none (or for a drill)
     */
    public record Target(List<ContainerState> existing, DetectedStack installed) {}

    /**
     * @param stacks the catalogue, to detect what the target runs where the snapshot goes
     */
    public RestoreWorkflow(
            RemoteShell shell,
            FileTransfer transfer,
            Maintenance maintenance,
            List<Stack> stacks,
            ProgressListener listener) {
        this.shell = shell;
        this.docker = shell == null ? null : new Docker(shell);
        this.transfer = transfer;
        this.maintenance = maintenance;
        this.stacks = List.copyOf(stacks);
        this.listener = listener;
    }

    /** The steps a restore of this snapshot runs, as the plan shows them; nothing runs. */
    public static List<PlannedStep> describe(Manifest m, Options o, Maintenance maintenance) {
        return PlannedStep.of(new RestoreWorkflow(null, null, maintenance, List.of(), ProgressListener.NONE)
                .start(m, o, "", () -> null)
                .steps());
    }

    public Result run(Path snapshot, Options options, CancelToken cancel) throws EngineException {
        Run run = start(SnapshotStore.readManifest(snapshot), options, "", () -> snapshot);
        new Runner(listener).run(run.steps(), cancel);
        return run.result();
    }

    /**
     * A restore run, for a workflow that runs its steps with others (a drill, a migration).
     *
     * @param shape the manifest the steps are made from (for a migration, the one its backup will write)
     * @param idPrefix put before every step id (a migration's {@code target:}, apart from its backup's steps)
     * @param snapshot the snapshot folder, asked for when the restore begins
     */
    public Run start(Manifest shape, Options options, String idPrefix, Supplier<Path> snapshot) {
        return new Run(shape, options, idPrefix, snapshot);
    }

    /**
     * The checks of a target that need no snapshot files: root, Docker, compose and rsync there, no other application
     * where this one goes, the project not there yet (unless overwriting), the images present, the ports free. A
     * migration runs them before it stops the source; the wizard's plan page before it shows the plan.
     */
    public Target check(Manifest.Application app, Options o) throws EngineException {
        return target(line -> {}).check(app, o, () -> removeDrill(o.drill()));
    }

    private RestoreTarget target(java.util.function.Consumer<String> log) {
        return new RestoreTarget(shell, docker, stacks, log);
    }

    /** Stops every running container of a project on the target; returns how many. */
    public int stopProject(String project) throws EngineException {
        return stopProject(project, line -> {});
    }

    private int stopProject(String project, java.util.function.Consumer<String> log) throws EngineException {
        List<ContainerState> running =
                docker.project(project).stream().filter(ContainerState::running).toList();
        if (running.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(List.of("stop", "-t", "30"));
        running.forEach(c -> {
            log.accept("stopping " + c.label());
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

    /** One restore run: the state its steps share. */
    public final class Run {
        private final Manifest shape;
        private final String prefix;
        private final Supplier<Path> snapshotFolder;
        private final RestoreData data;
        private final long t0 = System.nanoTime();
        private final List<String> problems = new ArrayList<>();
        private Options o;
        private Path snapshot;
        private Manifest m;
        private String project;
        private RestoreCompose compose;
        private ServerGuard guard;
        private long load0;
        private long loadMillis;
        private boolean healthy;

        private Run(Manifest shape, Options o, String prefix, Supplier<Path> snapshot) {
            this.shape = shape;
            this.o = o;
            this.prefix = prefix;
            this.snapshotFolder = snapshot;
            this.data = new RestoreData(shell, docker);
            this.project = o.project(shape.application());
        }

        public Result result() {
            return new Result(
                    project, List.copyOf(problems), loadMillis, (System.nanoTime() - t0) / 1_000_000, healthy);
        }

        /** What does not match the manifest so far. */
        public List<String> problems() {
            return List.copyOf(problems);
        }

        /** The project the restore made (a drill's copy: its own). */
        String project() {
            return project;
        }

        /** How compose runs for this restore (after its preflight). */
        RestoreCompose compose() {
            return compose;
        }

        /** A drill's compose file written again from its copy's files (an upgrade's rehearsal edited them). */
        String writeDrillFileAgain() throws EngineException {
            compose.writeDrillFile(shell, docker, snapshot, m, o.drill(), maintenance, this::exists);
            CommandSpec cat = CommandSpec.script(
                            "cat \"$1\"", List.of(compose.files().get(0)), false)
                    .asRoot();
            return shell.capture(cat).orThrow(cat).stdout();
        }

        /** After an upgrade of the copy: what the snapshot holds still there, with its counts (empty: all there). */
        List<String> compareUpgraded() throws EngineException {
            return data.compareCounts(m, project, true);
        }

        public List<Step> steps() {
            List<Step> s = new ArrayList<>();
            boolean inPlace = o.inPlace();
            s.add(step("preflight", "Check the target and take the application's lock there", this::preflight)
                    .commands(List.of("Docker, compose and rsync there, root, the snapshot's images"
                            + (inPlace
                                    ? ", no other application where it goes, its ports free, "
                                            + (o.overwrite()
                                                    ? "project " + project + " may be replaced (--overwrite)"
                                                    : "no project " + project + " there yet")
                                    : "; a scratch copy as project " + project + " under "
                                            + o.drill().root()))));
            if (inPlace) {
                s.add(step("stop", "Stop what runs of " + project, ctx -> {
                            int n = stopProject(project, ctx::log);
                            return Step.Done.ok(n + " stopped");
                        })
                        .opensWindow());
            }
            List<String> emptied = new ArrayList<>();
            for (Manifest.ComponentEntry c : shape.components()) {
                if ("dumped".equals(c.saved())) {
                    emptied.add(o.at(c.path())
                            + (inPlace
                                    ? " (the old one kept as " + c.path() + ASIDE + " until the restore passed)"
                                    : ""));
                }
            }
            s.add(step("empty", "Empty the database folders", this::empty).commands(emptied));
            s.add(step("files", "Put the files back", this::files)
                    .commands(copiedRoots(shape).stream()
                            .map(r -> "rsync " + r + " -> " + o.at(r) + " (owners, modes, ACLs, xattrs; --delete)")
                            .toList()));
            if (!inPlace) {
                s.add(step("check-files", "Compare the files with the snapshot, by checksum", this::checkFiles));
                s.add(step("compose", "Write the drill's compose file", ctx -> {
                    compose.writeDrillFile(shell, docker, snapshot, m, o.drill(), maintenance, this::exists);
                    return Step.Done.ok(compose.files().get(0));
                }));
            }
            if (o.siteUrl() != null) {
                s.add(step("site-url", "Set the new site URL", ctx -> {
                            int n = data.setSiteUrl(m, o, maintenance, ctx);
                            return Step.Done.ok(n + " settings changed to " + o.siteUrl());
                        })
                        .commands(maintenance.siteUrl().stream()
                                .map(x -> x.key() + " in " + x.file() + " -> " + siteValue(x, o.siteUrl()))
                                .toList()));
            }
            s.add(step("create", "Create the containers and volumes", this::create)
                    .commands(List.of("compose up --no-start")));
            Set<String> dbServices = RestoreData.serversToStartFirst(shape);
            if (!dbServices.isEmpty()) {
                s.add(step("databases", "Start the databases", ctx -> {
                            List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps"));
                            args.addAll(dbServices);
                            compose.run(shell, docker, args, ctx::log, ctx.cancel());
                            for (String svc : dbServices) {
                                data.waitReady(project, svc, m, ctx);
                            }
                            return Step.Done.ok(String.join(", ", dbServices) + " ready");
                        })
                        .commands(List.of("compose up -d --no-deps " + String.join(" ", dbServices))));
            }
            if (!shape.dumps().isEmpty()) {
                s.add(step("load", "Load the dumps", ctx -> {
                            data.loadDumps(snapshot, m, project, ctx);
                            return Step.Done.ok(m.dumps().size() + " dumps loaded");
                        })
                        .commands(shape.dumps().stream()
                                .map(d -> "load dumps/" + d.file() + " into " + d.service() + " (" + d.engine() + ")")
                                .toList()));
            }
            s.add(step("start", "Start the application", this::startInOrder)
                    .commands(List.of("docker start, in the stack's start order")));
            for (Maintenance.Hook h : maintenance.afterRestore()) {
                s.add(step(
                                "hook:" + h.service(),
                                h.why().isEmpty() ? "After restore in " + h.service() : h.why(),
                                ctx -> afterRestore(ctx, h))
                        .commands(List.of("in " + h.service() + ": " + String.join(" ", h.run()))));
            }
            Step health = step("health", maintenance.healthCheck().describe(), this::health);
            s.add(inPlace ? health.closesWindow() : health);
            s.add(step(
                    "compare",
                    "Compare what the databases hold with the manifest" + (inPlace ? "" : "; files by checksum"),
                    this::compare));
            if (inPlace) {
                s.add(step("cleanup", "Remove the database folders kept aside", this::cleanup));
            }
            return s;
        }

        private Step step(String id, String title, Step.Action action) {
            return Step.of(prefix + id, title, action);
        }

        private Step.Done preflight(StepContext ctx) throws EngineException {
            snapshot = snapshotFolder.get();
            m = SnapshotStore.readManifest(snapshot);
            Manifest.Application app = m.application();
            if (app == null || app.composeProject() == null || app.composeWorkingDir() == null) {
                throw new PreflightException("This snapshot does not say how its application was started (no compose"
                        + " project in its manifest): Lifeboat cannot restore it.");
            }
            project = o.project(app);
            // One run at a time per application on a server: a backup or another restore of it waits its turn. The
            // guard's folder and lock are the backup's; a restore records no stops, so a guard whose deadline passes
            // (Lifeboat died) starts nothing and only frees the lock.
            guard = ServerGuard.forProject(shell, project);
            lock(ctx, (o.inPlace() ? "restore of " : "drill of ") + m.id());
            ctx.keepAlive(guard);
            String marker = MARKERS + "/" + project;
            if (o.inPlace() && !o.overwrite()) {
                String was = shell.capture(CommandSpec.script("cat \"$1\" 2>/dev/null", List.of(marker), false)
                                .asRoot())
                        .stdout()
                        .strip();
                if (was.equals(m.id())) {
                    ctx.log("an earlier restore of " + m.id() + " here did not finish: finishing it");
                    o = new Options(true, o.siteUrl(), null);
                }
            }
            RestoreTarget target = target(ctx::log);
            Target t = target.check(app, o, () -> removeDrill(o.drill()));
            compose = RestoreCompose.of(snapshot, m, o, maintenance, this::exists, shell.describe());
            if (t.installed() != null && o.inPlace()) {
                target.checkVersion(app, t.installed());
            }
            target.checkSpace(m, o, t.existing().isEmpty());
            if (o.inPlace()) {
                CommandSpec mark = CommandSpec.script(
                                "mkdir -p \"$(dirname \"$1\")\" && printf '%s\\n' \"$2\" > \"$1\"",
                                List.of(marker, m.id()), true)
                        .asRoot();
                shell.capture(mark).orThrow(mark);
            }
            load0 = System.nanoTime();
            return Step.Done.ok("ready on " + shell.describe());
        }

        /**
         * Takes the application's lock on the target. A run that holds it and has gone silent (Lifeboat was killed,
         * the laptop closed) frees it within the guard's deadline, so a restore run again at once waits that long
         * before it gives up: the rerun that finishes a cut restore just works.
         */
        private void lock(StepContext ctx, String what) throws EngineException {
            long giveUp = System.nanoTime() + (ServerGuard.DEADLINE_SECONDS + 10) * 1_000_000_000L;
            String owner = ServerGuard.owner(what, Instant.now());
            boolean said = false;
            while (true) {
                try {
                    String took = guard.arm(owner);
                    if (!took.isEmpty()) {
                        ctx.warn(took);
                    }
                    return;
                } catch (ServerLockedException e) {
                    if (System.nanoTime() > giveUp) {
                        throw new PreflightException(e.getMessage(), e);
                    }
                    if (!said) {
                        ctx.log(e.getMessage() + " Waiting for it.");
                        said = true;
                    }
                    if (ctx.cancel().isCancelled()) {
                        throw new CancelledException("Cancelled while waiting for the lock.");
                    }
                }
            }
        }

        private Step.Done empty(StepContext ctx) throws EngineException {
            if (!o.inPlace()) {
                CommandSpec mk = CommandSpec.script(
                                "mkdir -p \"$1\" && chmod 0711 \"$(dirname \"$1\")\" \"$1\"",
                                List.of(o.drill().root()),
                                true)
                        .asRoot();
                shell.capture(mk).orThrow(mk);
            }
            int n = data.emptyDatabaseFolders(m, o);
            return Step.Done.ok(n == 0 ? "none there yet" : n + " emptied (the old ones kept aside)");
        }

        private Step.Done files(StepContext ctx) throws EngineException {
            long total = m.transfer() == null ? 0 : m.transfer().totalBytes();
            FileTransfer.Result r = transfer.pushTrees(
                    snapshot.resolve("files"),
                    copiedRoots(m),
                    excludes(m),
                    o.inPlace() ? "/" : o.drill().root(),
                    true,
                    null,
                    p -> ctx.bytes(p.bytes(), total),
                    ctx.cancel());
            if (total > 0) {
                ctx.bytes(total, total);
            }
            return Step.Done.ok(BackupWorkflow.human(r.bytes()) + " in " + r.files() + " files");
        }

        private Step.Done checkFiles(StepContext ctx) throws EngineException {
            List<String> diff = new ArrayList<>();
            transfer.pushTrees(
                    snapshot.resolve("files"),
                    copiedRoots(m),
                    excludes(m),
                    o.drill().root(),
                    true,
                    diff::add,
                    p -> {},
                    ctx.cancel());
            diff.stream().limit(20).forEach(d -> problems.add("file differs after the restore: " + d));
            return diff.isEmpty() ? Step.Done.ok("every file equal") : Step.Done.failed(diff.size() + " differ");
        }

        /**
         * Compose makes the volumes and containers; Docker fills a new named volume from its image and gives its top
         * folder the image's owner: a second copy of what lives in volumes puts the snapshot's back.
         */
        private Step.Done create(StepContext ctx) throws EngineException {
            compose.run(shell, docker, List.of("up", "--no-start"), ctx::log, ctx.cancel());
            List<String> inVolumes = copiedRoots(m).stream()
                    .filter(r -> r.startsWith("/var/lib/docker/volumes/"))
                    .toList();
            if (o.inPlace() && !inVolumes.isEmpty()) {
                transfer.pushTrees(
                        snapshot.resolve("files"), inVolumes, excludes(m), "/", true, null, p -> {}, ctx.cancel());
            }
            return Step.Done.ok(docker.project(project).size() + " containers");
        }

        /**
         * In the stack's start order, as a backup starts them: the databases take connections already, so nothing
         * waits for compose's health conditions.
         */
        private Step.Done startInOrder(StepContext ctx) throws EngineException {
            loadMillis = (System.nanoTime() - load0) / 1_000_000;
            List<ContainerState> toStart = new ArrayList<>(
                    docker.project(project).stream().filter(c -> !c.running()).toList());
            List<String> order = maintenance.startOrder();
            toStart.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)));
            for (ContainerState c : toStart) {
                ctx.log("starting " + c.label());
                RemoteShell.Captured r = shell.capture(docker.start(List.of(c.id())));
                if (!r.ok()) {
                    throw new EngineException(
                            "Could not start " + c.label() + ": " + r.stderr().strip()
                                    + (r.stderr().contains("port is already allocated")
                                            ? " A port it publishes is taken on " + shell.describe()
                                                    + ": stop what holds it, then run the restore again."
                                            : ""));
                }
            }
            return Step.Done.ok(toStart.size() + " started");
        }

        private Step.Done afterRestore(StepContext ctx, Maintenance.Hook h) throws EngineException {
            ContainerState c = RestoreData.container(docker.project(project), h.service());
            if (c == null) {
                return Step.Done.skipped("no " + h.service() + " here");
            }
            CommandResult r = shell.run(docker.exec(c, h.run(), true), null, ctx.lines(), ctx.cancel());
            if (!r.ok()) {
                problems.add("'" + String.join(" ", h.run()) + "' failed in " + h.service() + " (status "
                        + r.exitStatus() + ")");
                return Step.Done.failed("exit status " + r.exitStatus());
            }
            return Step.Done.ok();
        }

        private Step.Done health(StepContext ctx) throws EngineException {
            List<ContainerState> containers = docker.project(project);
            String unhealthy = new HealthChecker(docker)
                    .await(
                            maintenance.healthCheck(),
                            containers.stream().map(ContainerState::id).toList(),
                            containers,
                            ctx::log,
                            ctx.cancel());
            healthy = unhealthy == null;
            return healthy ? Step.Done.ok("up") : Step.Done.failed(unhealthy);
        }

        private Step.Done compare(StepContext ctx) throws EngineException {
            List<String> differ = data.compareCounts(m, project);
            problems.addAll(differ);
            rebuildHints(m).forEach(ctx::warn);
            return differ.isEmpty() ? Step.Done.ok("every count equal") : Step.Done.failed(differ.size() + " differ");
        }

        private Step.Done cleanup(StepContext ctx) throws EngineException {
            if (!problems.isEmpty() || !healthy) {
                return Step.Done.skipped("the restore did not pass: the old database folders stay aside");
            }
            data.removeAside(m);
            shell.capture(CommandSpec.script("rm -f \"$1\"", List.of(MARKERS + "/" + project), true)
                    .asRoot());
            return Step.Done.ok();
        }

        private boolean exists(String path) throws EngineException {
            return shell.capture(CommandSpec.script("test -e \"$1\"", List.of(path), false)
                            .asRoot())
                    .ok();
        }
    }

    // ------------------------------------------------------------------------------------------ small things

    /**
     * What the admin rebuilds after a restore: every rebuildable component the snapshot does not hold, with the way
     * detection named (a search index, a derived store); a search index of an older snapshot without one is said too.
     */
    static List<String> rebuildHints(Manifest m) {
        List<String> out = new ArrayList<>();
        for (Manifest.ComponentEntry c : m.components()) {
            if (!"skipped".equals(c.saved()) || !"rebuildable".equals(c.componentClass())) {
                continue;
            }
            if (c.rebuild() != null && !c.rebuild().isBlank()) {
                out.add("Rebuild " + c.path() + " now that the application runs (it is not in the snapshot): "
                        + c.rebuild() + ".");
            } else if (List.of("elasticsearch", "opensearch", "search", "solr").contains(c.kind())) {
                out.add("The search index " + c.path() + " is not in the snapshot (rebuildable): have the application"
                        + " rebuild it (" + (c.note() == null ? "re-index" : c.note()) + ").");
            }
        }
        return out;
    }

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

    static String siteValue(Maintenance.SiteSetting s, String url) {
        String u = url.replaceAll("/+$", "");
        return switch (s.value()) {
            case "host" -> u.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
            case "url-path" -> u + s.suffix();
            default -> u;
        };
    }

    /** Where a container's service is in a start order; services not named come last. */
    static int rank(List<String> order, ContainerState c) {
        int i = order.indexOf(c.service());
        return i < 0 ? order.size() : i;
    }

    /** For tests: the ports of a target's answer that are taken. */
    static List<String> takenPorts(String answer, List<String> wanted, Set<String> own, Set<String> ownIds) {
        return RestoreTarget.takenPorts(answer, wanted, own, ownIds);
    }
}
