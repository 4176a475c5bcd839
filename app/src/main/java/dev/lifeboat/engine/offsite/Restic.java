package dev.lifeboat.engine.offsite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs restic, the binary on the PATH, for one repository: the one place a restic process is started. The repository's
 * address and secrets reach restic through its environment, set for that process only: {@code RESTIC_REPOSITORY},
 * {@code RESTIC_PASSWORD_FILE} (a file of mode 600 the user named) or {@code RESTIC_PASSWORD_COMMAND} ({@code
 * secret-tool lookup ...}), and for S3 {@code AWS_SHARED_CREDENTIALS_FILE} or the two keys from the secret store. The
 * variables of the user's own shell that restic would read ({@code RESTIC_*}, {@code AWS_*}) are removed first. No
 * secret is ever an argument, so {@code ps} shows none; restic's messages never print them.
 *
 * <p>restic's {@code --json} lines on standard output go to the caller as they come; a failure is turned into an
 * {@link OffsiteException} that says what to do (restic 0.17's exit codes 10, 11, 12, and the messages of older ones).
 * A cancel sends restic SIGINT, on which it removes its lock and stops; it is killed when it has not within 30 s.
 * Blocks the calling thread.
 */
public final class Restic {
    private static final Logger LOG = LoggerFactory.getLogger(Restic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** restic prints a status line this often with {@code --json} (its default is 60 a second). */
    static final String PROGRESS_FPS = "4";

    private static final int STDERR_LINES = 200;
    private static final long STOP_SECONDS = 30;

    private final OffsiteRepository repository;
    private final Keyring keyring;
    private final ResticVersion version;

    private Restic(OffsiteRepository repository, Keyring keyring, ResticVersion version) {
        this.repository = repository;
        this.keyring = keyring;
        this.version = version;
    }

    /** restic for {@code repository}, once its version is checked. */
    public static Restic open(OffsiteRepository repository, Keyring keyring) throws EngineException {
        return new Restic(repository, keyring, installed());
    }

    public OffsiteRepository repository() {
        return repository;
    }

    public ResticVersion version() {
        return version;
    }

    /**
     * The restic on this computer; fails with what to do when there is none or it is older than {@link
     * ResticVersion#MINIMUM}.
     */
    public static ResticVersion installed() throws EngineException {
        String out;
        try {
            Process p = new ProcessBuilder("restic", "version")
                    .redirectErrorStream(true)
                    .start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new OffsiteException("restic is not installed on this computer: off-site copies are kept by restic."
                    + " Install it (sudo apt install restic), then try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while asking restic its version.");
        }
        ResticVersion v = ResticVersion.parse(out)
                .orElseThrow(() -> new OffsiteException(
                        "Could not tell the version of the restic on this computer (it said: " + out.strip() + ")."));
        if (!v.atLeast(ResticVersion.MINIMUM)) {
            throw new OffsiteException("The restic on this computer is " + v + "; Lifeboat needs "
                    + ResticVersion.MINIMUM + " or newer (Debian 12 has it: sudo apt install restic; elsewhere restic's"
                    + " own release, or 'restic self-update').");
        }
        return v;
    }

    /** What one run of restic gave: its exit code, the lines of its standard output that are not JSON, its errors. */
    public record Result(int exit, List<String> lines, String errors) {}

    /** Runs {@code command}; JSON lines go to {@code json}. Fails unless restic exits 0. */
    public Result run(ResticCommand command, Consumer<JsonNode> json, CancelToken cancel) throws EngineException {
        Result r = runAllowing(command, json, cancel);
        if (r.exit() != 0) {
            throw failure(r);
        }
        return r;
    }

    /** Runs {@code command} and returns whatever it exits with (a cancel still throws). */
    public Result runAllowing(ResticCommand command, Consumer<JsonNode> json, CancelToken cancel)
            throws EngineException {
        List<String> cmd = new ArrayList<>();
        cmd.add("restic");
        cmd.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (command.workDir() != null) {
            pb.directory(command.workDir().toFile());
        }
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RESTIC_") || k.startsWith("AWS_"));
        env.putAll(environment());
        LOG.debug("running {} for the off-site repository {}", command, repository.name());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new OffsiteException("Could not start restic (sudo apt install restic): " + e.getMessage(), e);
        } finally {
            env.replaceAll((k, v) -> "");
        }
        try {
            p.getOutputStream().close(); // restic reads nothing from Lifeboat
        } catch (IOException e) {
            // Already closed by restic's end.
        }
        Deque<String> errors = new ArrayDeque<>();
        Thread errReader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        boolean stopped = false;
                        while ((line = r.readLine()) != null) {
                            LOG.debug("restic: {}", line);
                            if (!stopped && isFullAndRetrying(line)) {
                                // restic retries every write (a read's lock too) for about 45 s; a full disk stays
                                // full that long.
                                LOG.info("restic: the repository is full; stopping it instead of its retries");
                                stopped = true;
                                interrupt(p);
                            }
                            synchronized (errors) {
                                errors.addLast(line);
                                if (errors.size() > STDERR_LINES) {
                                    errors.removeFirst();
                                }
                            }
                        }
                    } catch (IOException e) {
                        // restic is gone; its exit code says how it ended.
                    }
                },
                "lifeboat-restic-stderr");
        errReader.setDaemon(true);
        errReader.start();
        List<String> lines = new ArrayList<>();
        try (AutoCloseable stop = cancel.onCancel(() -> interrupt(p));
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode n = line.startsWith("{") ? parse(line) : null;
                if (n != null) {
                    json.accept(n);
                } else {
                    lines.add(line);
                }
            }
            p.waitFor();
            errReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            interrupt(p);
            Thread.currentThread().interrupt();
            throw new CancelledException("Cancelled: restic was stopped.");
        } catch (Exception e) {
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw new OffsiteException("Could not read what restic said: " + e.getMessage(), e);
        }
        String err;
        synchronized (errors) {
            err = String.join("\n", errors);
        }
        if (cancel.isCancelled()) {
            throw new CancelledException("Cancelled: restic was stopped"
                    + (command.changes() ? "; the repository keeps what it had, and the next push finishes." : "."));
        }
        return new Result(p.exitValue(), List.copyOf(lines), err);
    }

    /**
     * A write that restic retries although it cannot succeed soon: the repository's disk is full (a local folder's
     * errno, the SFTP server's generic failure, which OpenSSH gives for a full disk, a REST server's 507).
     */
    static boolean isFullAndRetrying(String line) {
        return line.contains("retrying")
                && (line.contains("no space left on device")
                        || line.contains("disk quota exceeded")
                        || line.contains("SSH_FX_FAILURE")
                        || line.contains("507 Insufficient Storage"));
    }

    /**
     * Runs a command that needs the repository to itself ({@code check}, {@code forget --prune}): when a lock is in
     * the way, the locks of runs that died (restic 0.14 keeps them until {@code restic unlock}, which removes only
     * those: another host's older than 30 minutes, or this host's whose process is gone) are removed and the command
     * runs once more. Returns whatever it exits with.
     */
    public Result runExclusive(ResticCommand command, Consumer<JsonNode> json, CancelToken cancel)
            throws EngineException {
        Result r = runAllowing(command, json, cancel);
        if (r.exit() != 0 && locked(r)) {
            LOG.info("{}: a lock is in the way; removing the locks of runs that died", repository.name());
            runAllowing(ResticCommand.unlock(repository), n -> {}, cancel);
            r = runAllowing(command, json, cancel);
        }
        return r;
    }

    private boolean locked(Result r) {
        return (version.hasDetailedExitCodes() && r.exit() == 11)
                || r.errors().contains("repository is already locked");
    }

    /** The JSON document a command printed on one line of its own ({@code snapshots --json}). */
    public JsonNode runForJson(ResticCommand command, CancelToken cancel) throws EngineException {
        List<JsonNode> docs = new ArrayList<>();
        Result r = run(command, docs::add, cancel);
        for (String l : r.lines()) {
            if (l.startsWith("[")) {
                try {
                    return JSON.readTree(l);
                } catch (IOException e) {
                    throw new OffsiteException("restic's answer could not be read: " + e.getMessage(), e);
                }
            }
        }
        if (!docs.isEmpty()) {
            return docs.get(docs.size() - 1);
        }
        throw new OffsiteException("restic gave no answer to " + command + ".");
    }

    /**
     * What restic's environment gets for this repository: where it is and where its secrets are (the S3 keys
     * themselves when they are in the secret store). Package-private for tests.
     */
    Map<String, String> environment() throws EngineException {
        Map<String, String> env = new HashMap<>();
        env.put("TZ", "UTC"); // --time is read in the local zone
        env.put("RESTIC_PROGRESS_FPS", PROGRESS_FPS);
        env.put("RESTIC_REPOSITORY", repository.location());
        OffsiteRepository.Secret pw = repository.password();
        if (pw.inKeyring()) {
            env.putAll(keyring.environment());
            env.put("RESTIC_PASSWORD_COMMAND", Keyring.lookupCommand(repository.name(), Keyring.Kind.PASSWORD));
        } else {
            env.put(
                    "RESTIC_PASSWORD_FILE",
                    checkPrivate(Path.of(pw.file()), "password").toString());
        }
        OffsiteRepository.Secret s3 = repository.s3();
        if (s3 != null) {
            if (s3.inKeyring()) {
                char[] id = keyring.lookup(repository.name(), Keyring.Kind.S3_KEY_ID);
                char[] secret = keyring.lookup(repository.name(), Keyring.Kind.S3_SECRET);
                env.put("AWS_ACCESS_KEY_ID", new String(id));
                env.put("AWS_SECRET_ACCESS_KEY", new String(secret));
                Arrays.fill(id, '\0');
                Arrays.fill(secret, '\0');
            } else {
                env.put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        checkPrivate(Path.of(s3.file()), "S3 keys").toString());
            }
        }
        return env;
    }

    /** A secret's file must exist and be readable by its owner only (mode 600 or 400). */
    public static Path checkPrivate(Path file, String what) throws OffsiteException {
        if (!Files.isRegularFile(file)) {
            throw new OffsiteException("The " + what + " file " + file + " does not exist (or is not a file).");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new OffsiteException("The " + what + " file " + file + " can be read by others: make it"
                            + " yours alone (chmod 600 " + file + ").");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new OffsiteException("Could not check who may read " + file + ": " + e.getMessage());
        }
        return file.toAbsolutePath();
    }

    /** What a failed run means, for people. */
    OffsiteException failure(Result r) {
        return new OffsiteException(explain(repository, version, r.exit(), r.errors()));
    }

    public static String explain(OffsiteRepository repo, ResticVersion version, int exit, String errors) {
        String name = repo.name();
        String where = Locations.display(repo.location());
        String fatal = fatal(errors);
        boolean codes = version != null && version.hasDetailedExitCodes();
        if ((codes && exit == 12) || errors.contains("wrong password or no key found")) {
            return "The password of the off-site repository " + name + " is wrong: restic found no key in " + where
                    + " that it opens. Give the repository's own password (lifeboat offsite add " + name + " "
                    + where + " --password-file FILE).";
        }
        if (errors.contains("config file already exists")) {
            return "There already is a restic repository at " + where + ": add it without --init.";
        }
        if (repo.isS3()
                && (errors.contains("Forbidden")
                        || errors.contains("Access Denied")
                        || errors.contains("InvalidAccessKeyId")
                        || errors.contains("SignatureDoesNotMatch"))) {
            return "The S3 server of the off-site repository " + name + " (" + where + ") refused its keys (" + fatal
                    + "). Check the access key id and the secret key, and that they may use the bucket.";
        }
        if ((codes && exit == 10) || errors.contains("Is there a repository at the following location?")) {
            return "The off-site repository " + name + " (" + where + ") cannot be opened: " + fatal + ". Check that"
                    + " it can be reached from here; a new one is made with lifeboat offsite add " + name + " " + where
                    + " --init.";
        }
        if ((codes && exit == 11) || errors.contains("repository is already locked")) {
            return "The off-site repository " + name + " is locked by another restic run (" + fatal + "). Wait for"
                    + " it to end (Lifeboat removes the locks of runs that died before it checks or forgets).";
        }
        if (errors.contains("no space left on device") || errors.contains("disk quota exceeded")) {
            return "The off-site repository " + name + " (" + where + ") is full: " + fatal + ". Free space there"
                    + " (lifeboat offsite push removes old snapshots by the keep rules) or give it more room; the"
                    + " local snapshots are untouched.";
        }
        if (errors.contains("Resolving password failed") || errors.contains("password command")) {
            return "restic could not read the password of the off-site repository " + name + " (" + fatal + "). Is"
                    + " the desktop's secret store unlocked? Or give a password file (--password-file FILE).";
        }
        if (errors.contains("SSH_FX_FAILURE") && repo.location().startsWith("sftp:")) {
            return "The SFTP server of the off-site repository " + name + " (" + where + ") refused to write (" + fatal
                    + "); its disk may be full. Look at the server; the local snapshots are untouched.";
        }
        if (errors.contains("507 Insufficient Storage") || errors.contains("500 Internal Server Error")) {
            return "The server of the off-site repository " + name + " (" + where + ") refused to store data (" + fatal
                    + "); it may be full. Look at the server; the local snapshots are untouched.";
        }
        return "restic failed on the off-site repository " + name + " (" + where + ", exit " + exit + "): " + fatal;
    }

    /**
     * restic's own reason: its last {@code Fatal:} line, else its last line that is not part of a Go stack trace
     * (restic 0.14 prints some errors with one: a function's name, then its {@code \tFILE:LINE}).
     */
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    static String fatal(String errors) {
        String last = "no message";
        String[] lines = errors.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            boolean frame = l.startsWith("\t")
                    || (i + 1 < lines.length
                            && lines[i + 1].startsWith("\t")
                            && !l.strip().contains(" "));
            if (frame) {
                continue;
            }
            String s = ANSI.matcher(l).replaceAll("").strip(); // restic clears its status line before some messages
            if (s.startsWith("Fatal: ")) {
                return s.substring("Fatal: ".length());
            }
            if (s.startsWith("signal interrupt received")) {
                continue; // Lifeboat stopped it (cancel, or a full disk): the reason came before
            }
            int retrying = s.indexOf(", retrying after ");
            if (retrying >= 0 && s.indexOf(": ", retrying) > 0) {
                s = s.substring(s.indexOf(": ", retrying) + 2); // what failed, without restic's retry schedule
            }
            if (!s.isEmpty() && !s.startsWith("Is there a repository") && !s.startsWith("{")) {
                last = s;
            }
        }
        return last;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * SIGINT: restic removes its lock and exits (SIGTERM only kills older versions); killed when it has not within
     * {@link #STOP_SECONDS}.
     */
    private static void interrupt(Process p) {
        Thread killer = new Thread(
                () -> {
                    try {
                        if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        p.destroyForcibly();
                    }
                },
                "lifeboat-restic-stop");
        killer.setDaemon(true);
        killer.start();
        try {
            new ProcessBuilder("sh", "-c", "kill -INT \"$1\"", "sh", Long.toString(p.pid()))
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
