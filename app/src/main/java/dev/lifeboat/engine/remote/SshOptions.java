package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.model.AuthMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to connect: where known_hosts and ssh config live, which fingerprints the user confirmed ahead of time, which
 * login methods to try, and the timings. Immutable; start from {@link #defaults()}.
 *
 * @param knownHostsFile the OpenSSH known_hosts file to check and to add confirmed keys to
 * @param sshConfigFile the OpenSSH client config, or null for none
 * @param acceptedFingerprints {@code SHA256:...} fingerprints to trust when a host key is unknown (CLI
 *     {@code --accept-host-key}); the key is then remembered
 * @param keyFile a key file chosen explicitly, tried before those of the ssh config; null for none
 * @param methods the login methods to try, in the order of {@link LoginMethod}
 * @param connectTimeout how long to wait for the TCP connection and the SSH handshake
 * @param keepAliveInterval how often to ask the server whether it is still there
 * @param keepAliveMaxMissed after how many unanswered keep-alives the connection counts as dead
 */
public record SshOptions(
        Path knownHostsFile,
        Path sshConfigFile,
        Set<String> acceptedFingerprints,
        Path keyFile,
        Set<LoginMethod> methods,
        Duration connectTimeout,
        Duration keepAliveInterval,
        int keepAliveMaxMissed) {

    /** Ways to log in, tried in this order when the server allows them. */
    public enum LoginMethod {
        KEY_FILE("key file"),
        AGENT("ssh-agent"),
        PASSWORD("password"),
        KEYBOARD_INTERACTIVE("keyboard-interactive");

        private final String label;

        LoginMethod(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SshOptions {
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        acceptedFingerprints = Set.copyOf(acceptedFingerprints);
        methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
    }

    /** The user's own files ({@code ~/.ssh/known_hosts}, {@code ~/.ssh/config}), every method, 2 s keep-alive. */
    public static SshOptions defaults() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        return new SshOptions(
                ssh.resolve("known_hosts"),
                ssh.resolve("config"),
                Set.of(),
                null,
                EnumSet.allOf(LoginMethod.class),
                Duration.ofSeconds(15),
                Duration.ofSeconds(2),
                3);
    }

    /**
     * These options for a saved profile's way of logging in: its key file, the agent, or password (which covers
     * keyboard-interactive, since servers offer either for the same password).
     */
    public SshOptions forProfile(AuthMethod auth, String keyFile) {
        return switch (auth) {
            case KEY_FILE -> withKeyFile(keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile))
                    .withMethods(Set.of(LoginMethod.KEY_FILE));
            case AGENT -> withMethods(Set.of(LoginMethod.AGENT));
            case PASSWORD -> withMethods(Set.of(LoginMethod.PASSWORD, LoginMethod.KEYBOARD_INTERACTIVE));
        };
    }

    public SshOptions withKnownHostsFile(Path file) {
        return new SshOptions(
                file,
                sshConfigFile,
                acceptedFingerprints,
                keyFile,
                methods,
                connectTimeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }

    public SshOptions withSshConfigFile(Path file) {
        return new SshOptions(
                knownHostsFile,
                file,
                acceptedFingerprints,
                keyFile,
                methods,
                connectTimeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }

    public SshOptions withAcceptedFingerprints(Set<String> fingerprints) {
        return new SshOptions(
                knownHostsFile,
                sshConfigFile,
                fingerprints,
                keyFile,
                methods,
                connectTimeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }

    public SshOptions withKeyFile(Path file) {
        return new SshOptions(
                knownHostsFile,
                sshConfigFile,
                acceptedFingerprints,
                file,
                methods,
                connectTimeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }

    public SshOptions withMethods(Set<LoginMethod> only) {
        return new SshOptions(
                knownHostsFile,
                sshConfigFile,
                acceptedFingerprints,
                keyFile,
                only,
                connectTimeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }

    public SshOptions withConnectTimeout(Duration timeout) {
        return new SshOptions(
                knownHostsFile,
                sshConfigFile,
                acceptedFingerprints,
                keyFile,
                methods,
                timeout,
                keepAliveInterval,
                keepAliveMaxMissed);
    }
}
