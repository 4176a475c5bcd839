package dev.lifeboat.engine.remote;

/** The server presented a key that known_hosts does not list, and nobody confirmed its fingerprint. */
public class HostKeyUnknownException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    public HostKeyUnknownException(HostKeyInfo key) {
        super(
                "The host key of " + key.displayHost() + " is not known (" + key.keyType() + " " + key.fingerprint()
                        + "). Check the fingerprint with the server's administrator, then confirm it (CLI:"
                        + " --accept-host-key " + key.fingerprint() + ").",
                key);
    }
}
