package dev.lifeboat.engine.store;

import dev.lifeboat.engine.EngineException;

/**
 * A restore or drill of a damaged snapshot, refused before anything changes (docs/snapshot-format.md): the CLI exits 3,
 * as for any other refusal by a check before a run.
 */
public final class DamagedSnapshotException extends EngineException {
    private static final long serialVersionUID = 1L;

    public DamagedSnapshotException(String message) {
        super(message);
    }
}
