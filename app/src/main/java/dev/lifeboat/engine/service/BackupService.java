package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What the backup pages ask of the engine, for one connected server. The wizard's seam: {@link SshBackupEngine} backs
 * it with the real planner, workflow and store; GUI tests pass a fake.
 *
 * <p>Threading: every method blocks and is called on a worker thread (through {@code FxTasks}), never on the FX
 * thread. Cancelling interrupts the worker; {@link #run} also honours its token.
 */
public interface BackupService {

    /** Where the server is, for people, e.g. {@code root@srv-a}. */
    String where();

    /** The application's newest complete snapshots, newest first, at most {@code max}. */
    List<SnapshotInfo> recentSnapshots(DetectedStack stack, int max) throws EngineException;

    /**
     * Where the application's snapshots are besides here: asks every off-site repository once (restic, over the
     * network: seconds, or restic's timeout for a lost server); with no repository configured it asks nothing and
     * returns {@link SnapshotPlaces#NONE}. A repository that cannot be read is named in the result's {@code problems},
     * not thrown.
     *
     * @throws EngineException when the list of repositories cannot be read
     * @throws dev.lifeboat.engine.CancelledException when {@code cancel} fires
     */
    SnapshotPlaces places(DetectedStack stack, CancelToken cancel) throws EngineException;

    /** Re-reads a snapshot against its manifest and records the outcome beside it. */
    Verifier.Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException;

    /**
     * Decides what a backup of {@code stack} will do; reads only.
     *
     * @throws dev.lifeboat.engine.workflow.PreflightException when the backup cannot run, with what to do
     */
    BackupPlan plan(DetectedStack stack) throws EngineException;

    /** Runs the plan; events leave through {@code listener} from any thread. */
    BackupWorkflow.Result run(BackupPlan plan, ProgressListener listener, CancelToken cancel) throws EngineException;
}
