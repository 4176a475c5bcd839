package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;

/** A command needs root and the login cannot get it: not root, no sudo rights, or the sudo password was wrong. */
public class SudoException extends EngineException {
    private static final long serialVersionUID = 1L;

    public SudoException(String userMessage) {
        super(userMessage);
    }
}
