package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;

/** Another run holds the application's lock on the server: a preflight refusal. */
public final class ServerLockedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ServerLockedException(String message) {
        super(message);
    }
}
