package dev.lifeboat.engine.remote;

/** The host did not answer in time (a firewall dropping packets, a host that is down). */
public class ConnectTimeoutException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    public ConnectTimeoutException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
