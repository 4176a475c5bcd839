package dev.lifeboat.engine.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command to run on a server, as a value: the argument list, the secrets it needs, whether it changes anything,
 * whether it needs root, and how long it may take. Built by the engine's steps, run in exactly one place (the remote
 * shell), and compared by tests argument by argument.
 *
 * <p>Secrets never go into {@link #args()}. A command that needs one names it in {@link #secretEnv()}: the shell
 * delivers each value through the command's standard input and exports it as an environment variable of that name
 * before the command starts (so a dump tool reads e.g. {@code MYSQL_PWD} or {@code PGPASSWORD}); arguments may refer
 * to it only as {@code "$NAME"} inside an explicit {@code sh -c} script. {@link #display()} masks every secret value
 * wherever it occurs, and is the only form that may be logged.
 *
 * @param args the program and its arguments, unquoted; never empty
 * @param secretEnv secret environment variables by name (values are secrets), in a stable order
 * @param mutating true when the command changes the server (stop, write, delete); false for read-only probes
 * @param sudo true when the command must run as root (the shell adds sudo for a non-root login)
 * @param timeout how long it may run before it is stopped; empty for no limit
 */
public record CommandSpec(
        List<String> args, Map<String, String> secretEnv, boolean mutating, boolean sudo, Optional<Duration> timeout) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    public static final String MASK = "****";

    public CommandSpec {
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        secretEnv = Collections.unmodifiableMap(new LinkedHashMap<>(secretEnv));
        for (Map.Entry<String, String> e : secretEnv.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("not an environment variable name: " + e.getKey());
            }
            Objects.requireNonNull(e.getValue(), "secret value");
            if (!e.getValue().isEmpty() && args.stream().anyMatch(a -> a.contains(e.getValue()))) {
                throw new IllegalArgumentException(
                        "secret " + e.getKey() + " appears in the arguments; pass it as $" + e.getKey() + " instead");
            }
        }
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A command that only reads. */
    public static CommandSpec read(String... args) {
        return new CommandSpec(List.of(args), Map.of(), false, false, Optional.empty());
    }

    /** A command that changes the server. */
    public static CommandSpec write(String... args) {
        return new CommandSpec(List.of(args), Map.of(), true, false, Optional.empty());
    }

    /** A read-only command from an argument list. */
    public static CommandSpec read(List<String> args) {
        return new CommandSpec(args, Map.of(), false, false, Optional.empty());
    }

    /** A changing command from an argument list. */
    public static CommandSpec write(List<String> args) {
        return new CommandSpec(args, Map.of(), true, false, Optional.empty());
    }

    /**
     * A POSIX {@code sh} script with its data as arguments ({@code sh -c SCRIPT sh ARGS...}: the data are never
     * spliced into the script, so a path with quotes or spaces stays one word).
     */
    public static CommandSpec script(String script, List<String> args, boolean mutating) {
        List<String> all = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        all.addAll(args);
        return new CommandSpec(all, Map.of(), mutating, false, Optional.empty());
    }

    /** This command with one more secret environment variable. */
    public CommandSpec withSecret(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(secretEnv);
        m.put(name, value);
        return new CommandSpec(args, m, mutating, sudo, timeout);
    }

    /** This command, run as root. */
    public CommandSpec asRoot() {
        return new CommandSpec(args, secretEnv, mutating, true, timeout);
    }

    /** This command with a time limit. */
    public CommandSpec withTimeout(Duration limit) {
        return new CommandSpec(args, secretEnv, mutating, sudo, Optional.of(limit));
    }

    /**
     * The arguments quoted for a POSIX shell and joined with spaces: what the remote shell sends as the exec
     * request. Contains no secret (they are not in {@link #args()}).
     */
    public String toShellLine() {
        List<String> quoted = new ArrayList<>(args.size());
        for (String a : args) {
            quoted.add(quote(a));
        }
        return String.join(" ", quoted);
    }

    /** The command as it may be shown and logged: quoted, prefixed with sudo when needed, secrets masked. */
    public String display() {
        String line = (sudo ? "sudo " : "") + toShellLine();
        for (Map.Entry<String, String> e : secretEnv.entrySet()) {
            if (!e.getValue().isEmpty()) {
                line = line.replace(e.getValue(), MASK);
            }
        }
        String secrets = secretEnv.isEmpty() ? "" : " [secrets: " + String.join(", ", secretEnv.keySet()) + "]";
        return line + secrets;
    }

    /** Masks every secret of this command in a text, e.g. a line of the command's own output, before it is logged. */
    public String mask(String text) {
        String s = text;
        for (String v : secretEnv.values()) {
            if (!v.isEmpty()) {
                s = s.replace(v, MASK);
            }
        }
        return s;
    }

    /** Quotes one word for a POSIX shell: unchanged when it is plainly safe, else in single quotes. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return display();
    }
}
