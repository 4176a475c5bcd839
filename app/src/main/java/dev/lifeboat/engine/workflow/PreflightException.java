package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;

/** A preflight check refused the run before anything changed (exit 3); the message says why and what to do. */
public final class PreflightException extends EngineException {
    private static final long serialVersionUID = 1L;

    public PreflightException(String message) {
        super(message);
    }

    public PreflightException(String message, Throwable cause) {
        super(message, cause);
    }
}
