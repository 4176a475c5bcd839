package dev.lifeboat.engine.config;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.schedule.LocalProgram;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The desktop's secret store (GNOME Keyring, KeePassXC, KWallet's Secret Service ...) through {@code secret-tool}
 * (Debian's {@code libsecret-tools}): the one place Lifeboat runs it. A secret goes in through secret-tool's standard
 * input and comes out on its standard output; it is never an argument. Callers find their secrets by their own
 * attributes ({@link Secrets}: {@code application lifeboat id ID}; the off-site repositories' keyring: {@code
 * lifeboat-offsite NAME secret KIND}), which must not change: secrets users stored are found by them. Thread-safe.
 */
public final class SecretTool {
    private static final String PROGRAM = "secret-tool";
    private static final String DEBIAN_PACKAGE = "libsecret-tools";

    /** The secret store cannot be used here: secret-tool is missing, did not answer, or did not keep the secret. */
    public static final class UnavailableException extends EngineException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String why, Throwable cause) {
            super("The desktop's secret store cannot be used here: " + why + ".", cause);
        }
    }

    /**
     * What a lookup found.
     *
     * @param exit secret-tool's exit code: 0 when it found the secret, 1 when there is none or the store could not
     *     be reached (then {@code err} says why)
     * @param secret what it printed (the secret when {@code exit} is 0); the caller wipes it
     * @param err what it said on its standard error
     */
    public record Lookup(int exit, char[] secret, String err) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private final Map<String, String> environment;

    /**
     * @param environment variables for secret-tool besides this process's own ({@code DBUS_SESSION_BUS_ADDRESS} of
     *     another session bus: tests start a private one)
     */
    public SecretTool(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What secret-tool needs in its environment besides this process's own. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Whether secret-tool is on the PATH. */
    public static boolean installed() {
        return LocalProgram.exists(PROGRAM);
    }

    /**
     * Keeps {@code value} under {@code attributes} (name, value, name, value ...), replacing what was kept there.
     *
     * @throws UnavailableException when secret-tool is missing, did not answer, or did not keep it
     */
    public void store(String label, List<String> attributes, char[] value, Duration timeout) throws EngineException {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "store", "--label=" + label));
        argv.addAll(attributes);
        byte[] bytes = utf8(value);
        try {
            LocalProgram.RawResult r = run(argv, bytes, timeout);
            Arrays.fill(r.out(), (byte) 0);
            if (r.exit() != 0) {
                throw new UnavailableException(
                        "could not keep the secret (" + r.err().strip() + ")", null);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * The secret kept under {@code attributes}, or what secret-tool said when it has none.
     *
     * @throws UnavailableException when secret-tool is missing or did not answer
     */
    public Lookup lookup(List<String> attributes, Duration timeout) throws EngineException {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "lookup"));
        argv.addAll(attributes);
        LocalProgram.RawResult r = run(argv, null, timeout);
        CharBuffer c = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(r.out()));
        Arrays.fill(r.out(), (byte) 0);
        char[] secret = new char[c.remaining()];
        c.get(secret);
        if (c.hasArray()) {
            Arrays.fill(c.array(), '\0');
        }
        return new Lookup(r.exit(), secret, r.err());
    }

    /**
     * Forgets what was kept under {@code attributes} (nothing when nothing was).
     *
     * @throws UnavailableException when secret-tool is missing or did not answer
     */
    public void clear(List<String> attributes, Duration timeout) throws EngineException {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "clear"));
        argv.addAll(attributes);
        run(argv, null, timeout);
    }

    /** The command line that prints the secret kept under {@code attributes}, nothing else (for another program). */
    public static String lookupCommand(List<String> attributes) {
        return PROGRAM + " lookup " + String.join(" ", attributes);
    }

    private LocalProgram.RawResult run(List<String> argv, byte[] stdin, Duration timeout) throws EngineException {
        if (!installed()) {
            throw new UnavailableException(
                    PROGRAM + " is not installed (sudo apt install " + DEBIAN_PACKAGE + ")", null);
        }
        try {
            return LocalProgram.runRaw(argv, stdin, environment, timeout, DEBIAN_PACKAGE);
        } catch (LocalProgram.TimedOutException e) {
            throw new UnavailableException(PROGRAM + " did not answer (is the secret store locked?)", e);
        }
    }

    /** The UTF-8 bytes of a secret, with no copy left behind but the one returned (the caller wipes it). */
    static byte[] utf8(char[] value) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
