package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.UpgradeRecord;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupManifest;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupPlanner;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.DirectCopy;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradePlanner;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A server Lifeboat is logged in to, and everything it does there: detect, plan and run a backup, restore a snapshot,
 * drill it, migrate the application to another server and roll back, plan an upgrade. The one place where the session, the remote
 * shell, the file transfer, the planner and the workflows are put together: the CLI's commands and the wizard (as its
 * {@link BackupService} and {@link RestoreService}) both call it. Each run opens and closes its own file transfer.
 * Closing the server closes its session.
 */
public final class Server implements BackupService, RestoreService, UpgradeService, MigrationTarget {
    private final Lifeboat lifeboat;
    private final SshSession session;
    private final SshjRemoteShell shell;

    Server(Lifeboat lifeboat, SshSession session) {
        this.lifeboat = lifeboat;
        this.session = session;
        this.shell = new SshjRemoteShell(session);
    }

    /** Where it is, for people, e.g. {@code root@srv-a}. */
    @Override
    public String where() {
        return shell.describe();
    }

    public SshEndpoint target() {
        return session.target();
    }

    public SshSession session() {
        return session;
    }

    public RemoteShell shell() {
        return shell;
    }

    /** What runs there (as the login user, or {@code asRoot} through sudo). */
    public Detection detect(boolean asRoot) throws EngineException {
        return survey(asRoot).detection();
    }

    /** A detection and the SSH round trips it took. */
    public record Survey(Detection detection, int roundTrips) {}

    /** What runs there, and how many round trips it took to tell. */
    public Survey survey(boolean asRoot) throws EngineException {
        ShellProbe probe = new ShellProbe(shell, asRoot);
        Detection d = new Detector(lifeboat.stacks()).detect(probe);
        return new Survey(d, probe.commandsRun());
    }

    /** The one application a command works on: {@code app} is its install folder or stack id (null: the only one). */
    public Applications.Chosen choose(String app, boolean sudo) throws EngineException {
        return Applications.choose(lifeboat.stacks(), shell, app, sudo);
    }

    // ------------------------------------------------------------------------------------------ backup

    @Override
    public List<SnapshotInfo> recentSnapshots(DetectedStack stack, int max) throws EngineException {
        return SnapshotInfo.recent(lifeboat.store(), appDir(stack), max);
    }

    private Path appDir(DetectedStack stack) {
        return lifeboat.store()
                .appDir(
                        session.target().host(),
                        session.target().port(),
                        stack.stackId(),
                        stack.compose() == null ? null : stack.compose().name());
    }

    /** What the off-site repositories hold of the application, by snapshot folder (as {@code snapshots} says it). */
    @Override
    public SnapshotPlaces places(DetectedStack stack, CancelToken cancel) throws EngineException {
        Offsite offsite = lifeboat.offsite();
        if (offsite.repositories().isEmpty()) {
            return SnapshotPlaces.NONE; // no restic call at all
        }
        SnapshotStore store = lifeboat.store();
        Path appDir = appDir(stack);
        String prefix = store.idOf(appDir) + "/";
        Set<String> here = new HashSet<>();
        for (Path p : store.snapshotDirs(appDir)) {
            here.add(p.getFileName().toString());
        }
        Offsite.Places places = offsite.places(cancel);
        Map<String, List<String>> byFolder = new TreeMap<>();
        places.repositoriesById().forEach((id, names) -> {
            if (id.startsWith(prefix)) {
                byFolder.put(id.substring(prefix.length()), names);
            }
        });
        List<String> offsiteOnly = byFolder.keySet().stream()
                .filter(f -> !here.contains(f))
                .sorted(Comparator.reverseOrder())
                .toList();
        return new SnapshotPlaces(true, byFolder, offsiteOnly, places.problems());
    }

    @Override
    public Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException {
        return lifeboat.verify(snapshot, bytesRead, cancel);
    }

    @Override
    public BackupPlan plan(DetectedStack stack) throws EngineException {
        return plan(stack, lifeboat.maintenance(stack));
    }

