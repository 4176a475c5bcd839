package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;

/** A dump tool is not in the database's container: a preflight refusal, not a failure of the run. */
public final class ToolMissingException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ToolMissingException(String message) {
        super(message);
    }
}
