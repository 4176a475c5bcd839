package dev.lifeboat.engine.transfer;

import dev.lifeboat.engine.EngineException;

/** rsync ended with a failure status; {@link #exitCode()} is rsync's (255: the remote shell failed). */
public class RsyncException extends EngineException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public RsyncException(String userMessage, int exitCode) {
        super(userMessage);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
