package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.LifeboatVersion;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.DockerCli;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.progress.Eta;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.Throttle;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.store.DumpWriter;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.TreeIndex;
import dev.lifeboat.engine.transfer.FileTransfer;
import dev.lifeboat.engine.transfer.TransferProgress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BackupPlan} (DESIGN §6): locks → pre-sync while the site runs → hooks → stop in order → dumps beside the
 * final delta → start in order → health check → release → index → verify → manifest (last) → retention. Blocks the
 * calling thread; progress leaves through the {@link ProgressListener}.
 *
 * <p>Never a site left down: after the first stop, any failure, cancel or interrupt starts the stopped containers
 * again (with a token of its own) before the error is thrown; if the connection itself is gone, the {@link
 * ServerGuard} on the server does it within {@link ServerGuard#DEADLINE_SECONDS}. A run that fails leaves its snapshot
 * folder without a manifest: it never looks complete, and the next run finishes it.
 */
public final class BackupWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(BackupWorkflow.class);
    static final long HEARTBEAT_SECONDS = 5;

    private final RemoteShell shell;
    private final DockerCli docker;
    private final FileTransfer transfer;
    private final SnapshotStore store;
    private final ProgressListener listener;
    private final Manifest.Server server;
    private final Retention retention;

    public BackupWorkflow(
            RemoteShell shell,
            FileTransfer transfer,
            SnapshotStore store,
            Manifest.Server server,
            Retention retention,
            ProgressListener listener) {
        this.shell = shell;
        this.docker = new DockerCli(shell);
        this.transfer = transfer;
        this.store = store;
        this.server = server;
        this.retention = retention;
        this.listener = listener;
    }

    private boolean leaveStopped;
    private volatile List<ContainerState> stoppedForMigration = List.of();

    /**
     * For a migration: after the dumps and the final copy the application is left stopped (the server's guard is
     * told so), and the snapshot's downtime window stays open (the migration ends it on the new server).
     */
    public BackupWorkflow leaveStopped() {
        this.leaveStopped = true;
        return this;
    }

    /** What a {@link #leaveStopped()} run left stopped, in start order. */
    public List<ContainerState> stoppedForMigration() {
        return stoppedForMigration;
    }

    /** The server as the manifest records it: where the session went and the host keys it verified. */
    public static Manifest.Server server(dev.lifeboat.engine.remote.SshSession session) {
        return new Manifest.Server(
                session.target().host(),
                session.target().port(),
                session.target().user(),
                session.verifiedHostKeys().stream()
                        .map(dev.lifeboat.engine.remote.HostKeyInfo::fingerprint)
                        .distinct()
                        .toList());
    }

    /** A finished backup. */
    public record Result(Path snapshot, Manifest manifest) {}

    public Result run(BackupPlan plan, CancelToken cancel) throws EngineException {
        Instant started = Instant.now();
        String id = SnapshotStore.idFor(started);
        RunLog log = new RunLog();
        ProgressListener events = e -> {
            log.add(e);
            listener.on(e);
        };
        Steps steps = new Steps(events);
        String owner = ServerGuard.owner("backup", started);
        ServerGuard guard = ServerGuard.forProject(shell, plan.project());
        Path snap;
        SnapshotStore.Lock storeLock;

        steps.start("preflight", "Check and take the locks");
        try {
            storeLock = store.lock(plan.appDir(), owner);
        } catch (EngineException e) {
            steps.fail("preflight", e.getMessage());
            throw new PreflightException(e.getMessage(), e);
        }
        ScheduledExecutorService heartbeat = null;
        LogFollower logs = null;
        List<ContainerState> stopped = Collections.synchronizedList(new ArrayList<>());
        Downtime downtime = new Downtime(events);
        java.util.concurrent.atomic.AtomicBoolean guardLost = new java.util.concurrent.atomic.AtomicBoolean();
        boolean siteUp = true;
        // A dump that holds its snapshot waits with the rest of its stream until the site is up again: on two cores,
        // decrypting and compressing it beside the final delta and the start slowed both (ADR 6).
        java.util.concurrent.CountDownLatch siteBack = new java.util.concurrent.CountDownLatch(1);
        // The dumps that may still stream after the window: a failed run stops them and waits for them to end, so
        // that nothing writes into the snapshot folder after the run has returned.
        CancelToken dumpCancel = new CancelToken();
        Future<Void> dumping = null;
        try {
            storeLock
                    .previousHolder()
                    .ifPresent(h -> events.on(new WorkflowEvent.Warning(
                            Instant.now(),
                            "An earlier run did not end cleanly (" + h + "); its partial snapshot is reused.")));
            snap = prepareFolder(plan, id);
            log.open(snap.resolve(SnapshotStore.RUN_LOG));
            try {
                guard.arm(owner);
            } catch (ServerLockedException e) {
                steps.fail("preflight", e.getMessage());
                throw new PreflightException(e.getMessage(), e);
            }
            heartbeat = guard.keepAlive(HEARTBEAT_SECONDS, guardLost);
            transfer.prepare();
            logs = new LogFollower(docker, events, started, Secrets.masker(plan.containers()));
            logs.follow(
                    plan.containers().stream().filter(ContainerState::running).toList());
            plan.warnings().forEach(w -> events.on(new WorkflowEvent.Warning(Instant.now(), w)));
            steps.finish("preflight", "locks taken on " + shell.describe() + " and in " + plan.appDir());

            Path files = snap.resolve("files");
            Path linkDest = plan.previous() == null ? null : plan.previous().resolve("files");
            steps.start("pre-sync", "Copy the files while the site runs");
            FileTransfer.Result pre = copy("pre-sync", plan, files, linkDest, cancel);
            steps.finish("pre-sync", human(pre.bytes()) + " in " + pre.files() + " files");
            // What the copy wrote goes to disk now, while the site runs, not in the window: there the kernel's
            // write-back competes with the final delta and with the server's own disk when both are one machine's.
            steps.start("flush", "Write the copied files to disk");
            SnapshotStore.syncToDisk(snap);
            steps.finish("flush", "");

            for (BackupPlan.PlannedHook h : plan.hooks()) {
                String sid = "hook:" + h.container().label();
                steps.start(sid, h.hook().why());
                CommandResult r = shell.run(h.command(), null, stepLines(sid, events), cancel);
                if (!r.ok()) {
                    steps.fail(sid, "exit status " + r.exitStatus());
                    throw new EngineException("'" + String.join(" ", h.hook().run()) + "' failed in "
                            + h.container().label() + " (status " + r.exitStatus() + "); nothing was stopped.");
                }
                steps.finish(sid, "");
            }

            // The window: from the first stop to a passing health check.
            steps.start("stop", "Stop " + BackupPlanner.count(plan.stop().size(), "container"));
            downtime.start();
            siteUp = false;
            for (ContainerState c : plan.stop()) {
                checkCancel(cancel);
                checkGuard(guardLost);
                events.on(new WorkflowEvent.LogLine(Instant.now(), "step:stop", "stopping " + c.label()));
                stopped.add(c);
                RemoteShell.Captured r = shell.capture(guard.stopSpec(c, BackupPlanner.grace(c)));
                if (!r.ok()) {
                    throw new EngineException(
                            "Could not stop " + c.label() + ": " + r.stderr().strip());
                }
            }
            steps.finish("stop", plan.stop().size() + " stopped");

            Map<String, Manifest.DumpEntry> dumps = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
            FileTransfer.Result fin;
            if (plan.dumpsBeforeFiles()) {
                dumpAll(plan, snap, dumps, steps, events, cancel, () -> {}, new java.util.concurrent.CountDownLatch(0));
                steps.start("final-sync", "Copy what changed");
                fin = copy("final-sync", plan, files, linkDest, cancel);
                steps.finish("final-sync", human(fin.bytes()) + " in " + fin.files() + " files");
            } else {
                // The final delta and the dumps run side by side. The window closes as soon as the delta is copied
                // and every dump has taken its consistent snapshot (and its counts): the rest of a dump streams
                // while the site runs again (DumpJob.snapshotMarker; ADR 6).
                ExecutorService pool = Executors.newFixedThreadPool(2, r -> daemon(r, "lifeboat-final-sync"));
                int jobs = plan.dumps().stream().mapToInt(x -> x.jobs().size()).sum();
                java.util.concurrent.CountDownLatch consistent = new java.util.concurrent.CountDownLatch(jobs);
                CancelToken syncCancel = new CancelToken();
                try (AutoCloseable link = cancel.onCancel(() -> {
                    syncCancel.cancel();
                    dumpCancel.cancel();
                })) {
                    steps.start("final-sync", "Copy what changed");
                    Future<FileTransfer.Result> f =
                            pool.submit(() -> copy("final-sync", plan, files, linkDest, syncCancel));
                    dumping = pool.submit(() -> {
                        dumpAll(plan, snap, dumps, steps, events, dumpCancel, consistent::countDown, siteBack);
                        return null;
                    });
                    try {
                        while (!awaitBriefly(consistent)) {
                            if (dumping.isDone()) {
                                join(dumping);
                                break;
                            }
                            checkCancel(cancel);
                            checkGuard(guardLost);
                        }
                        fin = join(f);
                    } catch (EngineException | RuntimeException e) {
                        // Stop both and wait until rsync and the dumps are gone before the error goes on: nothing
                        // may write to the store after the run returns.
                        syncCancel.cancel();
                        dumpCancel.cancel();
                        siteBack.countDown();
                        awaitQuietly(f);
                        awaitQuietly(dumping);
                        throw e;
                    }
                    steps.finish("final-sync", human(fin.bytes()) + " in " + fin.files() + " files");
                } catch (EngineException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    pool.shutdown();
                }
            }

            checkGuard(guardLost);
            String unhealthy = null;
            if (leaveStopped) {
                // A migration: the source stays stopped; the guard must not start it behind the run's back.
                guard.disarm();
                downtime.pause();
                events.on(new WorkflowEvent.LogLine(
                        Instant.now(), "step:stop", "left stopped: " + String.join(", ", ids(stopped))));
                stoppedForMigration =
                        plan.start().stream().filter(stopped::contains).toList();
            } else {
                startAll(plan, stopped, steps, events, CancelToken.NONE);
                steps.start("health", plan.health().describe());
                unhealthy = new HealthChecker(docker)
                        .await(
                                plan.health(),
                                ids(plan.start()),
                                plan.containers(),
                                what -> events.on(new WorkflowEvent.LogLine(Instant.now(), "step:health", what)),
                                cancel);
                downtime.end(unhealthy == null);
            }
            siteUp = true;
            siteBack.countDown();
            if (leaveStopped) {
                // nothing started, nothing to check
            } else if (unhealthy != null) {
                steps.fail("health", unhealthy);
                events.on(new WorkflowEvent.Warning(
                        Instant.now(),
                        "The application did not pass its health check" + " in time: " + unhealthy
                                + ". Its containers are started; look at its logs."));
            } else {
                steps.finish("health", "up again after " + downtime.millis() + " ms down");
            }
            boolean fired = guard.release() || guardLost.get();
            stopHeartbeat(heartbeat);
            heartbeat = null;
            if (fired) {
                throw new EngineException("Lifeboat's guard on the server started the application while the backup"
                        + " ran (Lifeboat was silent for more than " + ServerGuard.DEADLINE_SECONDS + " s): this"
                        + " snapshot may not be consistent and is not kept as complete. Run the backup again.");
            }

            if (dumping != null) {
                // The dumps that were still streaming when the site came back.
                join(dumping);
            }
            steps.start("index", "Index and hash the copied files");
            Map<String, TreeIndex.Summary> trees = index(plan, snap);
            long filesCount =
                    trees.values().stream().mapToLong(TreeIndex.Summary::files).sum();
            long bytesRead = trees.values().stream()
                    .mapToLong(TreeIndex.Summary::bytesRead)
                    .sum();
            steps.finish("index", filesCount + " files, " + human(bytesRead) + " read (the rest unchanged)");

            steps.start("verify", "Verify the dumps");
            verifyDumps(snap, dumps.values());
            steps.finish("verify", dumps.size() + " dumps intact");

            steps.start("manifest", "Write the manifest");
            SnapshotStore.syncToDisk(snap);
            Manifest m = manifest(
                    plan,
                    snap.getFileName().toString(),
                    started,
                    dumps,
                    trees,
                    downtime,
                    steps,
                    pre,
                    fin,
                    unhealthy == null);
            SnapshotStore.writeManifest(snap, m);
            steps.finish("manifest", snap.toString());

            steps.start("retention", "Remove old snapshots");
            int removed = retention(plan.appDir(), snap);
            steps.finish("retention", removed + " removed");
            log.close();
            return new Result(snap, SnapshotStore.readManifest(snap));
        } catch (Throwable e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            dumpCancel.cancel();
            steps.failRunning(msg);
            if (!stopped.isEmpty() && !siteUp) {
                siteUp = recover(plan, stopped, steps, events, downtime, e);
            }
            if (dumping != null) {
                siteBack.countDown();
                awaitQuietly(dumping);
            }
            log.close();
            throw e;
        } finally {
            siteBack.countDown();
            if (logs != null) {
                logs.close();
            }
            stopHeartbeat(heartbeat);
            if (siteUp) {
                try {
                    guard.release();
                } catch (EngineException e) {
                    LOG.warn("could not release the server guard: {}", e.getMessage());
                }
            } else {
                // Something stayed down: the guard, no longer told to wait, starts it within its deadline.
                LOG.warn("leaving the server's guard armed: it starts what is still stopped");
            }
            storeLock.close();
        }
    }

    /**
     * After a failure while the site was down: start what was stopped (each one, also when another fails), wait for
     * the health check, report. Returns whether everything started.
     */
    private boolean recover(
            BackupPlan plan,
            List<ContainerState> stopped,
            Steps steps,
            ProgressListener events,
            Downtime downtime,
            Throwable cause) {
        events.on(new WorkflowEvent.Warning(
                Instant.now(),
                "The backup failed while the site was down (" + cause.getMessage()
                        + "): starting the stopped containers again."));
        List<String> failed = new ArrayList<>();
        for (ContainerState c : plan.start().stream().filter(stopped::contains).toList()) {
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
            events.on(new WorkflowEvent.Warning(
                    Instant.now(),
                    "Could not start " + String.join("; ", failed)
                            + ". The server's guard starts them within " + ServerGuard.DEADLINE_SECONDS
                            + " s of the last word from Lifeboat."));
            downtime.end(false);
            return false;
        }
        try {
            String unhealthy = new HealthChecker(docker)
                    .await(plan.health(), ids(stopped), plan.containers(), what -> {}, CancelToken.NONE);
            downtime.end(unhealthy == null);
            return true;
        } catch (EngineException e) {
            LOG.error("could not start the containers again after a failed backup", e);
            events.on(new WorkflowEvent.Warning(
                    Instant.now(),
                    "Could not start the containers again ("
                            + e.getMessage() + "). The server's guard starts them within "
                            + ServerGuard.DEADLINE_SECONDS
                            + " s of the last word from Lifeboat."));
            downtime.end(false);
            return true;
        }
    }

    private void startAll(
            BackupPlan plan, List<ContainerState> stopped, Steps steps, ProgressListener events, CancelToken cancel)
            throws EngineException {
        steps.start("start", "Start the containers in order");
        List<ContainerState> order =
                plan.start().stream().filter(stopped::contains).toList();
        for (ContainerState c : order) {
            events.on(new WorkflowEvent.LogLine(Instant.now(), "step:start", "starting " + c.label()));
            RemoteShell.Captured r = shell.capture(docker.start(List.of(c.id())));
            if (!r.ok()) {
                steps.fail(
                        "start",
                        "could not start " + c.label() + ": " + r.stderr().strip());
                throw new EngineException(
                        "Could not start " + c.label() + ": " + r.stderr().strip());
            }
        }
        steps.finish("start", order.size() + " started");
    }

    private FileTransfer.Result copy(String step, BackupPlan plan, Path files, Path linkDest, CancelToken cancel)
            throws EngineException {
        Eta eta = new Eta(System.nanoTime());
        Throttle throttle = new Throttle(Throttle.PROGRESS_NANOS);
        return transfer.pullTrees(
                plan.copyRoots(),
                plan.excludes(),
                files,
                linkDest,
                plan.asRoot(),
                (TransferProgress p) -> {
                    if (!throttle.due(System.nanoTime()) && p.percent() < 100) {
                        return;
                    }
                    long total = p.percent() > 0 ? (long) (p.bytes() * 100.0 / p.percent()) : -1;
                    OptionalLong left =
                            total > 0 ? eta.update(p.bytes(), total, System.nanoTime()) : OptionalLong.empty();
                    listener.on(new WorkflowEvent.Progress(
                            Instant.now(),
                            step,
                            p.bytes(),
                            total > 0 ? OptionalLong.of(total) : OptionalLong.empty(),
                            WorkflowEvent.Unit.BYTES,
                            left));
                },
                cancel);
    }

    private void dumpAll(
            BackupPlan plan,
            Path snap,
            Map<String, Manifest.DumpEntry> out,
            Steps steps,
            ProgressListener events,
            CancelToken cancel,
            Runnable consistent,
            java.util.concurrent.CountDownLatch resume)
            throws EngineException {
        // Every dump of the window at once (up to 4), in the order they were planned; the first failure stops the
        // others at once (a shared token), and nothing is left running when this returns.
        List<Map.Entry<BackupPlan.PlannedDump, DumpJob>> all = new ArrayList<>();
        for (BackupPlan.PlannedDump d : plan.dumps()) {
            for (DumpJob j : d.jobs()) {
                all.add(Map.entry(d, j));
            }
        }
        if (all.isEmpty()) {
            return;
        }
        CancelToken stopAll = new CancelToken();
        int threads = Math.min(4, all.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "lifeboat-dump"));
        // A dump that waits for the site holds its thread: with more dumps than threads, a later dump could never
        // start to take its snapshot, and the window would never close. Then the streams go on at once.
        java.util.concurrent.CountDownLatch waitFor =
                all.size() <= threads ? resume : new java.util.concurrent.CountDownLatch(0);
        java.util.concurrent.ExecutorCompletionService<Manifest.DumpEntry> done =
                new java.util.concurrent.ExecutorCompletionService<>(pool);
        try (AutoCloseable link = cancel.onCancel(stopAll::cancel)) {
            for (Map.Entry<BackupPlan.PlannedDump, DumpJob> e : all) {
                done.submit(() -> dumpOne(e.getKey(), e.getValue(), snap, steps, events, stopAll, consistent, waitFor));
            }
            Map<String, Manifest.DumpEntry> byFile = new java.util.HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                Manifest.DumpEntry entry;
                try {
                    entry = join(done.take());
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("Interrupted.");
                } catch (EngineException | RuntimeException x) {
                    stopAll.cancel();
                    throw x;
                }
                byFile.put(entry.file(), entry);
            }
            for (Map.Entry<BackupPlan.PlannedDump, DumpJob> e : all) {
                Manifest.DumpEntry entry = byFile.get(e.getValue().fileName());
                out.put(entry.file(), entry);
            }
        } catch (EngineException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException(e.getMessage(), e);
        } finally {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException x) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Manifest.DumpEntry dumpOne(
            BackupPlan.PlannedDump d,
            DumpJob job,
            Path snap,
            Steps steps,
            ProgressListener events,
            CancelToken cancel,
            Runnable consistent,
            java.util.concurrent.CountDownLatch resume)
            throws EngineException {
        String sid = "dump:" + job.name();
        steps.start(sid, "Dump " + job.name());
        Path target = snap.resolve("dumps").resolve(job.fileName());
        StringBuilder err = new StringBuilder();
        long t0 = System.nanoTime();
        // A failure to write locally (disk full) stops the dump on the server at once: the sink must never throw,
        // or the stream would stall with the site down.
        java.util.concurrent.atomic.AtomicReference<IOException> writeFailed =
                new java.util.concurrent.atomic.AtomicReference<>();
        CancelToken jobCancel = new CancelToken();
        // A dump with a snapshot marker is counted now, beside the dump, from the moment the application is still
        // stopped: after the window the database moves on. The window may close once the dump and the counts both
        // hold their snapshot (the counting may go on after it, inside its own transaction).
        java.util.concurrent.CompletableFuture<Void> countsBound = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Map<String, Long>> early = job.snapshotMarker() == null
                ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return d.dumper()
                                        .counts(docker, d.container(), job, "", () -> countsBound.complete(null));
                            } catch (EngineException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        },
                        r -> daemon(r, "lifeboat-count").start());
        MarkerWatch watch = new MarkerWatch(job.snapshotMarker());
        java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable tellIfConsistent = () -> {
            if (early != null
                    && watch.seen()
                    && countsBound.isDone()
                    && !early.isCompletedExceptionally()
                    && told.compareAndSet(false, true)) {
                consistent.run();
            }
        };
        if (early != null) {
            countsBound.thenRun(tellIfConsistent);
        }
        try (DumpWriter w = new DumpWriter(target);
                AutoCloseable link = cancel.onCancel(jobCancel::cancel)) {
            Eta eta = new Eta(t0);
            Throttle throttle = new Throttle(Throttle.PROGRESS_NANOS);
            CommandResult r;
            try {
                r = shell.run(
                        job.command(),
                        null,
                        new OutputSink() {
                            @Override
                            public void stdout(byte[] b, int off, int len) {
                                if (writeFailed.get() != null) {
                                    return;
                                }
                                try {
                                    w.write(b, off, len);
                                    if (watch.feed(b, off, len)) {
                                        tellIfConsistent.run();
                                    }
                                    // Consistent already: the rest waits (the server's side blocks on the channel's
                                    // window) until the site is up again, or the run is cancelled.
                                    while (told.get() && resume.getCount() > 0 && !jobCancel.isCancelled()) {
                                        resume.await(100, TimeUnit.MILLISECONDS);
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                } catch (IOException e) {
                                    writeFailed.set(e);
                                    Thread t = new Thread(jobCancel::cancel, "lifeboat-dump-stop");
                                    t.setDaemon(true);
                                    t.start();
                                    return;
                                }
                                long now = System.nanoTime();
                                if (throttle.due(now)) {
                                    events.on(new WorkflowEvent.Progress(
                                            Instant.now(),
                                            sid,
                                            w.rawBytes(),
                                            OptionalLong.empty(),
                                            WorkflowEvent.Unit.BYTES,
                                            eta.update(w.rawBytes(), -1, now)));
                                }
                            }

                            @Override
                            public void stderr(byte[] b, int off, int len) {
                                String s = job.command().mask(new String(b, off, len, StandardCharsets.UTF_8));
                                synchronized (err) {
                                    if (err.length() < 1 << 20) {
                                        err.append(s);
                                    }
                                }
                                for (String line : s.split("\n")) {
                                    if (!line.isBlank()) {
                                        events.on(
                                                new WorkflowEvent.LogLine(Instant.now(), "step:" + sid, line.strip()));
                                    }
                                }
                            }
                        },
                        jobCancel);
            } catch (dev.lifeboat.engine.CancelledException e) {
                if (writeFailed.get() != null) {
                    throw writeFailed.get();
                }
                throw e;
            }
            if (writeFailed.get() != null) {
                throw writeFailed.get();
            }
            if (!r.ok()) {
                String e = err.toString().strip();
                String advice = d.dumper().advice(e);
                steps.fail(sid, "exit status " + r.exitStatus());
                throw new EngineException(
                        "The dump " + job.name() + " failed in " + d.container().label() + " (status " + r.exitStatus()
                                + (e.isEmpty() ? "" : ": " + lastLines(e)) + ")."
                                + (advice.isEmpty() ? "" : " " + advice));
            }
            DumpWriter.Result res = w.commit();
            Map<String, Long> counts =
                    early != null ? join(early) : d.dumper().counts(docker, d.container(), job, err.toString());
            if (told.compareAndSet(false, true)) {
                consistent.run();
            }
            steps.finish(
                    sid,
                    human(res.rawBytes()) + " (" + human(res.bytes()) + " compressed), " + counts.size()
                            + " items counted");
            return new Manifest.DumpEntry(
                    job.fileName(),
                    d.component().path(),
                    d.container().label(),
                    d.dumper().kind(),
                    job.database().isEmpty() ? null : job.database(),
                    job.format(),
                    res.bytes(),
                    res.rawBytes(),
                    res.sha256(),
                    counts);
        } catch (IOException | UncheckedIOException e) {
            String msg = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            steps.fail(sid, msg);
            throw new EngineException(
                    "Could not write the dump " + job.name() + " into " + target.getParent() + ": " + msg, e);
        } catch (EngineException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    private Path prepareFolder(BackupPlan plan, String wanted) throws EngineException {
        // A new id, later than every snapshot there (a clock set back, or two runs in one second, must never reuse
        // or sort before an existing snapshot).
        String id = wanted;
        List<Path> existing = store.snapshotDirs(plan.appDir());
        String newest = existing.isEmpty()
                ? ""
                : existing.get(existing.size() - 1).getFileName().toString();
        if (id.compareTo(newest) <= 0) {
            id = bumped(newest);
        }
        while (Files.exists(plan.appDir().resolve(id))) {
            id = bumped(id);
        }
        Path snap = plan.appDir().resolve(id);
        try {
            Path resume = store.resumable(plan.appDir()).orElse(null);
            if (resume != null) {
                // Finish what a failed run began: its files are reused, its dumps are taken again.
                Files.move(resume, snap);
                SnapshotStore.delete(snap.resolve("dumps"));
                Files.deleteIfExists(snap.resolve(SnapshotStore.INDEX));
                listener.on(new WorkflowEvent.Warning(
                        Instant.now(),
                        "Finishing the incomplete snapshot " + resume.getFileName() + " of a failed run as " + id
                                + "."));
            } else {
                Files.createDirectories(snap);
            }
            Files.createDirectories(snap.resolve("dumps"));
            return snap;
        } catch (IOException e) {
            throw new PreflightException("Could not create the snapshot folder " + snap + ": " + e.getMessage(), e);
        }
    }

    /** The id one second after another. */
    private static String bumped(String id) {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        return SnapshotStore.idFor(java.time.Instant.from(f.parse(id)).plusSeconds(1));
    }

    private Map<String, TreeIndex.Summary> index(BackupPlan plan, Path snap) throws EngineException {
        Map<String, TreeIndex.Summary> out = new LinkedHashMap<>();
        Path files = snap.resolve("files");
        Path prevFiles = plan.previous() == null ? null : plan.previous().resolve("files");
        Path prevIndex = plan.previous() == null ? null : plan.previous().resolve(SnapshotStore.INDEX);
        try (BufferedWriter w = Files.newBufferedWriter(snap.resolve(SnapshotStore.INDEX), StandardCharsets.UTF_8)) {
            for (String root : plan.copyRoots()) {
                String rel = root.replaceFirst("^/+", "");
                out.put(root, TreeIndex.write(files, rel, prevFiles, TreeIndex.load(prevIndex, rel), w));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException("Could not index the copied files in " + files + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void verifyDumps(Path snap, java.util.Collection<Manifest.DumpEntry> dumps) throws EngineException {
        for (Manifest.DumpEntry d : dumps) {
            Path f = snap.resolve("dumps").resolve(d.file());
            try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(f))) {
                long n = in.transferTo(java.io.OutputStream.nullOutputStream());
                if (n != d.rawBytes()) {
                    throw new EngineException(
                            "The dump " + d.file() + " reads back as " + n + " bytes, not " + d.rawBytes() + ".");
                }
            } catch (IOException e) {
                throw new EngineException("The dump " + d.file() + " does not read back: " + e.getMessage(), e);
            }
        }
    }

    private Manifest manifest(
            BackupPlan plan,
            String id,
            Instant started,
            Map<String, Manifest.DumpEntry> dumps,
            Map<String, TreeIndex.Summary> trees,
            Downtime downtime,
            Steps steps,
            FileTransfer.Result pre,
            FileTransfer.Result fin,
            boolean healthy) {
        List<Manifest.ComponentEntry> comps = new ArrayList<>();
        for (BackupPlan.Decision d : plan.decisions()) {
            Component c = d.component();
            TreeIndex.Summary t = trees.get(c.path());
            List<String> dumpFiles = dumps.values().stream()
                    .filter(x -> x.component().equals(c.path()))
                    .map(Manifest.DumpEntry::file)
                    .toList();
            comps.add(new Manifest.ComponentEntry(
                    c.path(),
                    c.componentClass().jsonName(),
                    c.kind(),
                    c.method(),
                    d.saved(),
                    d.coveredBy(),
                    d.service(),
                    t == null ? null : t.files(),
                    t == null ? null : t.bytes(),
                    t == null ? null : t.digest(),
                    dumpFiles.isEmpty() ? null : dumpFiles,
                    d.why()));
        }
        var s = plan.stack();
        var app = plan.application();
        long total = trees.values().stream().mapToLong(TreeIndex.Summary::bytes).sum();
        long files = trees.values().stream().mapToLong(TreeIndex.Summary::files).sum();
        return new Manifest(
                Manifest.FORMAT,
                "Lifeboat " + LifeboatVersion.get(),
                id,
                started.toString(),
                Instant.now().toString(),
                server,
                app,
                comps,
                List.copyOf(dumps.values()),
                new Manifest.Downtime(
                        downtime.startedAt().toString(),
                        downtime.endedAt().toString(),
                        downtime.millis(),
                        healthy,
                        plan.stop().stream().map(ContainerState::label).toList()),
                steps.records(),
                new Manifest.Transfer(plan.transfer(), pre.bytes(), fin.bytes(), files, total),
                plan.previous() == null ? null : plan.previous().getFileName().toString());
    }

    private int retention(Path appDir, Path current) throws EngineException {
        List<Path> all = store.snapshotDirs(appDir);
        List<String> complete = all.stream()
                .filter(SnapshotStore::complete)
                .map(p -> p.getFileName().toString())
                .toList();
        Set<String> keep = retention.keep(complete);
        int removed = 0;
        for (Path p : all) {
            String n = p.getFileName().toString();
            boolean stale = !SnapshotStore.complete(p)
                    && n.compareTo(current.getFileName().toString()) < 0;
            if ((SnapshotStore.complete(p) && !keep.contains(n)) || stale) {
                try {
                    SnapshotStore.delete(p);
                    removed++;
                } catch (IOException e) {
                    listener.on(new WorkflowEvent.Warning(
                            Instant.now(), "Could not remove the old snapshot " + p + ": " + e.getMessage()));
                }
            }
        }
        return removed;
    }

    /** Watches a dump's first bytes for its snapshot marker (null: never; empty: the first byte). */
    static final class MarkerWatch {
        private static final int LOOK_BYTES = 1 << 20;
        private final byte[] marker;
        private final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        private volatile boolean seen;

        MarkerWatch(String marker) {
            this.marker = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        }

        /** Returns true the first time the marker shows. */
        boolean feed(byte[] b, int off, int len) {
            if (marker == null || seen || len <= 0 || head.size() > LOOK_BYTES) {
                return false;
            }
            if (marker.length == 0) {
                seen = true;
                return true;
            }
            head.write(b, off, len);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.contains(new String(marker, StandardCharsets.ISO_8859_1))) {
                seen = true;
                return true;
            }
            return false;
        }

        boolean seen() {
            return seen;
        }
    }

    private static <T> T join(Future<T> f) throws EngineException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted.");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
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
    private static boolean awaitBriefly(java.util.concurrent.CountDownLatch latch) throws CancelledException {
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
        boolean interrupted = Thread.interrupted();
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("a cancelled task ended with {}", e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void checkGuard(java.util.concurrent.atomic.AtomicBoolean lost) throws EngineException {
        if (lost.get()) {
            throw new EngineException("Lifeboat's guard on the server is not running any more (it fired, or the"
                    + " connection was too slow to keep it waiting): the backup stops here.");
        }
    }

    private static void checkCancel(CancelToken cancel) throws CancelledException {
        if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new CancelledException("The backup was cancelled.");
        }
    }

    private static List<String> ids(List<ContainerState> cs) {
        return cs.stream().map(ContainerState::id).toList();
    }

    private static void stopHeartbeat(ScheduledExecutorService s) {
        if (s != null) {
            s.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static OutputSink stepLines(String step, ProgressListener events) {
        return new dev.lifeboat.engine.remote.LineSink() {
            @Override
            protected void line(Stream stream, String line) {
                events.on(new WorkflowEvent.LogLine(Instant.now(), "step:" + step, line));
            }
        };
    }

    /** The last lines of a tool's output, on one line, for an error message. */
    static String lastLines(String s) {
        String[] l = s.split("\n");
        return String.join(" / ", java.util.Arrays.asList(l).subList(Math.max(0, l.length - 3), l.length));
    }

    static String human(long bytes) {
        return dev.lifeboat.engine.model.ByteSizes.human(OptionalLong.of(bytes));
    }

    /** Step bookkeeping: events out, records for the manifest. Thread-safe. */
    /** The downtime window. */
    private static final class Downtime {
        private final ProgressListener events;
        private final AtomicInteger state = new AtomicInteger();
        private Instant startedAt;
        private Instant endedAt;
        private long t0;
        private long millis;

        Downtime(ProgressListener events) {
            this.events = events;
        }

        synchronized void start() {
            startedAt = Instant.now();
            t0 = System.nanoTime();
            state.set(1);
            events.on(new WorkflowEvent.DowntimeStarted(startedAt));
        }

        synchronized void end(boolean healthy) {
            if (state.get() != 1) {
                return;
            }
            state.set(2);
            endedAt = Instant.now();
            millis = (System.nanoTime() - t0) / 1_000_000;
            events.on(new WorkflowEvent.DowntimeEnded(endedAt, Duration.ofMillis(millis), healthy));
        }

        /** Ends the window for the manifest without saying the site is up (it is not: a migration goes on). */
        synchronized void pause() {
            if (state.get() == 1) {
                state.set(2);
                endedAt = Instant.now();
                millis = (System.nanoTime() - t0) / 1_000_000;
            }
        }

        synchronized boolean ended() {
            return state.get() == 2;
        }

        synchronized long millis() {
            return millis;
        }

        synchronized Instant startedAt() {
            return startedAt == null ? Instant.now() : startedAt;
        }

        synchronized Instant endedAt() {
            return endedAt == null ? startedAt() : endedAt;
        }
    }

    /** {@code run.log}: every event of the run as a line (masked already). */
    private static final class RunLog {
        private final List<String> early = new ArrayList<>();
        private BufferedWriter out;

        synchronized void add(WorkflowEvent e) {
            String line = e.at() + " " + EventText.line(e);
            if (out == null) {
                early.add(line);
                return;
            }
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException x) {
                // The run log is a convenience; the run goes on without it.
            }
        }

        synchronized void open(Path file) {
            try {
                out = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                for (String l : early) {
                    out.write(l);
                    out.write('\n');
                }
                early.clear();
            } catch (IOException e) {
                out = null;
            }
        }

        synchronized void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    // Nothing more to write.
                }
                out = null;
            }
        }
    }
}
