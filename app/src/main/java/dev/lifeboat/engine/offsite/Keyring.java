package dev.lifeboat.engine.offsite;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The desktop's secret store (GNOME Keyring, KWallet's Secret Service ...) through {@code secret-tool} (Debian's
 * {@code libsecret-tools}). A secret goes in through secret-tool's standard input and comes out on its standard
 * output; it is never an argument. Each secret is found by two attributes: {@code lifeboat-offsite NAME} and {@code
 * secret KIND}. restic reads the password itself with {@link #lookupCommand}.
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

    private static final String TOOL = "secret-tool";
    private static final long TIMEOUT_SECONDS = 60;

    private final Map<String, String> environment;

    /** The secret store of the desktop session Lifeboat runs in. */
    public Keyring() {
        this(Map.of());
    }

    /**
     * The secret store reached with these variables besides Lifeboat's own ({@code DBUS_SESSION_BUS_ADDRESS} of
     * another session bus: tests start a private one); restic's password command gets them too.
     */
    public Keyring(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What secret-tool needs in its environment besides Lifeboat's own. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Keeps {@code value} for repository {@code name}, replacing what was kept. */
    public void store(String name, Kind kind, char[] value) throws EngineException {
        List<String> cmd =
                new ArrayList<>(List.of(TOOL, "store", "--label", "Lifeboat off-site " + name + " " + kind.attribute));
        cmd.addAll(attributes(name, kind));
        byte[] bytes = bytes(value);
        try {
            Run r = run(cmd, bytes);
            if (r.exit != 0) {
                throw unavailable("could not keep the secret (" + r.err.strip() + ")");
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The secret kept for repository {@code name}; fails when there is none or the store cannot be reached. */
    public char[] lookup(String name, Kind kind) throws EngineException {
        List<String> cmd = new ArrayList<>(List.of(TOOL, "lookup"));
        cmd.addAll(attributes(name, kind));
        Run r = run(cmd, new byte[0]);
        if (r.exit != 0 || r.out.length == 0) {
            Arrays.fill(r.out, (byte) 0);
            throw new OffsiteException("The desktop's secret store has no " + kind.attribute + " for the off-site"
                    + " repository " + name + (r.err.isBlank() ? "" : " (" + r.err.strip() + ")") + ". Add the"
                    + " repository again, or give it a password file (lifeboat offsite add ... --password-file FILE).");
        }
        CharBuffer c = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(r.out));
        Arrays.fill(r.out, (byte) 0);
        char[] value = new char[c.remaining()];
        c.get(value);
        return value;
    }

    /** Forgets what was kept for repository {@code name} (nothing when nothing was). */
    public void clear(String name, Kind kind) throws EngineException {
        List<String> cmd = new ArrayList<>(List.of(TOOL, "clear"));
        cmd.addAll(attributes(name, kind));
        run(cmd, new byte[0]);
    }

    /** The command restic runs to read the password ({@code RESTIC_PASSWORD_COMMAND}): it prints it, nothing else. */
    public static String lookupCommand(String name, Kind kind) {
        return TOOL + " lookup " + String.join(" ", attributes(name, kind));
    }

    private static List<String> attributes(String name, Kind kind) {
        return List.of("lifeboat-offsite", name, "secret", kind.attribute);
    }

    private record Run(int exit, byte[] out, String err) {}

    private Run run(List<String> cmd, byte[] stdin) throws EngineException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(environment);
            p = pb.start();
        } catch (IOException e) {
            throw unavailable("secret-tool is not installed (sudo apt install libsecret-tools)");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // secret-tool ended before reading: its exit code says why.
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw unavailable("secret-tool did not answer (is the secret store locked?)");
            }
            return new Run(p.exitValue(), out, err);
        } catch (IOException e) {
            throw unavailable(e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new dev.lifeboat.engine.CancelledException("Interrupted while asking the secret store.");
        }
    }

    private static OffsiteException unavailable(String why) {
        return new OffsiteException("The desktop's secret store cannot be used here: " + why + ". Give the password in"
                + " a file only you can read instead (chmod 600 FILE; --password-file FILE).");
    }

    private static byte[] bytes(char[] value) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
