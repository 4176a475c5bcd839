package dev.lifeboat.engine.offsite;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.SecretTool;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The off-site repositories' secrets in the desktop's secret store, through {@link SecretTool}: a secret goes in
 * through secret-tool's standard input and comes out on its standard output; it is never an argument. Each secret is
 * found by two attributes: {@code lifeboat-offsite NAME} and {@code secret KIND}. restic reads the password itself
 * with {@link #lookupCommand}.
 */
public final class Keyring {
    /** What a repository keeps in the secret store. */
    public enum Kind {
        PASSWORD("password"),
        S3_KEY_ID("s3-key-id"),
        S3_SECRET("s3-secret");

        final String attribute;

        Kind(String attribute) {
            this.attribute = attribute;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SecretTool secretTool;

    /** The secret store of the desktop session Lifeboat runs in. */
    public Keyring() {
        this(Map.of());
    }

    /**
     * The secret store reached with these variables besides Lifeboat's own ({@code DBUS_SESSION_BUS_ADDRESS} of
     * another session bus: tests start a private one); restic's password command gets them too.
     */
    public Keyring(Map<String, String> environment) {
        this.secretTool = new SecretTool(environment);
    }

    /** What secret-tool needs in its environment besides Lifeboat's own. */
    public Map<String, String> environment() {
        return secretTool.environment();
    }

    /** Keeps {@code value} for repository {@code name}, replacing what was kept. */
    public void store(String name, Kind kind, char[] value) throws EngineException {
        try {
            secretTool.store(
                    "Lifeboat off-site " + name + " " + kind.attribute, attributes(name, kind), value, TIMEOUT);
        } catch (SecretTool.UnavailableException e) {
            throw unavailable(e);
        }
    }

    /** The secret kept for repository {@code name}; fails when there is none or the store cannot be reached. */
    public char[] lookup(String name, Kind kind) throws EngineException {
        SecretTool.Lookup r;
        try {
            r = secretTool.lookup(attributes(name, kind), TIMEOUT);
        } catch (SecretTool.UnavailableException e) {
            throw unavailable(e);
        }
        if (!r.ok() || r.secret().length == 0) {
            Arrays.fill(r.secret(), '\0');
            throw new OffsiteException("The desktop's secret store has no " + kind.attribute + " for the off-site"
                    + " repository " + name
                    + (r.err().isBlank() ? "" : " (" + r.err().strip() + ")") + ". Add the"
                    + " repository again, or give it a password file (lifeboat offsite add ... --password-file FILE).");
        }
        return r.secret();
    }

    /** Forgets what was kept for repository {@code name} (nothing when nothing was). */
    public void clear(String name, Kind kind) throws EngineException {
        try {
            secretTool.clear(attributes(name, kind), TIMEOUT);
        } catch (SecretTool.UnavailableException e) {
            throw unavailable(e);
        }
    }

    /** The command restic runs to read the password ({@code RESTIC_PASSWORD_COMMAND}): it prints it, nothing else. */
    public static String lookupCommand(String name, Kind kind) {
        return SecretTool.lookupCommand(attributes(name, kind));
    }

    private static List<String> attributes(String name, Kind kind) {
        return List.of("lifeboat-offsite", name, "secret", kind.attribute);
    }

    /** Why the store cannot be used, and what to do instead. */
    private static OffsiteException unavailable(SecretTool.UnavailableException e) {
        return new OffsiteException(
                e.getMessage() + " Give the password in a file only you can read instead (chmod 600 FILE;"
                        + " --password-file FILE).",
                e);
    }
}
