package dev.lifeboat.testbed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The testbed as the tests see it: the two servers, their logins, keys, passwords and host keys, read from the
 * {@code testbed.json} that {@code testbed/up} writes into the state dir; plus a root back door into each server
 * (through the private engine's {@code docker exec}), the fingerprint command, the fault hooks and the stand-ins'
 * writer mode.
 *
 * <p>Get one from {@link TestbedExtension} (a {@code Testbed} parameter of a {@link TestbedTest} class) or with
 * {@link #load()} once the testbed is up.
 */
public final class Testbed {

    /** The state dir: {@code $LIFEBOAT_TESTBED_HOME}, or {@code /var/lib/lifeboat-testbed}. */
    public static Path stateDir() {
        String home = System.getenv("LIFEBOAT_TESTBED_HOME");
        return Path.of(home == null || home.isBlank() ? "/var/lib/lifeboat-testbed" : home);
    }

    /**
     * The repository's {@code testbed/} folder: the system property {@code lifeboat.testbed.dir}, or the first
     * {@code testbed/up} found walking up from the working directory (Maven runs tests in {@code app/}).
     */
    public static Path scriptsDir() {
        String configured = System.getProperty("lifeboat.testbed.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("testbed/up"))) {
                return dir.resolve("testbed");
            }
        }
        throw new IllegalStateException(
                "cannot find testbed/up above " + Path.of("").toAbsolutePath() + "; set -Dlifeboat.testbed.dir");
    }

    /** Reads {@code testbed.json} from the state dir. */
    public static Testbed load() {
        Path file = stateDir().resolve("testbed.json");
        try {
            ObjectMapper mapper =
                    new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            return new Testbed(mapper.readValue(file.toFile(), Description.class), scriptsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is the testbed up? run testbed/up)", e);
        }
    }

    private final Description description;
    private final Path scripts;

    private Testbed(Description description, Path scripts) {
        this.description = description;
        this.scripts = scripts;
    }

    // ------------------------------------------------------------------ description

    /** The whole of testbed.json, as written by {@code testbed/up}. */
    public record Description(
            int schema,
            String stateDir,
            String dockerHost,
            Network network,
            String knownHostsFile,
            String wrongKeyFile,
            String imagesFile,
            Map<String, Server> servers) {}

    public record Network(String name, String subnet, String gateway) {}

    /** One server. Its users are the same on both servers. */
    public record Server(
            String name,
            String container,
            String hostname,
            String ip,
            int port,
            List<HostKey> hostKeys,
            List<String> knownHosts,
            String fillPath,
            String innerBip,
            String innerPool,
            Map<String, User> users) {

        public User user(String userName) {
            User user = users.get(userName);
            if (user == null) {
                throw new IllegalArgumentException("no user " + userName + " on " + name + " (" + users.keySet() + ")");
            }
            return user;
        }

        /** The SHA256:... fingerprints of all its host keys. */
        public List<String> fingerprints() {
            return hostKeys.stream().map(HostKey::fingerprint).toList();
        }
    }

    /** A host key: type (ssh-ed25519, ssh-rsa), fingerprint (SHA256:...), the key, and its known_hosts line. */
    public record HostKey(String type, String fingerprint, String publicKey, String knownHostsLine) {}

    /**
     * A login. {@code keyFile} and {@code password} are null where the user has none; {@code sudoNeedsPassword}
     * tells whether {@code sudo} asks for the password.
     */
    public record User(
            String name,
            String keyFile,
            String publicKeyFile,
            String password,
            String passwordFile,
            boolean sudo,
            boolean sudoNeedsPassword,
            boolean docker,
            boolean keyLogin,
            boolean passwordLogin) {

        public Path key() {
            if (keyFile == null) {
                throw new IllegalStateException(name + " has no key");
            }
            return Path.of(keyFile);
        }
    }

    public Description description() {
        return description;
    }

    public Server server(String name) {
        Server server = description.servers().get(name);
        if (server == null) {
            throw new IllegalArgumentException(
                    "no server " + name + " (" + description.servers().keySet() + ")");
        }
        return server;
    }

    public List<Server> servers() {
        return List.copyOf(description.servers().values());
    }

    /** The private engine, e.g. {@code unix:///var/lib/lifeboat-testbed/engine/docker.sock}. */
    public String dockerHost() {
        return description.dockerHost();
    }

    /** A known_hosts file with the host keys of both servers. */
    public Path knownHostsFile() {
        return Path.of(description.knownHostsFile());
    }

    /** A private key that no server accepts. */
    public Path wrongKey() {
        return Path.of(description.wrongKeyFile());
    }

    // ------------------------------------------------------------------ root back door

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Itself when the command exited 0; otherwise an exception with everything it printed. */
        public Result orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException(toString());
            }
            return this;
        }

        /** Everything it printed, for a failed assertion's message. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    /** The Debian docker CLI, which matches the engine; else whatever {@code docker} is on the PATH. */
    private static String dockerCli() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    /** Runs a command as root on the server, through the outer engine's {@code docker exec} (not SSH). */
    public Result exec(String server, String... command) {
        return execWithInput(server, null, command);
    }

    /** As {@link #exec(String, String...)}, feeding {@code stdin} to the command (e.g. a secret). */
    public Result execWithInput(String server, byte[] stdin, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", "-i", server(server).container()));
        args.addAll(List.of(command));
        return docker(Duration.ofMinutes(10), stdin, args.toArray(String[]::new));
    }

    /**
     * Runs the docker CLI against the testbed's private engine ({@code DOCKER_HOST}): its containers, images and
     * networks (a test's own client container, an image it builds).
     *
     * @param stdin what to write to its standard input, or null for nothing
     */
    public Result docker(Duration timeout, byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of(dockerCli()));
        argv.addAll(List.of(args));
        return run(argv, stdin, timeout, Map.of("DOCKER_HOST", dockerHost()));
    }

    /** The seed fingerprint of a deployment on a server: what {@code testbed/fingerprint} prints. */
    public String fingerprint(String server, String deployment) {
        return script(Duration.ofMinutes(10), "fingerprint", server, deployment)
                .orThrow()
                .stdout();
    }

    // ------------------------------------------------------------------ faults (testbed/fault)

    /** Drops all traffic of the server's network for a while; it comes back by itself. Returns at once. */
    public void netCut(String server, Duration duration) {
        fault(server, "net-cut", Long.toString(Math.max(1, duration.toSeconds())));
    }

    public void netRestore(String server) {
        fault(server, "net-restore");
    }

    /** Fills the server's small filesystem ({@link Server#fillPath()}) to 0 bytes free. */
    public void diskFill(String server) {
        fault(server, "disk-fill");
    }

    /** Mounts a tmpfs of {@code size} (e.g. "64m") at {@code path} on the server (absent or empty) and fills it. */
    public void diskFill(String server, String path, String size) {
        fault(server, "disk-fill", path, size);
    }

    public void diskFree(String server) {
        fault(server, "disk-free");
    }

    public void diskFree(String server, String path) {
        fault(server, "disk-free", path);
    }

    public void sshdStop(String server) {
        fault(server, "sshd-stop");
    }

    public void sshdStart(String server) {
        fault(server, "sshd-start");
    }

    /** Makes the dump tools in a container of the server's inner engine non-executable. */
    public void dbRefuseDumps(String server, String container) {
        fault(server, "db-refuse-dumps", container);
    }

    public void dbAllowDumps(String server, String container) {
        fault(server, "db-allow-dumps", container);
    }

    /** Mounts a tmpfs of {@code size} (e.g. "20m") at {@code dir} on this machine: a local store that fills up. */
    public void localStoreSmall(Path dir, String size) {
        script(Duration.ofMinutes(1), "fault", "local-store-small", dir.toString(), size)
                .orThrow();
    }

    public void localStoreRelease(Path dir) {
        script(Duration.ofMinutes(1), "fault", "local-store-release", dir.toString())
                .orThrow();
    }

    private void fault(String server, String kind, String... args) {
        List<String> argv = new ArrayList<>(List.of(server, kind));
        argv.addAll(List.of(args));
        script(Duration.ofMinutes(5), "fault", argv.toArray(String[]::new)).orThrow();
    }

    // ------------------------------------------------------------------ writer mode (testbed/writer)

    /**
     * What {@code testbed/writer SERVER DEPLOYMENT describe} prints: where the stand-in's writer mode writes pair N.
     * The app service {@code app} writes file N ({@code pair-%08d.txt}, content {@code "lifeboat writer pair N\n"})
     * into {@code folder.serverPath()}, then row N into each store in order.
     */
    public record WriterDescription(
            String deployment, String server, Service app, WriterFolder folder, List<WriterStore> stores) {}

    /** A compose service, found by its labels {@code com.docker.compose.project/service}. */
    public record Service(String project, String service) {}

    /** The writer's folder: on the server, in the app container, and the name of its files. */
    public record WriterFolder(String serverPath, String containerPath, String fileRegex, String fileFormat) {}

    /**
     * One store of a writer pair. {@code engine} is mongo, redis, mariadb or postgres; exactly one of {@code table}
     * (SQL: columns id, file, body; PostgreSQL in {@code schema} public), {@code collection} (documents
     * {@code {_id: N, file, body}}) or {@code key} (a Redis hash, field N to the file name; {@code database} is the
     * Redis db number) is set. The name is always {@code lifeboat_writer}.
     */
    public record WriterStore(
            String engine,
            String project,
            String service,
            String database,
            String table,
            String collection,
            String key,
            String schema,
            String type) {

        /** The table, collection or key. */
        public String name() {
            return table != null ? table : collection != null ? collection : key;
        }
    }

    /**
     * What {@code testbed/writer SERVER DEPLOYMENT status} prints. {@code enabled}: the switch is on (also in a
     * stopped app container: it writes again when started); {@code running}: the app runs and its writer is
     * writing; {@code last}: the highest whole pair its writer wrote; {@code consistent}: every store and the
     * folder hold the same pairs 1..N (same count, same highest N, no gap).
     */
    public record WriterStatus(
            String deployment,
            String server,
            boolean appRunning,
            boolean enabled,
            boolean running,
            long last,
            String error,
            List<WriterCount> stores,
            WriterCount files,
            boolean consistent) {

        /** The count of each store, by engine (e.g. {@code {mongo=120, redis=120}}); null where it failed. */
        public Map<String, Long> storeCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            stores.forEach(store -> counts.put(store.engine(), store.count()));
            return counts;
        }
    }

    /** Rows (or documents, hash fields, files) the writer left in one store or in its folder, and the highest N. */
    public record WriterCount(
            String engine,
            String service,
            String database,
            String name,
            String path,
            Long count,
            Long max,
            String error) {}

    /** Switches the writer mode of a deployment's app stand-in on (no restart); returns once it writes. */
    public void writerOn(String server, String deployment) {
        writer(server, deployment, "on");
    }

    /** Switches it off; returns once the pair in progress is finished and the writer stopped. */
    public void writerOff(String server, String deployment) {
        writer(server, deployment, "off");
    }

    /** Counts what the writer wrote in each store and in its folder (works while the app container is stopped). */
    public WriterStatus writerStatus(String server, String deployment) {
        return parse(writer(server, deployment, "status"), WriterStatus.class);
    }

    /** Off, then every writer row, collection, key and file removed: the deployment fingerprints as before. */
    public void writerReset(String server, String deployment) {
        writer(server, deployment, "reset");
    }

    /** Where the writer writes: its stores and its folder. */
    public WriterDescription writerDescribe(String server, String deployment) {
        return parse(writer(server, deployment, "describe"), WriterDescription.class);
    }

    private String writer(String server, String deployment, String command) {
        return script(Duration.ofMinutes(2), "writer", server, deployment, command)
                .orThrow()
                .stdout();
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + type.getSimpleName() + ": " + json, e);
        }
    }

    // ------------------------------------------------------------------ processes

    /** Runs one of the testbed's scripts ({@code testbed/NAME ARGS...}). */
    public Result script(Duration timeout, String name, String... args) {
        List<String> argv = new ArrayList<>(List.of(scripts.resolve(name).toString()));
        argv.addAll(List.of(args));
        return run(argv, null, timeout, Map.of("DOCKER_HOST", dockerHost()));
    }

    /**
     * Runs a program on this computer and waits at most {@code timeout} for it; an unchecked exception when it
     * cannot be started, does not end in time or the thread is interrupted.
     *
     * @param stdin what to write to its standard input (then closed), or null for nothing
     * @param env variables to add to this process's environment
     */
    public static Result run(List<String> argv, byte[] stdin, Duration timeout, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out = readAll(process.getInputStream());
            CompletableFuture<byte[]> err = readAll(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + argv);
            }
            return new Result(
                    process.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        }
    }

    /** Reads a stream to its end on a thread of its own (two blocking readers must not share a pool). */
    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (stream;
                            ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                        stream.transferTo(buffer);
                        result.complete(buffer.toByteArray());
                    } catch (IOException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                },
                "testbed-reader");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
