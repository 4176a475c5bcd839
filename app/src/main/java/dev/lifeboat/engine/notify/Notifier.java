package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.EngineException;

/**
 * Sends a {@link Notice} over one channel. Implementations wait a bounded time (a connection and a reply each have a
 * limit of seconds) and throw when the channel could not be told; {@link Dispatch} retries and turns that into a
 * warning. Thread-safe: a notifier holds only its configuration.
 */
public interface Notifier {

    /**
     * Sends the notice.
     *
     * @throws EngineException when the channel could not be told (unreachable, refused, rejected the login)
     */
    void send(Notice notice) throws EngineException;
}
