package dev.lifeboat.ui.restore;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.DockerCli;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
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
import dev.lifeboat.ui.connect.Connector;
import java.nio.file.Path;
import java.util.List;

/**
 * The real {@link RestoreEngine}: the restore, drill and migration workflows over the open session, wired as {@code
 * lifeboat restore}, {@code drill} and {@code migrate} wire them. The session belongs to the caller; each run opens
 * and closes its own rsync transfers. A migration's target is a second session, opened by {@link #connect}.
 */
public final class SshRestoreEngine implements RestoreEngine {
    private final SshSession session;
    private final SshjRemoteShell shell;
    private final SnapshotStore store;
    private final List<Stack> stacks;
    private final Connector connector;

    /**
     * @param stacks the stacks detection used, to find how each application is stopped, started and named
     * @param connector logs in to a migration's new server
     */
    public SshRestoreEngine(
            SshSession session, SshjRemoteShell shell, SnapshotStore store, List<Stack> stacks, Connector connector) {
        this.session = session;
        this.shell = shell;
        this.store = store;
        this.stacks = List.copyOf(stacks);
        this.connector = connector;
    }

    @Override
    public String where() {
        return shell.describe();
    }

    @Override
    public MigrationTarget connect(ConnectionProfile profile, Prompter prompter) throws EngineException {
        SshSession s = connector.connect(profile, prompter);
        return new SshTarget(s, new SshjRemoteShell(s));
    }

    @Override
    public RestorePlan plan(RestoreRequest r) throws EngineException {
        DockerCli docker = new DockerCli(shell);
        switch (r.kind()) {
            case DRILL: {
                Manifest m = SnapshotStore.readManifest(r.snapshot().path());
                RestoreWorkflow.Relocation copy = DrillWorkflow.relocation(m);
                return new RestorePlan(
                        r,
                        m,
                        new RestoreWorkflow.Options(false, null, copy),
                        maintenance(m.application().stack()),
                        where(),
                        where(),
                        docker.project(copy.project()),
                        null,
                        List.of());
            }
            case MIGRATE: {
                SshTarget t = target(r);
                Maintenance maint = Applications.maintenance(stacks, r.stack());
                BackupPlan backup;
                try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
                    backup = new BackupPlanner(
                                    shell,
                                    store,
                                    session.target().host(),
                                    session.target().port(),
                                    transfer.describe())
                            .plan(r.stack(), maint);
                }
                RestoreWorkflow.Options o = new RestoreWorkflow.Options(r.overwrite(), r.siteUrl(), null);
                List<ContainerState> existing = check(t.shell, maint, backup.application());
                return new RestorePlan(
                        r,
                        BackupManifest.planned(backup),
                        o,
                        maint,
                        where(),
                        t.where(),
                        existing,
                        backup,
                        backup.warnings());
            }
            default: {
                Manifest m = SnapshotStore.readManifest(r.snapshot().path());
                Maintenance maint = maintenance(m.application().stack());
                List<ContainerState> existing = check(shell, maint, m.application());
                return new RestorePlan(
                        r,
                        m,
                        RestoreWorkflow.Options.inPlace(r.overwrite()),
                        maint,
                        where(),
                        where(),
                        existing,
                        null,
                        List.of());
            }
        }
    }

    /**
     * The restore's own checks of the target that read only (root, Docker, compose, rsync, the images), done now so
     * that the Plan page refuses what the run would; returns what runs of the project there.
     */
    private static List<ContainerState> check(SshjRemoteShell on, Maintenance maint, Manifest.Application app)
            throws EngineException {
        // overwrite=true: a project that is there is listed on the Plan page, not refused here.
        return new RestoreWorkflow(on, null, maint, e -> {})
                .check(app, RestoreWorkflow.Options.inPlace(true))
                .existing();
    }

    @Override
    public RestoreOutcome run(RestorePlan p, ProgressListener listener, CancelToken cancel) throws EngineException {
        long t0 = System.nanoTime();
        switch (p.kind()) {
            case DRILL: {
                try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
                    transfer.prepare();
                    DrillRecord d = new DrillWorkflow(shell, transfer, p.maintenance(), listener)
                            .run(snapshot(p), shell.describe(), false, cancel);
                    return new RestoreOutcome(p, null, d, null, millis(t0));
                }
            }
            case MIGRATE: {
                SshTarget t = target(p.request());
                try (RsyncTransfer from = new RsyncTransfer(shell);
                        RsyncTransfer to = new RsyncTransfer(t.shell)) {
                    to.prepare();
                    BackupWorkflow backup = new BackupWorkflow(
                                    shell, from, store, BackupWorkflow.server(session), Retention.DEFAULT, listener)
                            .leaveStopped();
                    RestoreWorkflow restore = new RestoreWorkflow(t.shell, to, p.maintenance(), listener);
                    MigrateWorkflow.Result r = new MigrateWorkflow(listener)
                            .run(
                                    p.backup(),
                                    backup,
                                    shell,
                                    restore,
                                    DirectCopy.To.of(t.session, t.shell),
                                    p.options().siteUrl(),
                                    p.options().overwrite(),
                                    cancel);
                    return new RestoreOutcome(p, r.restore(), null, r, millis(t0));
                }
            }
            default: {
                try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
                    transfer.prepare();
                    RestoreWorkflow.Result r = new RestoreWorkflow(shell, transfer, p.maintenance(), listener)
                            .run(snapshot(p), p.options(), cancel);
                    return new RestoreOutcome(p, r, null, null, millis(t0));
                }
            }
        }
    }

    @Override
    public String rollback(RestorePlan p, ProgressListener listener, CancelToken cancel) throws EngineException {
        if (p.backup() == null) {
            throw new IllegalArgumentException("only a migration is rolled back");
        }
        return new MigrateWorkflow(listener).rollback(shell, p.backup().project(), p.maintenance(), cancel);
    }

    private static Path snapshot(RestorePlan p) {
        return p.request().snapshot().path();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** How an application of a snapshot's stack is stopped and started: its stack's, or the generic compose one. */
    private Maintenance maintenance(String stackId) {
        return stacks.stream()
                .filter(s -> s.id().equals(stackId))
                .findFirst()
                .map(Stack::maintenance)
                .orElse(Maintenance.generic());
    }

    private static SshTarget target(RestoreRequest r) {
        if (r.target() instanceof SshTarget t) {
            return t;
        }
        throw new IllegalArgumentException("a migration needs a target logged in to by SshRestoreEngine.connect");
    }

    /** A migration's new server: its own session and shell. */
    private static final class SshTarget implements MigrationTarget {
        private final SshSession session;
        private final SshjRemoteShell shell;

        SshTarget(SshSession session, SshjRemoteShell shell) {
            this.session = session;
            this.shell = shell;
        }

        @Override
        public String where() {
            return shell.describe();
        }

        @Override
        public void close() {
            shell.close();
            session.close();
        }
    }
}
