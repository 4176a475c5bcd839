package dev.lifeboat.engine.model;

import java.util.Objects;

/**
 * A saved way to reach one server. Holds no secret: passwords and key passphrases are asked for each time.
 *
 * @param name what the user calls it, unique among profiles
 * @param host host name, address or ssh-config alias
 * @param port SSH port
 * @param user login name
 * @param auth how to authenticate
 * @param keyFile the private key file for {@link AuthMethod#KEY_FILE}, else empty
 */
public record ConnectionProfile(String name, String host, int port, String user, AuthMethod auth, String keyFile) {

    public ConnectionProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(auth, "auth");
        keyFile = keyFile == null ? "" : keyFile;
        Target.checkPort(port);
    }

    /** {@code user@host} or {@code user@host:port} when the port is not 22. */
    public String address() {
        return user + "@" + host + (port == Target.DEFAULT_SSH_PORT ? "" : ":" + port);
    }
}
