package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;

/** A command ran longer than its {@link CommandSpec#timeout()} and was stopped on the server. */
public class CommandTimeoutException extends EngineException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String userMessage) {
        super(userMessage);
    }
}
