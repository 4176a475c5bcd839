package dev.lifeboat.engine.remote;

/** The host name did not resolve or no route leads to the host. */
public class HostUnreachableException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    public HostUnreachableException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
