package dev.lifeboat.engine.docker;

import dev.lifeboat.engine.EngineException;

/** The login user may not use Docker on the server: not root, not in the docker group, and no sudo. */
public class DockerPermissionException extends EngineException {
    private static final long serialVersionUID = 1L;

    public DockerPermissionException(String userMessage) {
        super(userMessage);
    }
}
