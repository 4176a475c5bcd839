package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.stacks.StackRegistry;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import java.nio.file.Path;

/** Test support: the engine's backup, driven as the CLI drives it, as root on a testbed server. */
final class BackupDriver implements AutoCloseable {
    final SshSession session;
    final SshjRemoteShell shell;
    final RsyncTransfer transfer;
    final SnapshotStore store;

    BackupDriver(String server, Path dir, Path store) throws EngineException {
        this.session = TestbedHosts.root(server, tempDir(dir));
        this.shell = new SshjRemoteShell(session);
        this.transfer = new RsyncTransfer(shell);
        this.store = new SnapshotStore(store);
    }

    private static Path tempDir(Path dir) throws EngineException {
        try {
            java.nio.file.Files.createDirectories(dir);
            return java.nio.file.Files.createTempDirectory(dir, "ssh-");
        } catch (java.io.IOException e) {
            throw new EngineException("temp dir", e);
        }
    }

    BackupPlan plan(String app) throws EngineException {
        Applications.Chosen c = Applications.choose(StackRegistry.builtIn(), shell, app, false);
        return new BackupPlanner(
                        shell, store, session.target().host(), session.target().port(), transfer.describe())
                .plan(c.stack(), c.maintenance());
    }

    BackupWorkflow.Result backup(String app, ProgressListener listener, CancelToken cancel) throws EngineException {
        BackupPlan plan = plan(app);
        Manifest.Server server = BackupWorkflow.server(session);
        return new BackupWorkflow(shell, transfer, store, server, Retention.DEFAULT, listener).run(plan, cancel);
    }

    @Override
    public void close() {
        transfer.close();
        shell.close();
        session.close();
    }
}
