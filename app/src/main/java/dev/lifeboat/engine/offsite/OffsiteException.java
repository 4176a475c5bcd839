package dev.lifeboat.engine.offsite;

import dev.lifeboat.engine.EngineException;

/** restic failed, or an off-site repository cannot be used; the message says what to do. */
public class OffsiteException extends EngineException {
    private static final long serialVersionUID = 1L;

    public OffsiteException(String userMessage) {
        super(userMessage);
    }

    public OffsiteException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
