package dev.lifeboat.ui.backup;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.stacks.Stack;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupPlanner;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The real {@link BackupEngine}: the planner, workflow and store over one open session, wired as {@code lifeboat
 * backup} wires them. The session belongs to the caller; each run opens and closes its own rsync transfer.
 */
public final class SshBackupEngine implements BackupEngine {
    private final SshSession session;
    private final SshjRemoteShell shell;
    private final SnapshotStore store;
    private final List<Stack> stacks;

    /** @param stacks the stacks detection used, to find how each application is stopped and started */
    public SshBackupEngine(SshSession session, SshjRemoteShell shell, SnapshotStore store, List<Stack> stacks) {
        this.session = session;
        this.shell = shell;
        this.store = store;
        this.stacks = List.copyOf(stacks);
    }

    @Override
    public String where() {
        return shell.describe();
    }

    @Override
    public List<SnapshotInfo> recentSnapshots(DetectedStack stack, int max) throws EngineException {
        Path appDir = store.appDir(
                session.target().host(),
                session.target().port(),
                stack.stackId(),
                stack.compose() == null ? null : stack.compose().name());
        List<Path> all = store.snapshotDirs(appDir);
        List<SnapshotInfo> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < max; i--) {
            if (SnapshotStore.complete(all.get(i))) {
                out.add(SnapshotInfo.read(all.get(i)));
            }
        }
        return out;
    }

    @Override
    public Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException {
        Verifier.Result r = Verifier.verify(snapshot, bytesRead, cancel);
        StoreStats.recordVerified(snapshot, r.ok());
        return r;
    }

    @Override
    public BackupPlan plan(DetectedStack stack) throws EngineException {
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            return new BackupPlanner(
                            shell,
                            store,
                            session.target().host(),
                            session.target().port(),
                            transfer.describe())
                    .plan(stack, Applications.maintenance(stacks, stack));
        }
    }

    @Override
    public BackupWorkflow.Result run(BackupPlan plan, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        Manifest.Server server = BackupWorkflow.server(session);
        try (RsyncTransfer transfer = new RsyncTransfer(shell)) {
            return new BackupWorkflow(shell, transfer, store, server, Retention.DEFAULT, listener).run(plan, cancel);
        }
    }
}
