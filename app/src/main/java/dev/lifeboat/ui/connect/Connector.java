package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshSession;

/** Logs in to the server a profile names; blocks, so it runs on a worker thread. */
@FunctionalInterface
public interface Connector {
    SshSession connect(ConnectionProfile profile, Prompter prompter) throws EngineException;
}
