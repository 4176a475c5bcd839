package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.SnapshotWriter;
import dev.lifeboat.engine.store.TreeIndex;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup (DESIGN §6) as a list of steps for the {@link Runner}: preflight (locks) → pre-sync while the site runs →
 * flush → hooks → stop in order → dumps beside the final delta → start in order → health check → release → index →
 * verify → manifest (last) → retention. {@link #describe} gives the same list to the plan.
 *
 * <p>Never a site left down: the stop's undo starts what was stopped after any later failure or cancel (the runner
 * runs it before the error goes on); if the connection itself is gone, the {@link ServerGuard} on the server does it
 * within {@link ServerGuard#DEADLINE_SECONDS}. A run that fails leaves its snapshot folder without a manifest: it never
 * looks complete, and the next run finishes it.
 */
public final class BackupWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(BackupWorkflow.class);
    /** The most a listing of the server's folders (marker, changes) may hold before the final delta copies all. */
    private static final int LISTING_LIMIT_BYTES = 256 << 20;

    private final RemoteShell shell;
    private final Docker docker;
    private final FileTransfer transfer;
    private final SnapshotStore store;
    private final ProgressListener listener;
    private final Manifest.Server server;
    private final Retention retention;
    private boolean leaveStopped;
    private boolean keepGuard;
    private String leaveStoppedTitle = "Leave the application stopped here (it starts on the new server)";

    public BackupWorkflow(
            RemoteShell shell,
            FileTransfer transfer,
            SnapshotStore store,
            Manifest.Server server,
            Retention retention,
            ProgressListener listener) {
        this.shell = shell;
        this.docker = shell == null ? null : new Docker(shell);
        this.transfer = transfer;
        this.store = store;
        this.server = server;
        this.retention = retention;
        this.listener = listener;
    }

    /**
     * For a migration: after the dumps and the final copy the application is left stopped (the server's guard is
     * told so), and the downtime window stays open (the migration closes it on the new server).
     */
    public BackupWorkflow leaveStopped() {
        this.leaveStopped = true;
        return this;
    }

    /**
     * As {@link #leaveStopped()}, for another workflow that starts the application itself on this server (an
     * upgrade): the server's guard stays armed with what it stopped, and is not freed by the release step, so a run
     * that dies before the other workflow started the site leaves it to the guard; that workflow takes the guard over
     * ({@link Run#guard()}) and frees it.
     */
    public BackupWorkflow leaveStoppedGuarded(String title) {
        this.leaveStoppedTitle = title;
        this.keepGuard = true;
        return leaveStopped();
    }

    /** The server as the manifest records it: where the session went and the host keys it verified. */
    public static Manifest.Server server(SshSession session) {
        return new Manifest.Server(
                session.target().host(),
                session.target().port(),
                session.target().user(),
                session.verifiedHostKeys().stream()
                        .map(HostKeyInfo::fingerprint)
                        .distinct()
                        .toList());
    }

    /** A finished backup. */
    public record Result(Path snapshot, Manifest manifest) {}

    /** The steps of a backup of this plan, as the plan shows them; nothing runs. */
    public static List<PlannedStep> describe(BackupPlan plan, boolean leaveStopped) {
        BackupWorkflow w = new BackupWorkflow(null, null, null, null, null, ProgressListener.NONE);
        if (leaveStopped) {
            w.leaveStopped();
        }
        return PlannedStep.of(w.start(plan).steps());
    }

    /** Runs the plan. */
    public Result run(BackupPlan plan, CancelToken cancel) throws EngineException {
        Run run = start(plan);
        new Runner(listener).run(run.steps(), cancel);
        return run.result();
    }

    /** A run of the plan: its steps, and its result once they ran (a migration runs them with more of its own). */
    public Run start(BackupPlan plan) {
        return new Run(plan);
    }

    /** One backup run: the state its steps share. */
    public final class Run {
        private final BackupPlan plan;
        private final Instant started = Instant.now();
        private final String owner = ServerGuard.owner("backup", started);
        private final List<ContainerState> stopped = Collections.synchronizedList(new ArrayList<>());
        private final BackupDumps dumps;
        /** Counted down when the site is up again: the dumps that hold their snapshot stream the rest then. */
        private final CountDownLatch siteBack = new CountDownLatch(1);
        /** Stops the dumps that may still stream after the window, when the run fails. */
        private final CancelToken dumpCancel = new CancelToken();

        private ServerGuard guard;
        private Path snap;
        private Future<Void> dumping;
        private FileTransfer.Result pre;
        private FileTransfer.Result fin;
        private boolean healthy = true;
        private Map<String, TreeIndex.Summary> trees;
        private Manifest manifest;
        private List<ContainerState> leftStopped = List.of();
        /** The marker of the final delta's fast path (ADR 0015), taken before the pre-sync; empty: why not. */
        private Optional<ChangedSince.Mark> mark = Optional.empty();

        private String whyNoMark = "the pre-sync did not take one";
        /** How the final delta copied, for its step's line and the run's log. */
        private String finalMode = "";
        /** This run's name for its btrfs snapshots (ADR 0017). */
        private final String frozenToken;
        /** The subvolumes of the plan that the marker showed can be frozen (ADR 0017). */
        private List<FrozenTrees.Subvolume> freeze = List.of();
        /** Why a subvolume of the plan is not frozen, for the frozen copy's line. */
        private String whyNotFrozen = "the pre-sync did not look";
        /** The snapshots made in the window and not deleted yet. */
        private volatile List<FrozenTrees.Subvolume> frozenNow = List.of();

        private Run(BackupPlan plan) {
            this.plan = plan;
            this.dumps = new BackupDumps(shell, docker, plan);
            this.frozenToken = FrozenTrees.token(plan.project(), started);
        }

        public Result result() {
            return new Result(snap, manifest);
        }

        /** The server's guard of this run (armed by its preflight). */
        public ServerGuard guard() {
            return guard;
        }

        /** What a {@link #leaveStopped()} run left stopped, in start order. */
        public List<ContainerState> leftStopped() {
            return leftStopped;
        }

        /** The step that opens the window: its undo starts the site again (a migration's source, too). */
        public List<Step> steps() {
            List<Step> s = new ArrayList<>();
            s.add(Step.of("preflight", "Check the server, the tools and the store; take the locks", this::preflight));
            s.add(Step.of(
                            "pre-sync",
                            "Copy " + BackupPlanner.count(plan.copyRoots().size(), "folder") + " while the site runs ("
                                    + plan.transfer() + ")",
                            ctx -> {
                                takeMark(ctx);
                                pre = copy(ctx);
                                return Step.Done.ok(human(pre.bytes()) + " in " + pre.files() + " files");
                            })
                    .commands(plan.copyRoots()));
            // What the copy wrote goes to disk now, while the site runs, not in the window: there the kernel's
            // write-back competes with the final delta and with the server's own disk when both are one machine's.
            s.add(Step.of("flush", "Write the copied files to this computer's disk, before the site goes down", ctx -> {
                        SnapshotStore.syncToDisk(snap);
                        return Step.Done.ok();
                    })
                    .commands(List.of("sync -f " + plan.appDir())));
            for (BackupPlan.PlannedHook h : plan.hooks()) {
                s.add(Step.of(
                                "hook:" + h.container().label(),
                                h.hook().why().isEmpty()
                                        ? "Run " + String.join(" ", h.hook().run()) + " in "
                                                + h.container().label()
                                        : h.hook().why(),
                                ctx -> hook(ctx, h))
                        .commands(List.of(h.command().display())));
            }
            s.add(Step.of(
                            "stop",
                            "Stop " + BackupPlanner.count(plan.stop().size(), "container")
                                    + " in order (the site goes down)",
                            this::stop)
                    .commands(plan.stop().stream()
                            .map(c -> "docker stop -t " + BackupPlanner.grace(c) + " " + c.name() + "   (" + c.label()
                                    + ")")
                            .toList())
                    .opensWindow()
                    .undo(this::startAgain));
            s.add(Step.of(
                            "final-sync",
                            "Copy what changed since the pre-sync"
                                    + (plan.dumpsBeforeFiles()
                                            ? " (after the dumps, as the vendor asks)"
                                            : " (beside the dumps)"),
                            this::finalSync)
                    .commands(finalCommands())
                    .children(dumps.planned())
                    .undo(ctx -> {
                        dumpCancel.cancel();
                        siteBack.countDown();
                    }));
            if (leaveStopped) {
                s.add(Step.of("leave-stopped", leaveStoppedTitle, this::leaveStoppedHere));
            } else {
                s.add(Step.of(
                                "start",
                                "Start " + BackupPlanner.count(plan.start().size(), "container") + " in order",
                                this::startInOrder)
                        .commands(plan.start().stream()
                                .map(c -> "docker start " + c.name() + "   (" + c.label() + ")")
                                .toList()));
                s.add(Step.of("health", "Wait until " + plan.health().describe(), this::health)
                        .closesWindow());
            }
            if (!plan.frozen().isEmpty()) {
                s.add(Step.of(
                                "frozen-copy",
                                "Copy what changed from the frozen copy of "
                                        + FrozenTrees.describe(plan.frozen())
                                        + " (btrfs snapshot), then delete it",
                                this::frozenCopy)
                        .commands(FrozenTrees.roots(plan.frozen())));
            }
            s.add(Step.of("release", "Free the lock on the server (its guard did not fire)", this::release));
            s.add(Step.of("index", "Index and hash the copied files", this::index));
            s.add(Step.of("verify", "Verify the dumps", ctx -> {
                if (dumping != null) {
                    join(dumping); // the dumps that were still streaming when the site came back (beside the index)
                }
                SnapshotWriter.verifyDumps(snap, dumps.entries());
                return Step.Done.ok(dumps.entries().size() + " dumps intact");
            }));
            s.add(Step.of("manifest", "Write the manifest (the snapshot is complete)", this::manifest));
            s.add(Step.of(
                    "retention",
                    "Remove old snapshots (keep the last 7, 4 weekly, 6 monthly)",
                    ctx -> Step.Done.ok(new SnapshotWriter(store).retention(plan.appDir(), snap, retention, ctx::warn)
                            + " removed")));
            return s;
        }

        private Step.Done preflight(StepContext ctx) throws EngineException {
            SnapshotStore.Lock storeLock;
            try {
                storeLock = store.lock(plan.appDir(), owner);
            } catch (EngineException e) {
                throw new PreflightException(e.getMessage(), e);
            }
            ctx.atEnd(storeLock);
            storeLock
                    .previousHolder()
                    .ifPresent(h -> ctx.warn(
                            "An earlier run did not end cleanly (" + h + "); its partial snapshot is reused."));
            SnapshotWriter.Folder folder;
            try {
                folder = new SnapshotWriter(store).newFolder(plan.appDir(), started);
            } catch (EngineException e) {
                throw new PreflightException(e.getMessage(), e);
            }
            snap = folder.path();
            folder.resumed()
                    .ifPresent(r -> ctx.warn("Finishing the incomplete snapshot " + r + " of a failed run as "
                            + snap.getFileName() + "."));
            ctx.logTo(snap.resolve(SnapshotStore.RUN_LOG));
            guard = ServerGuard.forProject(shell, plan.project());
            try {
                String took = guard.arm(owner);
                if (!took.isEmpty()) {
                    ctx.warn(took);
                }
            } catch (ServerLockedException e) {
                throw new PreflightException(e.getMessage(), e);
            }
            ctx.keepAlive(guard);
            deleteLeftovers(ctx);
            transfer.prepare();
            LogFollower logs = new LogFollower(docker, ctx.events(), started, Secrets.masker(plan.containers()));
            ctx.atEnd(logs::close);
            logs.follow(
                    plan.containers().stream().filter(ContainerState::running).toList());
            plan.warnings().forEach(ctx::warn);
            return Step.Done.ok("locks taken on " + shell.describe() + " and in " + plan.appDir());
        }

        private Step.Done hook(StepContext ctx, BackupPlan.PlannedHook h) throws EngineException {
            CommandResult r = shell.run(h.command(), null, ctx.lines(), ctx.cancel());
            if (!r.ok()) {
                throw new EngineException("'" + String.join(" ", h.hook().run()) + "' failed in "
                        + h.container().label() + " (status " + r.exitStatus() + "); nothing was stopped.");
            }
            return Step.Done.ok();
        }

        private Step.Done stop(StepContext ctx) throws EngineException {
            for (ContainerState c : plan.stop()) {
                ctx.checkCancel();
                ctx.log("stopping " + c.label());
                stopped.add(c);
                RemoteShell.Captured r = shell.capture(guard.stopSpec(c, BackupPlanner.grace(c)));
                if (!r.ok()) {
                    throw new EngineException(
                            "Could not stop " + c.label() + ": " + r.stderr().strip());
                }
            }
            return Step.Done.ok(plan.stop().size() + " stopped");
        }

        /**
         * The stop's undo, after a failure while the site was down: start what was stopped (each one, also when
         * another fails), wait for the health check, close the window. A container that will not start keeps the
         * window open: the guard, left armed, starts it within its deadline.
         */
        private void startAgain(StepContext ctx) {
            if (stopped.isEmpty() || !ctx.window().isOpen()) {
                return;
            }
            ctx.warn("The backup failed while the site was down: starting the stopped containers again.");
            List<String> failed = new ArrayList<>();
            List<ContainerState> toStart;
            synchronized (stopped) {
                toStart = plan.start().stream().filter(stopped::contains).toList();
            }
            toStart = alsoDownSincePlan(ctx, toStart);
            for (ContainerState c : toStart) {
                try {
                    RemoteShell.Captured r = shell.capture(docker.start(List.of(c.id())));
                    if (!r.ok()) {
                        failed.add(c.label() + ": " + r.stderr().strip());
                    }
                } catch (EngineException | RuntimeException e) {
                    failed.add(c.label() + ": " + e.getMessage());
                }
            }
            if (!failed.isEmpty()) {
                ctx.warn("Could not start " + String.join("; ", failed) + ". The server's guard starts them within "
                        + ServerGuard.DEADLINE_SECONDS + " s of the last word from Lifeboat.");
                return;
            }
            try {
                String unhealthy = new HealthChecker(docker)
                        .await(plan.health(), ids(toStart), plan.containers(), what -> {}, CancelToken.NONE);
                ctx.window().close(unhealthy == null);
            } catch (EngineException e) {
                LOG.error("could not start the containers again after a failed backup", e);
                ctx.warn("Could not start the containers again (" + e.getMessage() + "). The server's guard starts"
                        + " them within " + ServerGuard.DEADLINE_SECONDS + " s of the last word from Lifeboat.");
                ctx.window().close(false);
            }
        }

        /**
         * The final delta and the dumps. Side by side (unless the stack wants its dumps first): the window may close
         * as soon as the delta is copied and every dump has taken its consistent snapshot (and its counts); the rest
         * of a dump streams while the site runs again (DumpJob.snapshotMarker; ADR 6).
         */
        private Step.Done finalSync(StepContext ctx) throws EngineException {
            if (plan.dumpsBeforeFiles()) {
                dumps.runAll(ctx, snap, ctx.cancel(), () -> {}, new CountDownLatch(0));
                fin = finalCopy(ctx, ctx.cancel());
                return Step.Done.ok(human(fin.bytes()) + " in " + fin.files() + " files; " + finalMode);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2, r -> BackupDumps.daemon(r, "lifeboat-final-sync"));
            CountDownLatch consistent = new CountDownLatch(dumps.jobs());
            CancelToken syncCancel = new CancelToken();
            // A failed run stops the dumps that still stream and waits for them: nothing may write into the
            // snapshot folder after the run returned (a retry reuses it).
            ctx.atEnd(() -> {
                siteBack.countDown();
                dumpCancel.cancel();
                awaitQuietly(dumping);
            });
            try (AutoCloseable link = ctx.cancel().onCancel(() -> {
                syncCancel.cancel();
                dumpCancel.cancel();
            })) {
                Future<FileTransfer.Result> f = pool.submit(() -> finalCopy(ctx, syncCancel));
                dumping = pool.submit(() -> {
                    dumps.runAll(ctx, snap, dumpCancel, consistent::countDown, siteBack);
                    return null;
                });
                try {
                    while (!awaitBriefly(consistent)) {
                        if (dumping.isDone()) {
                            join(dumping);
                            break;
                        }
                        ctx.checkCancel();
                    }
                    fin = join(f);
                } catch (EngineException | RuntimeException e) {
                    // Stop both and wait until rsync and the dumps are gone before the error goes on.
                    syncCancel.cancel();
                    dumpCancel.cancel();
                    siteBack.countDown();
                    awaitQuietly(f);
                    awaitQuietly(dumping);
                    throw e;
                }
                return Step.Done.ok(human(fin.bytes()) + " in " + fin.files() + " files; " + finalMode);
            } catch (EngineException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdown();
            }
        }

        /** A migration: the source stays stopped; its guard must not start it behind the run's back. */
        private Step.Done leaveStoppedHere(StepContext ctx) throws EngineException {
            if (!keepGuard) {
                guard.disarm();
            }
            ctx.window().mark();
            synchronized (stopped) {
                leftStopped = plan.start().stream().filter(stopped::contains).toList();
            }
            siteBack.countDown();
            return Step.Done.ok("left stopped: " + String.join(", ", ids(leftStopped)));
        }

        private Step.Done startInOrder(StepContext ctx) throws EngineException {
            List<ContainerState> order;
            synchronized (stopped) {
                order = plan.start().stream().filter(stopped::contains).toList();
            }
            for (ContainerState c : order) {
                ctx.log("starting " + c.label());
                RemoteShell.Captured r = shell.capture(docker.start(List.of(c.id())));
                if (!r.ok()) {
                    throw new EngineException(
                            "Could not start " + c.label() + ": " + r.stderr().strip());
                }
            }
            return Step.Done.ok(order.size() + " started");
        }

        private Step.Done health(StepContext ctx) throws EngineException {
            // The containers the backup kept up (its databases) are looked at too, in the same inspect: one that
            // stopped while the site was down (the server's Docker engine restarted, it was killed) is started again
            // as a stopped application container is — the application would never pass its check without its
            // database (the fault matrix: backup-first / after:final-sync / docker waited out the whole timeout).
            // Their own health is not judged.
            String unhealthy = new HealthChecker(docker)
                    .await(
                            plan.health(),
                            ids(plan.start()),
                            ids(plan.keptUp()),
                            plan.containers(),
                            ctx::log,
                            ctx.cancel());
            healthy = unhealthy == null;
            ctx.window().close(healthy);
            siteBack.countDown();
            if (!healthy) {
                ctx.warn("The application did not pass its health check in time: " + unhealthy
                        + ". Its containers are started; look at its logs.");
                return Step.Done.failed(unhealthy);
            }
            return Step.Done.ok("up again after " + ctx.window().millis() + " ms down");
        }

        private Step.Done release(StepContext ctx) throws EngineException {
            if (keepGuard) {
                ctx.checkGuards(); // it must not have fired: the site was started behind the run's back
                return Step.Done.ok("kept armed on " + shell.describe() + ": it starts the site if this run dies");
            }
            String restarted = leaveStopped ? "" : upAsBefore(ctx);
            if (ctx.release(guard)) {
                throw new EngineException("Lifeboat's guard on the server started the application while the backup"
                        + " ran (Lifeboat was silent for more than " + ServerGuard.DEADLINE_SECONDS + " s): this"
                        + " snapshot may not be consistent and is not kept as complete. Run the backup again.");
            }
            return Step.Done.ok("freed on " + shell.describe() + restarted);
        }

        /**
         * The last look at the site before the lock is freed: every container that ran before the backup runs now.
         * One that stopped after the window closed — the server's Docker engine restarted (a container without a
         * restart policy stays stopped), or it was stopped or killed from outside — is started again (the databases
         * first, then the stack's order) and the health check waited for: Lifeboat never leaves the site down,
         * whatever stopped it while the run held the lock.
         *
         * @return what was started, for the step's line, or empty
         */
        private String upAsBefore(StepContext ctx) throws EngineException {
            List<ContainerState> order = downSincePlan();
            if (order.isEmpty()) {
                return "";
            }
            String labels =
                    String.join(", ", order.stream().map(ContainerState::label).toList());
            ctx.warn(labels + " stopped after the site was up again (the server's Docker engine restarted, or they were"
                    + " stopped from outside): starting them again.");
            for (ContainerState c : order) {
                RemoteShell.Captured r = shell.capture(docker.start(List.of(c.id())));
                if (!r.ok()) {
                    throw new EngineException("Could not start " + c.label() + " again: "
                            + r.stderr().strip() + ". It was running before the backup; start it (docker start "
                            + c.name() + ").");
                }
            }
            String unhealthy = new HealthChecker(docker)
                    .await(plan.health(), ids(order), plan.containers(), ctx::log, ctx.cancel());
            if (unhealthy != null) {
                ctx.warn("The application did not pass its health check after it was started again: " + unhealthy
                        + ". Its containers are started; look at its logs.");
            }
            return "; started again first: " + labels;
        }

        /**
         * What the undo starts: what the backup stopped, and what ran before the backup and was stopped from outside
         * meanwhile (the server's Docker engine restarted, a container killed) — a killed database is why a dump
         * fails, and the application started without it would never pass its health check. The databases first.
         */
        private List<ContainerState> alsoDownSincePlan(StepContext ctx, List<ContainerState> stoppedHere) {
            try {
                List<ContainerState> down = downSincePlan();
                List<String> outside = down.stream()
                        .filter(c -> !stoppedHere.contains(c))
                        .map(ContainerState::label)
                        .toList();
                if (!outside.isEmpty()) {
                    ctx.warn(String.join(", ", outside) + " stopped while the backup ran (from outside: not by"
                            + " Lifeboat): starting " + (outside.size() == 1 ? "it" : "them") + " too.");
                }
                return down.isEmpty() ? stoppedHere : down;
            } catch (EngineException | RuntimeException e) {
                LOG.warn("could not look at which containers run after a failed backup", e);
                return stoppedHere;
            }
        }

        /**
         * The containers that ran when the backup was planned and do not run now, in the order to start them: the
         * databases (kept up by the backup) first, then the stack's start order, then the rest.
         */
        private List<ContainerState> downSincePlan() throws EngineException {
            List<ContainerState> before =
                    plan.containers().stream().filter(ContainerState::running).toList();
            List<String> down = docker.inspect(ids(before)).stream()
                    .filter(c -> !c.running())
                    .map(ContainerState::id)
                    .toList();
            List<ContainerState> order = new ArrayList<>();
            plan.keptUp().stream().filter(c -> down.contains(c.id())).forEach(order::add);
            plan.start().stream()
                    .filter(c -> down.contains(c.id()) && !order.contains(c))
                    .forEach(order::add);
            before.stream()
                    .filter(c -> down.contains(c.id()) && !order.contains(c))
                    .forEach(order::add);
            return order;
        }

        /** Hashes the copied files, while the dumps that still stream after the window go on beside it. */
        private Step.Done index(StepContext ctx) throws EngineException {
            trees = new SnapshotWriter(store).index(snap, plan.copyRoots(), plan.previous());
            long files =
                    trees.values().stream().mapToLong(TreeIndex.Summary::files).sum();
            long read = trees.values().stream()
                    .mapToLong(TreeIndex.Summary::bytesRead)
                    .sum();
            return Step.Done.ok(files + " files, " + human(read) + " read (the rest unchanged)");
        }

        private Step.Done manifest(StepContext ctx) throws EngineException {
            Manifest m = BackupManifest.of(
                    plan,
                    snap.getFileName().toString(),
                    started,
                    server,
                    dumps.entries(),
                    trees,
                    ctx.window(),
                    healthy,
                    ctx.records(),
                    pre,
                    fin);
            SnapshotWriter.complete(snap, m);
            manifest = SnapshotStore.readManifest(snap);
            return Step.Done.ok(snap.toString());
        }

        /**
         * Before the pre-sync, site up: the marker the final delta compares change times against, with the inode of
         * every directory (ADR 0015). A marker that cannot be taken is no error: the final delta copies everything.
         */
        private void takeMark(StepContext ctx) throws EngineException {
            if (!transfer.canPullListed()) {
                whyNoMark = transfer.describe() + " copies whole trees only";
                return;
            }
            Listing l = listing(ChangedSince.markSpec(plan.copyRoots(), plan.excludes(), plan.asRoot()), ctx.cancel());
            if (l.failure() != null) {
                whyNoMark = l.failure();
                return;
            }
            mark = ChangedSince.parseMark(l.out());
            if (mark.isEmpty()) {
                whyNoMark = "the server's listing was not understood";
                whyNotFrozen = "no marker: " + whyNoMark;
                return;
            }
            if (plan.frozen().isEmpty()) {
                return;
            }
            if (!transfer.canWrapServer()) {
                whyNotFrozen = transfer.describe() + " cannot read a frozen copy";
                return;
            }
            List<FrozenTrees.Subvolume> ok = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (FrozenTrees.Subvolume sv : plan.frozen()) {
                Optional<String> no = FrozenTrees.whyNot(sv, mark.get());
                if (no.isEmpty()) {
                    ok.add(sv);
                } else {
                    why.add(sv.path() + ": " + no.get());
                    ctx.log("not frozen, copied in the window: " + sv.path() + ": " + no.get());
                }
            }
            freeze = List.copyOf(ok);
            whyNotFrozen = why.isEmpty() ? "" : String.join("; ", why);
        }

        /**
         * With the application's lock held: the snapshots an earlier run of this application left on the server
         * (it died between the window and their deletion) are deleted (ADR 0017). A failure only goes to the log.
         */
        private void deleteLeftovers(StepContext ctx) {
            if (plan.frozen().isEmpty()) {
                return;
            }
            try {
                RemoteShell.Captured r = shell.capture(FrozenTrees.leftoversSpec(plan.frozen(), plan.project()));
                for (String p : r.stdout().split("\0")) {
                    if (!p.isEmpty()) {
                        ctx.log("deleted the frozen copy " + p + " that an earlier run left");
                    }
                }
            } catch (EngineException e) {
                ctx.log("could not look for frozen copies an earlier run left: " + e.getMessage());
            }
        }

        /** The final delta's commands in the plan: the snapshots of the frozen subvolumes, the other folders. */
        private List<String> finalCommands() {
            List<String> out = new ArrayList<>();
            for (FrozenTrees.Subvolume sv : plan.frozen()) {
                out.add("btrfs subvolume snapshot -r " + sv.path() + " "
                        + sv.snapshot(frozenToken.replaceAll("\\.[0-9]+$", ".RUN")) + "   (freezes "
                        + String.join(", ", sv.roots()) + ")");
            }
            List<String> frozenRoots = FrozenTrees.roots(plan.frozen());
            plan.copyRoots().stream().filter(r -> !frozenRoots.contains(r)).forEach(out::add);
            return out;
        }

        /**
         * After the window (and before the lock is freed, so that the guard still watches the run): what changed
         * since the marker, read from the snapshots made in the window, then the snapshots deleted.
         */
        private Step.Done frozenCopy(StepContext ctx) throws EngineException {
            List<FrozenTrees.Subvolume> svs = frozenNow;
            if (svs.isEmpty()) {
                return Step.Done.ok("nothing was frozen; the window copied every folder ("
                        + (whyNotFrozen.isEmpty() ? "the snapshot failed" : whyNotFrozen) + ")");
            }
            StringBuilder mode = new StringBuilder();
            FileTransfer.Result r = delta(
                    ctx,
                    ctx.cancel(),
                    FrozenTrees.roots(svs),
                    FrozenTrees.wrapper(svs, frozenToken),
                    "frozen copy",
                    mode);
            fin = new FileTransfer.Result(
                    fin.bytes() + r.bytes(),
                    fin.files() + r.files(),
                    fin.elapsed().plus(r.elapsed()));
            deleteFrozen(ctx);
            return Step.Done.ok(human(r.bytes()) + " in " + r.files() + " files from the frozen copy of "
                    + FrozenTrees.describe(svs) + "; " + mode);
        }

        /** At the end of a run that failed before its frozen copy: deletes the snapshots, a failure only logged. */
        private void deleteFrozenQuietly() {
            String why = deleteFrozenNow();
            if (why != null) {
                LOG.warn("could not delete this run's frozen copy: {}", why);
            }
        }

        /** Deletes this run's snapshots; a failure is said (the next backup deletes them). */
        private void deleteFrozen(StepContext ctx) {
            List<FrozenTrees.Subvolume> svs = frozenNow;
            String why = deleteFrozenNow();
            if (why == null) {
                if (!svs.isEmpty()) {
                    ctx.log("deleted the frozen copy of " + FrozenTrees.describe(svs));
                }
                return;
            }
            ctx.warn("Could not delete the frozen copy "
                    + svs.stream().map(x -> x.snapshot(frozenToken)).toList() + " on the server (" + why
                    + "); the next backup of this application deletes it.");
        }

        /** Deletes this run's snapshots, once; null when done (or none), else why not. */
        private String deleteFrozenNow() {
            List<FrozenTrees.Subvolume> svs = frozenNow;
            if (svs.isEmpty()) {
                return null;
            }
            frozenNow = List.of();
            try {
                RemoteShell.Captured r = shell.capture(FrozenTrees.deleteSpec(svs, frozenToken));
                return r.ok()
                        ? null
                        : FrozenTrees.describe(svs) + ": " + r.stderr().strip();
            } catch (EngineException | RuntimeException e) {
                return FrozenTrees.describe(svs) + ": " + e.getMessage();
            }
        }

        /**
         * The final delta, in the window: first the snapshots of the subvolumes to freeze (ADR 0017; their folders are
         * copied from them after the window), then what changed in the other folders.
         */
        private FileTransfer.Result finalCopy(StepContext ctx, CancelToken cancel) throws EngineException {
            List<String> roots = plan.copyRoots();
            String froze = "";
            if (!freeze.isEmpty()) {
                long t0 = System.nanoTime();
                // Whatever happens from here, what was made is deleted: by the frozen copy, else at the run's end.
                frozenNow = freeze;
                ctx.atEnd(this::deleteFrozenQuietly);
                String why;
                try {
                    RemoteShell.Captured r = shell.capture(FrozenTrees.snapshotSpec(freeze, frozenToken));
                    why = r.ok() ? null : lastLines(r.stderr().strip());
                } catch (dev.lifeboat.engine.CancelledException e) {
                    throw e;
                } catch (EngineException e) {
                    why = e.getMessage();
                }
                if (why == null) {
                    List<String> frozenRoots = FrozenTrees.roots(freeze);
                    roots = roots.stream().filter(r -> !frozenRoots.contains(r)).toList();
                    froze = "froze " + FrozenTrees.describe(freeze) + " (btrfs snapshot) in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
                    ctx.log("final delta: " + froze);
                } else {
                    ctx.log("final delta: could not freeze " + FrozenTrees.describe(freeze) + " (" + why
                            + "): every folder is copied in the window");
                    whyNotFrozen = "the snapshot failed: " + why;
                    // What it made is deleted at the run's end, not now: the site is down.
                }
            }
            if (roots.isEmpty()) {
                finalMode = froze + "; copied from it once the site is up";
                return new FileTransfer.Result(0, 0, java.time.Duration.ZERO);
            }
            StringBuilder mode = new StringBuilder();
            FileTransfer.Result r = delta(ctx, cancel, roots, List.of(), "final delta", mode);
            finalMode = (froze.isEmpty() ? "" : froze + "; the other folders: ") + mode;
            return r;
        }

        /**
         * What changed in {@code roots} since the marker when it can be trusted, else every file as the pre-sync did
         * (the reason goes to the run's log, as {@code label}). A fast copy that rsync refuses is done again in full.
         * The server's commands run under {@code wrapper} (the frozen view of ADR 0017, or none); how it copied goes
         * to {@code mode}.
         */
        private FileTransfer.Result delta(
                StepContext ctx,
                CancelToken cancel,
                List<String> roots,
                List<String> wrapper,
                String label,
                StringBuilder mode)
                throws EngineException {
            Path files = snap.resolve("files");
            Optional<ChangedSince.Changes> changes = Optional.empty();
            long t0 = System.nanoTime();
            if (mark.isPresent()) {
                Listing l = listing(
                        ChangedSince.changedSpec(
                                roots, plan.excludes(), mark.get().since(), plan.asRoot(), wrapper),
                        cancel);
                if (l.failure() != null) {
                    ctx.log(label + ": the server could not list what changed: " + l.failure());
                } else {
                    changes = ChangedSince.parseChanges(l.out());
                    if (!wrapper.isEmpty()) {
                        changes = changes.map(ChangedSince.Changes::withoutDevices);
                    }
                }
            }
            ChangedSince.Decision d = ChangedSince.decide(
                    mark,
                    whyNoMark,
                    changes,
                    p -> java.nio.file.Files.isDirectory(
                            files.resolve(p.substring(1)), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            if (d instanceof ChangedSince.Fast fast) {
                List<String> below = List.of();
                String why = null;
                if (!fast.trees().isEmpty()) {
                    Listing l = listing(
                            ChangedSince.treeSpec(fast.trees(), plan.excludes(), plan.asRoot(), wrapper), cancel);
                    Optional<List<String>> paths =
                            l.failure() == null ? ChangedSince.parsePaths(l.out()) : Optional.empty();
                    if (paths.isPresent()) {
                        below = paths.get();
                    } else {
                        why = "the new or moved folders could not be listed"
                                + (l.failure() == null ? "" : ": " + l.failure());
                    }
                }
                if (why == null) {
                    mode.append("only what changed since the pre-sync began: ")
                            .append(fast.files().size())
                            .append(" files, ")
                            .append(fast.dirs().size())
                            .append(" folders' entries, ")
                            .append(fast.trees().size())
                            .append(" new or moved folders whole (listed in ")
                            .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                            .append(" ms)");
                    ctx.log(label + ": " + mode);
                    try {
                        return transfer.pullListed(
                                fast.entries(below),
                                plan.excludes(),
                                files,
                                plan.previous() == null ? null : plan.previous().resolve("files"),
                                plan.asRoot(),
                                wrapper,
                                progress(ctx),
                                cancel);
                    } catch (dev.lifeboat.engine.transfer.RsyncException e) {
                        why = "the copy of what changed failed (" + e.getMessage() + ")";
                        mode.setLength(0);
                    }
                }
                d = new ChangedSince.Full(why);
            }
            mode.append("every file: ").append(((ChangedSince.Full) d).reason());
            ctx.log(label + ": " + mode);
            return transfer.pullTrees(
                    roots,
                    plan.excludes(),
                    files,
                    plan.previous() == null ? null : plan.previous().resolve("files"),
                    plan.asRoot(),
                    wrapper,
                    progress(ctx),
                    cancel);
        }

        /** A listing's output, or why there is none. */
        private record Listing(byte[] out, String failure) {}

        private Listing listing(CommandSpec spec, CancelToken cancel) throws EngineException {
            OutputSink.Captured c = OutputSink.capture(LISTING_LIMIT_BYTES);
            CommandResult r;
            try {
                r = shell.run(spec, null, c, cancel);
            } catch (dev.lifeboat.engine.CancelledException e) {
                throw e;
            } catch (EngineException e) {
                return new Listing(null, e.getMessage());
            }
            if (!r.ok()) {
                return new Listing(
                        null,
                        "find ended with status " + r.exitStatus() + ": "
                                + lastLines(c.stderrText().strip()));
            }
            if (c.truncated()) {
                return new Listing(null, "the listing is larger than " + LISTING_LIMIT_BYTES / (1 << 20) + " MiB");
            }
            return new Listing(c.stdoutBytes(), null);
        }

        private FileTransfer.Result copy(StepContext ctx) throws EngineException {
            return copy(ctx, ctx.cancel());
        }

        private FileTransfer.Result copy(StepContext ctx, CancelToken cancel) throws EngineException {
            return transfer.pullTrees(
                    plan.copyRoots(),
                    plan.excludes(),
                    snap.resolve("files"),
                    plan.previous() == null ? null : plan.previous().resolve("files"),
                    plan.asRoot(),
                    progress(ctx),
                    cancel);
        }

        private java.util.function.Consumer<dev.lifeboat.engine.transfer.TransferProgress> progress(StepContext ctx) {
            return p -> {
                long total = p.percent() > 0 ? (long) (p.bytes() * 100.0 / p.percent()) : -1;
                ctx.progress(
                        p.bytes(),
                        total > 0 ? OptionalLong.of(total) : OptionalLong.empty(),
                        dev.lifeboat.engine.progress.WorkflowEvent.Unit.BYTES);
            };
        }
    }

    static <T> T join(Future<T> f) throws EngineException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted.");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null) {
                c = ce.getCause();
            }
            if (c instanceof EngineException ee) {
                throw ee;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new EngineException(c.getMessage(), c);
        }
    }

    /** Waits up to 0.1 s for the latch; an interrupt is a cancel. */
    private static boolean awaitBriefly(CountDownLatch latch) throws CancelledException {
        try {
            return latch.await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("The backup was cancelled.");
        }
    }

    /**
     * Waits (up to 60 s) until a cancelled task is gone, also when this thread was interrupted (that is how the run
     * got here): the interrupt is kept for the caller.
     */
    private static void awaitQuietly(Future<?> f) {
        if (f == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            LOG.debug("a cancelled task ended with {}", e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> ids(List<ContainerState> cs) {
        return cs.stream().map(ContainerState::id).toList();
    }

    /** The last lines of a tool's output, on one line, for an error message. */
    static String lastLines(String s) {
        String[] l = s.split("\n");
        return String.join(" / ", java.util.Arrays.asList(l).subList(Math.max(0, l.length - 3), l.length));
    }

    static String human(long bytes) {
        return dev.lifeboat.engine.model.ByteSizes.human(OptionalLong.of(bytes));
    }
}
