package dev.lifeboat.engine;

/**
 * The one checked exception of the engine: a short message a person can act on ({@link #getMessage()}), and the
 * technical cause for the log. Library exceptions are wrapped into it at package boundaries.
 */
public class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineException(String userMessage) {
        super(userMessage);
    }

    public EngineException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
