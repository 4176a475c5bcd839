package dev.lifeboat.engine.remote;

/** The host answered but nothing listens on the SSH port (or a jump host refused to forward). */
public class ConnectionRefusedException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    public ConnectionRefusedException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
