package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshSession;

/**
 * Logs in to the server a profile names, asking the user through {@code prompter} (a host key the first time, a
 * passphrase); blocks, so it runs on a worker thread. What it returns belongs to the caller, who closes it.
 *
 * @param <T> the logged-in server, e.g. {@link SshSession} or a migration's {@code MigrationTarget}
 */
@FunctionalInterface
public interface Connector<T extends AutoCloseable> {
    T connect(ConnectionProfile profile, Prompter prompter) throws EngineException;
}
