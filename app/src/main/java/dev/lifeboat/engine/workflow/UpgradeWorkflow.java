package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.FileEdit;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.UpgradeRecord;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An upgrade (issue 20, ADR 0014), run as two lists of steps, each by the one {@link Runner}:
 *
 * <ol>
 *   <li>the rehearsal: pull → the backup's steps (a fresh snapshot) → the restore's steps into a throw-away copy
 *       ({@code rehearsal:}) → the new version written into the copy's files, its compose file written again from
 *       them, the copy started, its health (migrations included) and counts checked → the copy removed. A failure
 *       here removes the copy and stops: the live site was only stopped for the snapshot;
 *   <li>the live part ({@code live:}): the backup's steps again with the site left stopped (the way back loses nothing
 *       written since the first snapshot) → the server's guard armed on what is stopped → the new version written
 *       where the vendor keeps it → built where a service is built on it → the application made again from the
 *       pulled images → its health checked (the window closes) → its counts compared → the guard freed.
 * </ol>
 *
 * A failure or a cancel of the live part after the version was written rolls back by itself, as the version step's
 * undo: the previous files put back, then the live snapshot restored in place ({@code rollback:}), the site started as
 * it was. {@link #rollback} does the same by hand later, from the {@link UpgradeRecord} kept beside the live snapshot.
 */
public final class UpgradeWorkflow {
    /** Where the rehearsal's steps put their ids. */
    public static final String REHEARSAL = "rehearsal:";
    /** Where the live part's steps put their ids. */
    public static final String LIVE = "live:";
    /** Where the way back's steps put their ids. */
    public static final String ROLLBACK = "rollback:";

    private final RemoteShell shell;
    private final Docker docker;
    private final FileTransfer transfer;
    private final SnapshotStore store;
    private final Manifest.Server server;
    private final List<Stack> stacks;
    private final ProgressListener listener;

    public UpgradeWorkflow(
            RemoteShell shell,
            FileTransfer transfer,
            SnapshotStore store,
            Manifest.Server server,
            List<Stack> stacks,
            ProgressListener listener) {
        this.shell = shell;
        this.docker = shell == null ? null : new Docker(shell);
        this.transfer = transfer;
        this.store = store;
        this.server = server;
        this.stacks = stacks;
        this.listener = listener;
    }

    /**
     * A finished upgrade.
     *
     * @param from the version before
     * @param to the version now
     * @param snapshot the fresh snapshot the rehearsal restored
     * @param liveSnapshot the snapshot taken with the site stopped, the way back ({@code upgrade --rollback})
     * @param rehearsalMillis the rehearsal on the copy
     * @param downtimeMillis the live part's window: from the stop to the new version's passing health check
     */
    public record Result(
            String from, String to, Path snapshot, Path liveSnapshot, long rehearsalMillis, long downtimeMillis) {}

    /** The rehearsal failed: the copy was removed, the live site was not upgraded. */
    public static final class RehearsalFailedException extends EngineException {
        public RehearsalFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The live part failed and the site was put back as it was (or the way back failed too: said in the message). */
    public static final class RolledBackException extends EngineException {
        private final boolean rolledBack;

        public RolledBackException(String message, boolean rolledBack, Throwable cause) {
            super(message, cause);
            this.rolledBack = rolledBack;
        }

        /** Whether the site runs the previous version again with the live snapshot's data. */
        public boolean rolledBack() {
            return rolledBack;
        }
    }

    /** The rehearsal's throw-away copy of a compose project: beside a drill's, removed as a drill's is. */
    public static RestoreWorkflow.Relocation copy(String project) {
        String p = ("lifeboat-upgrade-" + project).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return new RestoreWorkflow.Relocation(p, "/var/tmp/lifeboat-drill/" + p);
    }

    /** The steps of the upgrade this plan describes, in order; nothing runs. */
    public static List<PlannedStep> describe(UpgradePlan plan) {
        UpgradeWorkflow w = new UpgradeWorkflow(null, null, null, null, List.of(), ProgressListener.NONE);
        Run r = w.new Run(plan);
        List<Step> all = new ArrayList<>(r.rehearsal());
        all.addAll(r.live());
        return PlannedStep.of(all);
    }

    /** The steps that put the site back after a failed live part; nothing runs. */
    public static List<PlannedStep> describeRollback(UpgradePlan plan) {
        UpgradeWorkflow w = new UpgradeWorkflow(null, null, null, null, List.of(), ProgressListener.NONE);
        List<Step> s = new ArrayList<>();
        s.add(w.filesBackStep(
                plan.current(),
                plan.change().edits().stream()
                        .map(e -> new UpgradeRecord.FileBefore(e.path(), e.before()))
                        .toList()));
        s.addAll(w.restoreBack(plan.maintenance(), BackupManifest.planned(plan.backup()), () -> null)
                .steps());
        return PlannedStep.of(s);
    }

    /**
     * Upgrades: the rehearsal, then the live part. Throws {@link RehearsalFailedException} when the copy failed (the
     * live site untouched), {@link RolledBackException} when the live part failed or was cancelled after the version
     * was written (the site put back), or what failed before that (the site started again by the backup's undo).
     */
    public Result run(UpgradePlan plan, CancelToken cancel) throws EngineException {
        Run run = new Run(plan);
        long t0 = System.nanoTime();
        try {
            new Runner(listener).run(run.rehearsal(), cancel);
        } catch (dev.lifeboat.engine.CancelledException e) {
            throw e;
        } catch (EngineException | RuntimeException e) {
            if (run.backup.result().manifest() == null) {
                // Before the rehearsal began: a pull that failed, the snapshot that failed (its own undo started the
                // site again). Said as they are: there is no copy and no rehearsal to speak of.
                throw e;
            }
            throw new RehearsalFailedException(
                    "The rehearsal of " + plan.target() + " on a copy failed: " + e.getMessage() + " The copy was"
                            + " removed and " + plan.stack().displayName() + " still runs " + plan.current()
                            + " (stopped only for the snapshot "
                            + (run.backup.result().snapshot() == null
                                    ? ""
                                    : run.backup.result().snapshot().getFileName())
                            + "). The rehearsal's log is in the snapshot folder (run.log).",
                    e);
        }
        long rehearsal = (System.nanoTime() - t0) / 1_000_000;
        Runner.Result live;
        try {
            live = new Runner(listener).run(run.live(), cancel);
        } catch (EngineException | RuntimeException e) {
            if (run.rollbackTried) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new RolledBackException(
                        run.rollbackProblem == null
                                ? "The upgrade to " + plan.target() + " failed on the live site (" + why + "). Lifeboat"
                                        + " rolled back: " + plan.stack().displayName() + " runs " + plan.current()
                                        + " again with the data of the snapshot "
                                        + run.liveBackup.result().snapshot().getFileName() + "."
                                : "The upgrade to " + plan.target() + " failed on the live site (" + why + "), and so"
                                        + " did the way back: " + run.rollbackProblem + " Run 'lifeboat upgrade"
                                        + " --rollback' to try it again.",
                        run.rollbackProblem == null,
                        e);
            }
            throw e;
        }
        return new Result(
                plan.current(),
                plan.target(),
                run.backup.result().snapshot(),
                run.liveBackup.result().snapshot(),
                rehearsal,
                live.window().millis());
    }

    /**
     * The way back by hand ({@code upgrade --rollback}): the files the upgrade wrote put back as they were, then the
     * live snapshot restored in place, the site started with its previous version and checked.
     */
    public RestoreWorkflow.Result rollback(Path liveSnapshot, UpgradeRecord record, Maintenance m, CancelToken cancel)
            throws EngineException {
        Manifest manifest = SnapshotStore.requireComplete(liveSnapshot).manifest();
        RestoreWorkflow.Run restore = restoreBack(m, manifest, () -> liveSnapshot);
        List<Step> s = new ArrayList<>();
        s.add(filesBackStep(record.from(), record.files()));
        s.addAll(restore.steps());
        new Runner(listener).run(s, cancel);
        RestoreWorkflow.Result r = restore.result();
        if (r.ok()) {
            record.withOutcome("rolled back").write(liveSnapshot);
        }
        return r;
    }

    private RestoreWorkflow.Run restoreBack(Maintenance m, Manifest shape, java.util.function.Supplier<Path> snap) {
        return new RestoreWorkflow(shell, transfer, m, stacks, listener)
                .start(shape, RestoreWorkflow.Options.inPlace(true), ROLLBACK, snap);
    }

    private Step filesBackStep(String version, List<UpgradeRecord.FileBefore> files) {
        List<String> back = new ArrayList<>();
        for (UpgradeRecord.FileBefore f : files) {
            back.add(f.before() == null ? "remove " + f.path() : "write " + f.path() + " as it was");
        }
        return Step.of(ROLLBACK + "version", "Put back the files of " + version, ctx -> {
                    for (UpgradeRecord.FileBefore f : files) {
                        if (f.before() == null) {
                            remove(f.path());
                        } else {
                            write(f.path(), f.before());
                        }
                        ctx.log("put back " + f.path());
                    }
                    return Step.Done.ok(files.size() + " files as they were");
                })
                .commands(back);
    }

    /** One upgrade: the state its steps share. */
    private final class Run {
        private final UpgradePlan p;
        private final BackupWorkflow.Run backup;
        private final RestoreWorkflow.Run copy;
        private final BackupWorkflow.Run liveBackup;
        private final RestoreWorkflow.Options beside;
        private ServerGuard guard;
        private UpgradeRecord record;
        private boolean rollbackTried;
        private String rollbackProblem;

        Run(UpgradePlan p) {
            this.p = p;
            this.backup =
                    new BackupWorkflow(shell, transfer, store, server, Retention.DEFAULT, listener).start(p.backup());
            this.beside = new RestoreWorkflow.Options(false, null, p.copy());
            this.copy = new RestoreWorkflow(shell, transfer, p.maintenance(), stacks, listener)
                    .start(BackupManifest.planned(p.backup()), beside, REHEARSAL, () -> backup.result()
                            .snapshot());
            this.liveBackup = new BackupWorkflow(shell, transfer, store, server, Retention.DEFAULT, listener)
                    .leaveStoppedGuarded("Leave the application stopped (it starts with " + p.target() + "); the"
                            + " server's guard stays armed")
                    .start(p.backup());
        }

        /** Pull, the fresh snapshot, the rehearsal on a copy. */
        List<Step> rehearsal() {
            String target = p.target();
            List<Step> s = new ArrayList<>();
            s.add(Step.of(
                            "pull",
                            "Pull the new images while the site runs (a version that does not exist stops here)",
                            this::pull)
                    .commands(p.change().pulls().stream()
                            .map(i -> "docker pull " + i)
                            .toList()));
            s.addAll(backup.steps());
            List<Step> restore = copy.steps();
            for (int i = 0; i < restore.size(); i++) {
                Step r = restore.get(i);
                // The copy goes whatever happens after its first step began.
                s.add(i == 0 ? r.undo(ctx -> removeCopy(ctx)) : r);
            }
            s.add(Step.of(REHEARSAL + "version", "Write " + target + " into the copy's files", this::copyVersion)
                    .commands(writes(p.change().edits(), beside)));
            for (String service : p.change().builds()) {
                s.add(Step.of(
                                REHEARSAL + "build:" + service,
                                "Build " + service + " of the copy on the new image",
                                ctx -> {
                                    copy.compose()
                                            .run(shell, docker, List.of("build", service), ctx::log, ctx.cancel());
                                    return Step.Done.ok();
                                })
                        .commands(List.of("docker compose -p " + p.copy().project() + " build " + service)));
            }
            s.add(Step.of(
                            REHEARSAL + "upgrade",
                            "Start the copy with " + target + " (its containers made again from the new images; "
                                    + "the application migrates its data as it starts)",
                            ctx -> {
                                copy.compose().run(shell, docker, upArgs(copy.project()), ctx::log, ctx.cancel());
                                return Step.Done.ok();
                            })
                    .commands(
                            List.of("docker compose -p " + p.copy().project() + " up -d   (the copy's compose file)")));
            s.add(Step.of(
                            REHEARSAL + "upgraded-health",
                            "Wait until the copy is up with " + target + ", its migrations included",
                            ctx -> {
                                String bad = awaitHealth(copy.project(), ctx);
                                if (bad != null) {
                                    throw new EngineException("the copy did not come up with " + target + ": " + bad
                                            + "." + lastLogs(copy.project(), ctx));
                                }
                                return Step.Done.ok("up with " + target);
                            })
                    .commands(List.of(waited(p).describe())));
            s.add(Step.of(
                    REHEARSAL + "upgraded-compare",
                    "Compare what the copy's databases hold after the upgrade with the snapshot's counts",
                    ctx -> {
                        List<String> differ = copy.compareUpgraded();
                        if (!differ.isEmpty()) {
                            throw new EngineException("after the upgrade the copy's databases do not hold what the"
                                    + " snapshot holds: " + String.join("; ", differ) + ".");
                        }
                        return Step.Done.ok("every count equal");
                    }));
            s.add(Step.of(
                            REHEARSAL + "remove",
                            "Remove the copy: its containers, volumes, networks and folder",
                            this::removeCopy)
                    .commands(List.of("compose project " + p.copy().project() + ", "
                            + p.copy().root())));
            return s;
        }

        /** The last snapshot with the site left stopped, then the new version. */
        List<Step> live() {
            String target = p.target();
            List<Step> s = new ArrayList<>();
            for (Step b : liveBackup.steps()) {
                s.add(prefixed(LIVE, b));
            }
            s.add(Step.of(
                            LIVE + "guard",
                            "Keep the server's guard on what is stopped (a cut connection starts it again); record the"
                                    + " way back",
                            this::armGuard)
                    .undo(ctx -> freeGuard(ctx)));
            s.add(Step.of(LIVE + "version", "Write " + target + " where the version is kept", this::liveVersion)
                    .commands(writes(p.change().edits(), RestoreWorkflow.Options.inPlace(false)))
                    .undo(this::rollBack));
            for (String service : p.change().builds()) {
                s.add(Step.of(LIVE + "build:" + service, "Build " + service + " on the new image", ctx -> {
                            liveCompose().run(shell, docker, List.of("build", service), ctx::log, ctx.cancel());
                            return Step.Done.ok();
                        })
                        .commands(List.of(p.compose() + " build " + service)));
            }
            s.add(Step.of(
                            LIVE + "start",
                            "Start " + target + " (the containers made again from the pulled images; the application"
                                    + " migrates its data as it starts)",
                            ctx -> {
                                liveCompose()
                                        .run(shell, docker, upArgs(p.backup().project()), ctx::log, ctx.cancel());
                                return Step.Done.ok();
                            })
                    .commands(List.of(p.compose() + " up -d")));
            s.add(Step.of(
                            LIVE + "health",
                            "Wait until " + target + " is up, its migrations included (else back to " + p.current()
                                    + ")",
                            ctx -> {
                                String bad = awaitHealth(p.backup().project(), ctx);
                                if (bad != null) {
                                    throw new EngineException(
                                            p.stack().displayName() + " did not come up with " + target + ": " + bad
                                                    + "." + lastLogs(p.backup().project(), ctx));
                                }
                                return Step.Done.ok("up with " + target);
                            })
                    .commands(List.of(waited(p).describe()))
                    .closesWindow());
            s.add(Step.of(
                    LIVE + "compare",
                    "Compare what the databases hold after the upgrade with the snapshot's counts",
                    ctx -> {
                        List<String> differ = new RestoreData(shell, docker)
                                .compareCounts(
                                        liveBackup.result().manifest(),
                                        p.backup().project(),
                                        true);
                        if (!differ.isEmpty()) {
                            throw new EngineException("after the upgrade the databases do not hold what the snapshot"
                                    + " holds: " + String.join("; ", differ));
                        }
                        return Step.Done.ok("every count equal");
                    }));
            s.add(Step.of(LIVE + "done", "Free the server's guard and record the upgrade", ctx -> {
                freeGuard(ctx);
                record.withOutcome("upgraded").write(liveBackup.result().snapshot());
                return Step.Done.ok(p.stack().displayName() + " runs " + target);
            }));
            return s;
        }

        private Step.Done pull(StepContext ctx) throws EngineException {
            int pulled = 0;
            for (String image : p.change().pulls()) {
                ctx.checkCancel();
                CommandSpec has = docker.read("image", "inspect", "--format", "{{.Id}}", image);
                if (shell.capture(has).ok()) {
                    ctx.log(image + " is on the server already");
                    continue;
                }
                ctx.log("pulling " + image);
                CommandSpec pull = docker.write(Duration.ofMinutes(60), "pull", image);
                OutputSink.Captured out = OutputSink.capture(64 * 1024);
                var r = shell.run(pull, null, out, ctx.cancel());
                if (!r.ok()) {
                    throw new PreflightException("The image " + image + " could not be pulled on " + shell.describe()
                            + ": " + BackupWorkflow.lastLines(out.stderrText().strip()) + " Check that "
                            + p.target() + " exists (and that the server can reach its registry); nothing was"
                            + " changed.");
                }
                pulled++;
            }
            return Step.Done.ok(pulled == 0 ? "every image there already" : pulled + " pulled");
        }

        private Step.Done copyVersion(StepContext ctx) throws EngineException {
            RestoreWorkflow.Result restored = copy.result();
            if (!restored.ok()) {
                throw new EngineException("the snapshot did not restore cleanly into the copy, before any upgrade: "
                        + String.join("; ", restored.problems())
                        + (restored.healthy() ? "" : " (the copy was not healthy)") + ".");
            }
            int written = 0;
            for (FileEdit e : p.change().edits()) {
                String at = beside.at(e.path());
                if (exists(at)) {
                    write(at, e.after());
                    ctx.log("wrote " + at);
                    written++;
                }
            }
            String yaml = copy.writeDrillFileAgain();
            List<String> missing =
                    p.change().pulls().stream().filter(i -> !yaml.contains(i)).toList();
            if (!missing.isEmpty()) {
                throw new EngineException("the copy's compose file does not name " + String.join(", ", missing)
                        + " after the version was written: Lifeboat cannot apply this upgrade to this installation"
                        + " (its files are not where the version is kept, or not in the snapshot).");
            }
            return Step.Done.ok(written + " files written; the copy's compose file names " + p.target());
        }

        private Step.Done removeCopy(StepContext ctx) throws EngineException {
            List<String> left = new RestoreWorkflow(shell, null, p.maintenance(), stacks, ProgressListener.NONE)
                    .removeDrill(p.copy());
            if (!left.isEmpty()) {
                ctx.warn("The rehearsal's copy was not removed entirely: " + String.join("; ", left));
                return Step.Done.failed(String.join("; ", left));
            }
            return Step.Done.ok("removed");
        }

        /**
         * The live backup kept its guard armed with what it stopped (a run that dies from its stop on leaves the site
         * to it); the upgrade takes it over until the new version is up, and records the way back.
         */
        private Step.Done armGuard(StepContext ctx) throws EngineException {
            guard = liveBackup.guard();
            ctx.checkGuards();
            List<UpgradeRecord.FileBefore> files = p.change().edits().stream()
                    .map(e -> new UpgradeRecord.FileBefore(e.path(), e.before()))
                    .toList();
            record = new UpgradeRecord(
                    Instant.now().toString(),
                    p.current(),
                    p.target(),
                    p.backup().project(),
                    files,
                    "running");
            record.write(liveBackup.result().snapshot());
            return Step.Done.ok(liveBackup.leftStopped().size() + " stopped containers guarded on " + shell.describe()
                    + "; the way back recorded");
        }

        private void freeGuard(StepContext ctx) throws EngineException {
            if (guard != null && guard.holding()) {
                guard.disarm();
                ctx.release(guard);
            }
        }

        private Step.Done liveVersion(StepContext ctx) throws EngineException {
            for (FileEdit e : p.change().edits()) {
                write(e.path(), e.after());
                ctx.log("wrote " + e.path() + ": " + String.join("; ", e.changes()));
            }
            return Step.Done.ok(p.change().edits().size() + " files written");
        }

        /** The version step's undo: the previous files, then the live snapshot in place; the site as it was. */
        private void rollBack(StepContext ctx) {
            rollbackTried = true;
            ctx.warn("The live upgrade to " + p.target() + " failed: going back to " + p.current()
                    + " with the snapshot " + liveBackup.result().snapshot().getFileName() + ".");
            try {
                freeGuard(ctx);
                rollback(liveBackup.result().snapshot(), record, p.maintenance(), CancelToken.NONE);
                ctx.window().close(true);
            } catch (EngineException | RuntimeException e) {
                rollbackProblem = e.getMessage();
                ctx.warn("The way back failed: " + e.getMessage());
            }
        }

        private RestoreCompose liveCompose() throws EngineException {
            return RestoreCompose.of(
                    liveBackup.result().snapshot(),
                    liveBackup.result().manifest(),
                    RestoreWorkflow.Options.inPlace(true),
                    p.maintenance(),
                    UpgradeWorkflow.this::exists,
                    shell.describe());
        }

        /**
         * The last lines of every container of the project that is not running, into the step's log (the copy is
         * removed afterwards, its logs with it); the last few of the first one for the message.
         */
        private String lastLogs(String project, StepContext ctx) {
            String said = "";
            try {
                List<ContainerState> all = docker.project(project);
                java.util.function.UnaryOperator<String> mask = Secrets.masker(all);
                for (ContainerState c : all) {
                    if (c.running()) {
                        continue;
                    }
                    RemoteShell.Captured r = shell.capture(docker.read("logs", "--tail", "20", c.id()));
                    List<String> lines = (r.stdout() + r.stderr())
                            .lines()
                            .filter(l -> !l.isBlank())
                            .map(mask)
                            .toList();
                    ctx.log("the last lines of " + c.label() + " (" + c.status() + "):");
                    lines.forEach(l -> ctx.log("  " + l));
                    if (said.isEmpty() && !lines.isEmpty()) {
                        said = " Its last words (" + c.label() + "): "
                                + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
                    }
                }
            } catch (EngineException | RuntimeException e) {
                ctx.log("could not read the containers' logs: " + e.getMessage());
            }
            return said;
        }

        /**
         * {@code up -d --no-deps} of the services the new version concerns: those that run one of the upgraded
         * images, those the snapshot left stopped, and any that is not running. The databases and the rest are
         * neither made again nor restarted (an image of theirs that changed under its tag stays for another day).
         */
        private List<String> upArgs(String project) throws EngineException {
            java.util.Set<String> repos = new java.util.HashSet<>();
            for (String i : p.change().pulls()) {
                repos.add(repo(i));
            }
            java.util.Set<String> stopped = new java.util.HashSet<>();
            liveBackup.leftStopped().forEach(c -> stopped.add(c.service()));
            java.util.Set<String> services = new java.util.TreeSet<>();
            for (ContainerState c : docker.project(project)) {
                if (repos.contains(repo(c.image())) || stopped.contains(c.service()) || !c.running()) {
                    services.add(c.service());
                }
            }
            List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps"));
            args.addAll(services);
            return services.isEmpty() ? List.of("up", "-d") : args;
        }

        private String awaitHealth(String project, StepContext ctx) throws EngineException {
            List<ContainerState> now = docker.project(project);
            return new HealthChecker(docker)
                    .await(
                            waited(p),
                            // All of them: compose started each; one that already exited (a failed migration) is
                            // started once more, and failing again is said at once, not at the deadline.
                            now.stream().map(ContainerState::id).toList(),
                            now,
                            ctx::log,
                            ctx.cancel());
        }
    }

    /** An image reference without its tag or digest: {@code registry:5000/a/b:1.2} gives {@code registry:5000/a/b}. */
    static String repo(String image) {
        String i = image;
        int at = i.indexOf('@');
        if (at >= 0) {
            i = i.substring(0, at);
        }
        int colon = i.lastIndexOf(':');
        return colon > i.lastIndexOf('/') ? i.substring(0, colon) : i;
    }

    private boolean exists(String path) throws EngineException {
        return shell.capture(CommandSpec.script("test -e \"$1\"", List.of(path), false)
                        .asRoot())
                .ok();
    }

    /** Writes a file's text on the server as root, keeping the owner and mode of a file that is there. */
    private void write(String path, String text) throws EngineException {
        CommandSpec w = CommandSpec.script(
                        "if [ -e \"$1\" ]; then cat > \"$1\"; else mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\""
                                + " && chown --reference=\"$(dirname \"$1\")\" \"$1\"; fi",
                        List.of(path),
                        true)
                .asRoot();
        var r = shell.run(
                w,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                OutputSink.DISCARD,
                CancelToken.NONE);
        if (!r.ok()) {
            throw new EngineException(
                    "Could not write " + path + " on " + shell.describe() + " (status " + r.exitStatus() + ").");
        }
    }

    private void remove(String path) throws EngineException {
        CommandSpec rm = CommandSpec.script("rm -f \"$1\"", List.of(path), true).asRoot();
        shell.capture(rm).orThrow(rm);
    }

    /** The stack's health check, given the time the new version's migrations may take. */
    private static Maintenance.HealthCheck waited(UpgradePlan p) {
        Maintenance.HealthCheck h = p.maintenance().healthCheck();
        return new Maintenance.HealthCheck(
                h.service(), h.port(), h.path(), p.downtime().migrationWaitSeconds());
    }

    /** What a version step writes, each file with what changes in it, where the placement puts the file. */
    private static List<String> writes(List<FileEdit> edits, RestoreWorkflow.Options where) {
        List<String> out = new ArrayList<>();
        for (FileEdit e : edits) {
            for (String c : e.changes()) {
                out.add(where.at(e.path()) + ": " + c);
            }
        }
        return out;
    }

    /** A step (and its children) with its id under a prefix, apart from the same step of another phase. */
    private static Step prefixed(String prefix, Step s) {
        return new Step(
                prefix + s.id(),
                s.title(),
                s.commands(),
                s.window(),
                s.action(),
                s.undo(),
                s.children().stream().map(c -> prefixed(prefix, c)).toList());
    }
}
