package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;

/**
 * The server's host key could not be verified, so Lifeboat refused to talk to it. The CLI exits with 4 for every
 * subclass.
 */
public abstract class HostKeyException extends EngineException {
    private static final long serialVersionUID = 1L;
    private final HostKeyInfo key;

    protected HostKeyException(String userMessage, HostKeyInfo key) {
        super(userMessage);
        this.key = key;
    }

    /** The key the server presented. */
    public HostKeyInfo key() {
        return key;
    }
}
