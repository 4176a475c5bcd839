package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;

/** No SSH connection could be made; the subclasses say why. Safe to retry later. */
public abstract class ConnectFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    protected ConnectFailedException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
