package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.Prompter;

/**
 * What the restore, drill and migration pages ask of the engine, for one connected server. The wizard's seam, like
 * {@code BackupService}: {@link SshRestoreEngine} backs it with the real workflows, GUI tests pass a fake.
 *
 * <p>Threading: every method blocks and is called on a worker thread (through {@code FxTasks}), never on the FX
 * thread. Cancelling interrupts the worker; {@link #run} and {@link #rollback} also honour their token.
 */
public interface RestoreService {

    /** Where the connected server is, for people, e.g. {@code root@srv-a}. */
    String where();

    /**
     * Logs in to the new server of a migration; the host key is confirmed through {@code prompter} the first time.
     * The caller owns the target it returns.
     */
    MigrationTarget connect(ConnectionProfile profile, Prompter prompter) throws EngineException;

    /**
     * Reads what {@code request} will do: the snapshot's manifest, the target's containers, for a migration the
     * backup's plan. Changes nothing.
     *
     * @throws dev.lifeboat.engine.workflow.PreflightException when it cannot run, with what to do
     */
    RestorePlan plan(RestoreRequest request) throws EngineException;

    /**
     * Runs the plan; events leave through {@code listener} from any thread. A result that does not match the snapshot
     * is returned, not thrown.
     */
    RestoreOutcome run(RestorePlan plan, ProgressListener listener, CancelToken cancel) throws EngineException;

    /**
     * After a migration: starts the application on the old server again and waits for its health check. Returns null
     * when it is up, else what is wrong.
     */
    String rollback(RestorePlan plan, ProgressListener listener, CancelToken cancel) throws EngineException;
}
