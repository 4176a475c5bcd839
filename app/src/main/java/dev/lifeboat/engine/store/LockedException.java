package dev.lifeboat.engine.store;

import dev.lifeboat.engine.EngineException;

/** Another run holds the lock: a preflight refusal. */
public final class LockedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
        super(message);
    }
}
