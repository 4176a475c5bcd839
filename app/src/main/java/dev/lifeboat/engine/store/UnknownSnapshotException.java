package dev.lifeboat.engine.store;

import dev.lifeboat.engine.EngineException;

/** A snapshot named by the user that the store does not hold (complete): a mistake in the request, not a failure. */
public final class UnknownSnapshotException extends EngineException {
    public UnknownSnapshotException(String message) {
        super(message);
    }
}
