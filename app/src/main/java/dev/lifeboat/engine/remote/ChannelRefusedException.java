package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;

/** The server refused to open a channel (e.g. a unix socket the login user may not open). */
public class ChannelRefusedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ChannelRefusedException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
