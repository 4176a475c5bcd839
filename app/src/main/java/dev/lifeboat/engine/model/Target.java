package dev.lifeboat.engine.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server to reach over SSH, as the user wrote it: {@code user@host[:port]}, {@code ssh://user@host[:port]} or a
 * bare Host alias of {@code ~/.ssh/config}. Parts the user left out are empty; {@code ~/.ssh/config} and defaults
 * fill them later, when connecting.
 *
 * @param user the login name, or empty when not given
 * @param host the host name, address or ssh-config alias; never blank
 * @param port the port, or empty when not given
 */
public record Target(Optional<String> user, String host, Optional<Integer> port) {

    public static final int DEFAULT_SSH_PORT = 22;

    // user@host, user@[v6]:port, host:port; user names as POSIX allows plus the usual '.' and '-'.
    private static final Pattern FORM = Pattern.compile(
            "^(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(\\[[0-9A-Fa-f:.]+\\]|[^@:/\\s\\[\\]]+)(?::(\\d{1,5}))?$");

    public Target {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        port.ifPresent(Target::checkPort);
    }

    /**
     * Parses what a user typed as a target.
     *
     * @throws IllegalArgumentException with a message that says what form is expected
     */
    public static Target parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("ssh://")) {
            s = s.substring("ssh://".length());
            if (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        Matcher m = FORM.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a target: write user@host, user@host:port,"
                    + " ssh://user@host:port or a Host alias from ~/.ssh/config");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        Optional<Integer> port = Optional.ofNullable(m.group(3)).map(Integer::parseInt);
        return new Target(Optional.ofNullable(m.group(1)), host, port);
    }

    /** The target written back in the form {@link #parse} reads. */
    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return user.map(u -> u + "@").orElse("") + h + port.map(p -> ":" + p).orElse("");
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 1 to 65535");
        }
    }
}
