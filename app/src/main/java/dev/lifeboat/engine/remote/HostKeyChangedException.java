package dev.lifeboat.engine.remote;

/**
 * The server presented a different key than the one known_hosts lists for it. Always refused: either the server was
 * reinstalled, or someone is intercepting the connection.
 */
public class HostKeyChangedException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    public HostKeyChangedException(HostKeyInfo key, String knownHostsFile) {
        super(
                "WARNING: the host key of " + key.displayHost() + " has CHANGED (now " + key.keyType() + " "
                        + key.fingerprint() + "). Someone may be intercepting the connection (man-in-the-middle),"
                        + " or the server was reinstalled. Lifeboat will not connect. If you know the change is"
                        + " legitimate, remove the old entry from " + knownHostsFile
                        + " (ssh-keygen -R " + key.knownHostsName() + ") and connect again.",
                key);
    }
}
