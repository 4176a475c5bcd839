package dev.lifeboat.engine.config;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.schedule.LocalProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the secrets of unattended runs are kept (ADR 0013): a sudo password or key passphrase a scheduled run needs,
 * a mail password or an ntfy token. Never on a command line, never in an environment variable, a unit file, a log
 * or a message: each goes to and comes from its store through a pipe or a file only its owner reads.
 *
 * <ul>
 *   <li>{@link Where#SECRET_SERVICE}: the desktop's secret store (GNOME Keyring, KeePassXC...) through {@link
 *       SecretTool}, attributes {@code application=lifeboat id=ID}; for user timers and channels on a desktop;
 *   <li>{@link Where#CREDENTIAL}: a systemd credential for a system timer: {@code CREDENTIALS_ROOT/ID.cred}, encrypted
 *       with {@code systemd-creds} (the unit loads it with {@code LoadCredentialEncrypted=}), or where that cannot
 *       be done a root-only file {@code CREDENTIALS_ROOT/ID} ({@code LoadCredential=}); the run reads it from
 *       {@code $CREDENTIALS_DIRECTORY};
 *   <li>{@link Where#FILE}: a file only its owner reads, {@code CONFIG/secrets/ID} (0600 in a 0700 folder): channels on
 *       a host without a secret store.
 * </ul>
 */
public final class Secrets {
    /** Where system timers' credentials live. */
    public static final Path CREDENTIALS_ROOT = Path.of("/etc/lifeboat/credentials");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path configDir;
    private final Path credentialsRoot;
    private final Map<String, String> env;
    private final SecretTool secretTool = new SecretTool(Map.of());

    /** A place a secret is kept. */
    public enum Where {
        SECRET_SERVICE,
        CREDENTIAL,
        FILE;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param configDir the user's config folder (its {@code secrets/} for files)
     * @param credentialsRoot where system credentials go ({@link #CREDENTIALS_ROOT})
     * @param env this process's environment (D-Bus session, {@code CREDENTIALS_DIRECTORY})
     */
    public Secrets(Path configDir, Path credentialsRoot, Map<String, String> env) {
        this.configDir = configDir;
        this.credentialsRoot = credentialsRoot;
        this.env = Map.copyOf(env);
    }

    /** Checks an id: it names files and units. */
    public static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a secret id: " + id);
        }
        return id;
    }

    /**
     * Whether the desktop's secret store answers here: {@code secret-tool} installed and a session bus to reach it
     * (a lookup of an id that does not exist ends with 1 and says nothing; without a bus it complains).
     */
    public boolean secretServiceAvailable() {
        if (!SecretTool.installed()) {
            return false;
        }
        if (!env.containsKey("DBUS_SESSION_BUS_ADDRESS")
                && !(env.containsKey("XDG_RUNTIME_DIR") && Files.exists(Path.of(env.get("XDG_RUNTIME_DIR"), "bus")))) {
            return false;
        }
        try {
            SecretTool.Lookup r = secretTool.lookup(attributes("lifeboat-probe"), LOOKUP_TIMEOUT);
            Arrays.fill(r.secret(), '\0');
            return r.ok() || (r.exit() == 1 && r.err().isBlank());
        } catch (EngineException e) {
            return false;
        }
    }

    /** Keeps a secret in {@code where}, replacing one of the same id. */
    public void store(Where where, String id, char[] value) throws EngineException {
        id(id);
        switch (where) {
            case SECRET_SERVICE -> secretTool.store("Lifeboat: " + id, attributes(id), value, STORE_TIMEOUT);
            case FILE, CREDENTIAL -> {
                byte[] bytes = SecretTool.utf8(value);
                try {
                    if (where == Where.FILE) {
                        writePrivate(
                                configDir.resolve("secrets"),
                                configDir.resolve("secrets").resolve(id),
                                bytes);
                    } else {
                        storeCredential(id, bytes);
                    }
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        }
    }

    /**
     * A secret, from wherever it is: the unit's credentials ({@code $CREDENTIALS_DIRECTORY/ID}) first, then the
     * desktop's secret store, then the user's secret file. Empty when none has it.
     */
    public Optional<char[]> read(String id) throws EngineException {
        id(id);
        String credDir = env.get("CREDENTIALS_DIRECTORY");
        if (credDir != null && !credDir.isBlank()) {
            Optional<char[]> c = readFile(Path.of(credDir, id));
            if (c.isPresent()) {
                return c;
            }
        }
        if (secretServiceAvailable()) {
            SecretTool.Lookup r = secretTool.lookup(attributes(id), LOOKUP_TIMEOUT);
            if (r.ok()) {
                return Optional.of(withoutLineBreak(r.secret()));
            }
            Arrays.fill(r.secret(), '\0');
        }
        return readFile(configDir.resolve("secrets").resolve(id));
    }

    /** Forgets a secret wherever it is kept; nothing when it is nowhere. */
    public void delete(String id) throws EngineException {
        id(id);
        if (secretServiceAvailable()) {
            secretTool.clear(attributes(id), LOOKUP_TIMEOUT);
        }
        try {
            Files.deleteIfExists(configDir.resolve("secrets").resolve(id));
            Files.deleteIfExists(credentialsRoot.resolve(id));
            Files.deleteIfExists(credentialsRoot.resolve(id + ".cred"));
        } catch (IOException e) {
            throw new EngineException("Could not remove the secret " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The line a system unit needs to load a credential kept with {@link Where#CREDENTIAL}: {@code
     * LoadCredentialEncrypted=ID:FILE.cred} or {@code LoadCredential=ID:FILE}; empty when it is not there.
     */
    public Optional<String> unitLine(String id) {
        Path encrypted = credentialsRoot.resolve(id + ".cred");
        if (Files.isRegularFile(encrypted)) {
            return Optional.of("LoadCredentialEncrypted=" + id + ":" + encrypted);
        }
        Path plain = credentialsRoot.resolve(id);
        if (Files.isRegularFile(plain)) {
            return Optional.of("LoadCredential=" + id + ":" + plain);
        }
        return Optional.empty();
    }

    /**
     * A credential for a system unit: encrypted with {@code systemd-creds} (the host's key or TPM) when it can, else
     * a file only root reads. Either lives in a 0700 folder.
     */
    private void storeCredential(String id, byte[] value) throws EngineException {
        try {
            Files.createDirectories(credentialsRoot);
            Files.setPosixFilePermissions(credentialsRoot, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new EngineException(
                    "Could not make " + credentialsRoot + " (a system timer's secrets need root): " + e.getMessage(),
                    e);
        }
        Path encrypted = credentialsRoot.resolve(id + ".cred");
        if (LocalProgram.exists("systemd-creds")) {
            LocalProgram.Result r = LocalProgram.run(
                    List.of("systemd-creds", "encrypt", "--name=" + id, "-", encrypted.toString()),
                    value,
                    Map.of(),
                    Duration.ofSeconds(30),
                    "systemd");
            if (r.ok()) {
                try {
                    Files.deleteIfExists(credentialsRoot.resolve(id));
                    Files.setPosixFilePermissions(encrypted, PosixFilePermissions.fromString("rw-------"));
                } catch (IOException e) {
                    throw new EngineException("Could not protect " + encrypted + ": " + e.getMessage(), e);
                }
                return;
            }
        }
        try {
            Files.deleteIfExists(encrypted);
        } catch (IOException e) {
            throw new EngineException("Could not replace " + encrypted + ": " + e.getMessage(), e);
        }
        writePrivate(credentialsRoot, credentialsRoot.resolve(id), value);
    }

    /** How the secret store finds a secret of Lifeboat's unattended runs. */
    private static List<String> attributes(String id) {
        return List.of("application", "lifeboat", "id", id);
    }

    private static void writePrivate(Path dir, Path file, byte[] value) throws EngineException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(
                    dir,
                    ".secret",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, value);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("Could not keep the secret in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<char[]> readFile(Path f) throws EngineException {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            byte[] b = Files.readAllBytes(f);
            try {
                return Optional.of(withoutLineBreak(new String(b, StandardCharsets.UTF_8).toCharArray()));
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        } catch (IOException e) {
            throw new EngineException("Could not read the secret " + f + ": " + e.getMessage(), e);
        }
    }

    /** A stored value without the line break a store or a person's editor may add (the one given is wiped then). */
    private static char[] withoutLineBreak(char[] v) {
        if (v.length == 0 || v[v.length - 1] != '\n') {
            return v;
        }
        char[] w = Arrays.copyOf(v, v.length - 1);
        Arrays.fill(v, '\0');
        return w;
    }
}