    /** What a backup of {@code stack} will do; reads only. */
    public BackupPlan plan(DetectedStack stack, Maintenance maintenance) throws EngineException {
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            return new BackupPlanner(
                            shell,
                            lifeboat.store(),
                            session.target().host(),
                            session.target().port(),
                            transfer.describe())
                    .plan(stack, maintenance);
        }
    }

    /**
     * Backs up: runs the plan; then, with the site up again, copies the snapshot to the off-site repositories that
     * take the application (a failed copy is a warning: the snapshot is complete here).
     */
    @Override
    public BackupWorkflow.Result run(BackupPlan plan, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        BackupWorkflow.Result r;
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            r = new BackupWorkflow(
                            shell,
                            transfer,
                            lifeboat.store(),
                            BackupWorkflow.server(session),
                            Retention.DEFAULT,
                            listener)
                    .run(plan, cancel);
        }
        lifeboat.offsite().afterBackup(r.snapshot(), listener, cancel);
        return r;
    }

    // ------------------------------------------------------------------------------------------ restore

    /** Puts a snapshot back here; a damaged one is refused before anything changes. */
    public RestoreWorkflow.Result restore(
            Path snapshot, RestoreWorkflow.Options options, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        Manifest m = SnapshotStore.requireComplete(snapshot).manifest();
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            transfer.prepare();
            return new RestoreWorkflow(
                            shell,
                            transfer,
                            lifeboat.maintenance(m.application().stack()),
                            lifeboat.stacks(),
                            listener)
                    .run(snapshot, options, cancel);
        }
    }

    /**
     * Rehearses the restore of a snapshot in a throw-away copy here, and records the outcome beside it; a damaged one
     * is refused before anything changes.
     */
    public DrillRecord drill(Path snapshot, boolean keep, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        Manifest m = SnapshotStore.requireComplete(snapshot).manifest();
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            transfer.prepare();
            return new DrillWorkflow(
                            shell,
                            transfer,
                            lifeboat.maintenance(m.application().stack()),
                            listener)
                    .run(snapshot, shell.describe(), keep, cancel);
        }
    }

    /**
     * Moves the planned application from here to {@code target}: files server to server where it can ({@code
     * direct}), this server left stopped, the new site URL written there.
     */
    public MigrateWorkflow.Result migrate(
            BackupPlan plan,
            Maintenance maintenance,
            Server target,
            String siteUrl,
            boolean overwrite,
            boolean direct,
            ProgressListener listener,
            CancelToken cancel)
            throws EngineException {
        try (RsyncTransfer from = new RsyncTransfer(shell);
                RsyncTransfer to = new RsyncTransfer(target.shell)) {
            to.prepare();
            BackupWorkflow backup = new BackupWorkflow(
                            shell, from, lifeboat.store(), BackupWorkflow.server(session), Retention.DEFAULT, listener)
                    .leaveStopped();
            RestoreWorkflow restore = new RestoreWorkflow(target.shell, to, maintenance, lifeboat.stacks(), listener);
            return new MigrateWorkflow(listener)
                    .run(
                            plan,
                            backup,
                            shell,
                            restore,
                            direct ? DirectCopy.To.of(target.session, target.shell) : null,
                            siteUrl,
                            overwrite,
                            cancel);
        }
    }

    /** After a migration: starts the application here again. Null when it is up, else what is wrong. */
    public String rollback(String project, Maintenance maintenance, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        return new MigrateWorkflow(listener).rollback(shell, project, maintenance, cancel);
    }

    /** What the target's checks that read only say (root, Docker, compose, rsync, images); the project's containers. */
    public List<ContainerState> checkTarget(Manifest.Application app, Maintenance maintenance) throws EngineException {
        // overwrite=true: a project that is there is listed on the Plan page, not refused here.
        return new RestoreWorkflow(shell, null, maintenance, lifeboat.stacks(), ProgressListener.NONE)
                .check(app, RestoreWorkflow.Options.inPlace(true))
                .existing();
    }

    // ------------------------------------------------------------------------------------------ upgrade

    /**
     * What upgrading {@code stack} to {@code target} will do (issue 20, ADR 0014): the version change, the snapshot,
     * the rehearsal on a throw-away copy and the live part; reads only. A target the catalogue refuses is a {@link
     * dev.lifeboat.engine.workflow.PreflightException} that says why and what to do.
     *
     * @param asRoot read the installation's files as root (through sudo), as {@code --sudo} detection does
     */
    public UpgradePlan planUpgrade(DetectedStack stack, String target, boolean asRoot) throws EngineException {
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            BackupPlanner backups = new BackupPlanner(
                    shell,
                    lifeboat.store(),
                    session.target().host(),
                    session.target().port(),
                    transfer.describe());
            return new UpgradePlanner(new ShellProbe(shell, asRoot), backups)
                    .plan(lifeboat.stack(stack.stackId()), stack, lifeboat.maintenance(stack), target);
        }
    }

    /**
     * The window's plan of an upgrade: the installation's files read as root (through sudo) when the login is not
     * root, as the window's detection does.
     */
    @Override
    public UpgradePlan planUpgrade(DetectedStack stack, String target) throws EngineException {
        return planUpgrade(stack, target, !"root".equals(session.target().user()));
    }

    @Override
    public java.util.Optional<dev.lifeboat.engine.stacks.Upgrades.Offered> upgradeOffer(DetectedStack stack)
            throws EngineException {
        return UpgradePlanner.offered(
                new ShellProbe(shell, !"root".equals(session.target().user())),
                new Docker(shell),
                lifeboat.stack(stack.stackId()),
                stack);
    }

    /**
     * Upgrades as the plan says (issue 20): a fresh snapshot, the rehearsal on a throw-away copy, then the live part,
     * rolled back by itself when it fails. See {@link UpgradeWorkflow#run} for what it throws.
     */
    @Override
    public UpgradeWorkflow.Result upgrade(UpgradePlan plan, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            transfer.prepare();
            return new UpgradeWorkflow(
                            shell,
                            transfer,
                            lifeboat.store(),
                            BackupWorkflow.server(session),
                            lifeboat.stacks(),
                            listener)
                    .run(plan, cancel);
        }
    }

    /** The last upgrade of an application that the store records: its live snapshot and its record. */
    public record RecordedUpgrade(Path snapshot, UpgradeRecord record) {}

    /** The newest upgrade of {@code stack} recorded in the store, if any. */
    public java.util.Optional<RecordedUpgrade> lastUpgrade(DetectedStack stack) throws EngineException {
        List<Path> dirs = new java.util.ArrayList<>(lifeboat.store().snapshotDirs(appDir(stack)));
        dirs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (Path d : dirs) {
            java.util.Optional<UpgradeRecord> r = UpgradeRecord.read(d);
            if (r.isPresent()) {
                return java.util.Optional.of(new RecordedUpgrade(d, r.get()));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The way back after an upgrade, by hand: the files the upgrade wrote put back, then the snapshot it took with the
     * site stopped restored in place. Refused (nothing changed) when the store records no upgrade of it.
     */
    @Override
    public RestoreWorkflow.Result rollbackUpgrade(DetectedStack stack, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        RecordedUpgrade u = lastUpgrade(stack)
                .orElseThrow(() -> new dev.lifeboat.engine.workflow.PreflightException("The store "
                        + lifeboat.store().root() + " records no upgrade of " + stack.displayName() + " in "
                        + stack.installDir() + " on " + where() + ": there is nothing to roll back. (An upgrade"
                        + " records its way back beside the snapshot it takes with the site stopped.)"));
        Manifest m = SnapshotStore.requireComplete(u.snapshot()).manifest();
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            transfer.prepare();
            return new UpgradeWorkflow(
                            shell,
                            transfer,
                            lifeboat.store(),
                            BackupWorkflow.server(session),
                            lifeboat.stacks(),
                            listener)
                    .rollback(
                            u.snapshot(),
                            u.record(),
                            lifeboat.maintenance(m.application().stack()),
                            cancel);
        }
    }

    // ------------------------------------------------------------------------------------------ the wizard's

    @Override
    public MigrationTarget connect(ConnectionProfile profile, Prompter prompter) throws EngineException {
        return lifeboat.connect(profile, prompter);
    }

    @Override
    public RestorePlan plan(RestoreRequest r) throws EngineException {
        switch (r.kind()) {
            case DRILL: {
                Manifest m = SnapshotStore.requireComplete(r.snapshot().path()).manifest();
                RestoreWorkflow.Relocation copy = DrillWorkflow.relocation(m);
                return new RestorePlan(
                        r,
                        m,
                        DrillWorkflow.options(m),
                        lifeboat.maintenance(m.application().stack()),
                        where(),
                        where(),
                        new Docker(shell).project(copy.project()),
                        null,
                        List.of());
            }
            case MIGRATE: {
                Server t = target(r);
                Maintenance maint = lifeboat.maintenance(r.stack());
                BackupPlan backup = plan(r.stack(), maint);
                return new RestorePlan(
                        r,
                        BackupManifest.planned(backup),
                        new RestoreWorkflow.Options(r.overwrite(), r.siteUrl(), null),
                        maint,
                        where(),
                        t.where(),
                        t.checkTarget(backup.application(), maint),
                        backup,
                        backup.warnings());
            }
            default: {
                Manifest m = SnapshotStore.requireComplete(r.snapshot().path()).manifest();
                Maintenance maint = lifeboat.maintenance(m.application().stack());
                return new RestorePlan(
                        r,
                        m,
                        RestoreWorkflow.Options.inPlace(r.overwrite()),
                        maint,
                        where(),
                        where(),
                        checkTarget(m.application(), maint),
                        null,
                        List.of());
            }
        }
    }

    @Override
    public RestoreOutcome run(RestorePlan p, ProgressListener listener, CancelToken cancel) throws EngineException {
        long t0 = System.nanoTime();
        Path snapshot = p.kind() == RestoreRequest.Kind.MIGRATE
                ? null
                : p.request().snapshot().path();
        switch (p.kind()) {
            case DRILL: {
                DrillRecord d = drill(snapshot, false, listener, cancel);
                return new RestoreOutcome(p, null, d, null, millis(t0));
            }
            case MIGRATE: {
                MigrateWorkflow.Result r = migrate(
                        p.backup(),
                        p.maintenance(),
                        target(p.request()),
                        p.options().siteUrl(),
                        p.options().overwrite(),
                        true,
                        listener,
                        cancel);
                return new RestoreOutcome(p, r.restore(), null, r, millis(t0));
            }
            default: {
                RestoreWorkflow.Result r = restore(snapshot, p.options(), listener, cancel);
                return new RestoreOutcome(p, r, null, null, millis(t0));
            }
        }
    }

    @Override
    public String rollback(RestorePlan p, ProgressListener listener, CancelToken cancel) throws EngineException {
        if (p.backup() == null) {
            throw new IllegalArgumentException("only a migration is rolled back");
        }
        return rollback(p.backup().project(), p.maintenance(), listener, cancel);
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Server target(RestoreRequest r) {
        if (r.target() instanceof Server t) {
            return t;
        }
        throw new IllegalArgumentException("a migration needs a target logged in to by Server.connect");
    }

    @Override
    public void close() {
        shell.close();
        session.close();
    }
}
