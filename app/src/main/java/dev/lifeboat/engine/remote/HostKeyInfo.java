package dev.lifeboat.engine.remote;

/**
 * A host key as shown to a person and written to known_hosts.
 *
 * @param host the host name as used to connect (before any jump host)
 * @param port the SSH port
 * @param keyType e.g. {@code ssh-ed25519}
 * @param fingerprint OpenSSH's {@code SHA256:...} form
 * @param publicKeyBase64 the key blob in base64, as in known_hosts
 */
public record HostKeyInfo(String host, int port, String keyType, String fingerprint, String publicKeyBase64) {

    /** {@code host} or {@code [host]:port} as known_hosts writes it. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** {@code host} or {@code host:port}, for messages. */
    public String displayHost() {
        return port == 22 ? host : host + ":" + port;
    }

    /** The known_hosts line for this key, unhashed. */
    public String knownHostsLine() {
        return knownHostsName() + " " + keyType + " " + publicKeyBase64;
    }
}
