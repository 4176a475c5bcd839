package dev.lifeboat.engine.model;

/** How Lifeboat proves who the user is to the SSH server. */
public enum AuthMethod {
    /** A private key file (OpenSSH or PEM; ed25519, ECDSA or RSA), with a passphrase asked when needed. */
    KEY_FILE("Key file"),
    /** The keys held by the user's running ssh-agent ({@code SSH_AUTH_SOCK}). */
    AGENT("SSH agent"),
    /** A password (or keyboard-interactive), asked each time and never stored. */
    PASSWORD("Password");

    private final String label;

    AuthMethod(String label) {
        this.label = label;
    }

    /** A short human name, e.g. "Key file". */
    public String label() {
        return label;
    }
}
