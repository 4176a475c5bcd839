package dev.lifeboat.engine.remote;

/**
 * An established connection broke (the keep-alive went unanswered, the server went away). What ran on the server may
 * or may not have finished; the session reconnects on the next use.
 */
public class ConnectionLostException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
