package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The testbed's servers as the remote ITs need them, read from {@code testbed.json} (see the testbed branch's
 * README). Tests that use it are skipped when the testbed is not up.
 */
public final class TestbedHosts {
    static final Path STATE =
            Path.of(System.getenv().getOrDefault("LIFEBOAT_TESTBED_STATE", "/var/lib/lifeboat-testbed"));
    private static JsonNode json;

    private TestbedHosts() {}

    /** Skips the calling test unless the testbed is up. */
    public static void assumeUp() {
        assumeTrue(
                Files.isRegularFile(STATE.resolve("testbed.json")),
                "testbed not up: no " + STATE.resolve("testbed.json"));
        assumeTrue(json().path("servers").has("srv-a"), "testbed.json names no srv-a");
    }

    static synchronized JsonNode json() {
        if (json == null) {
            try {
                json = new ObjectMapper().readTree(STATE.resolve("testbed.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return json;
    }

    public static String ip(String server) {
        return json().path("servers").path(server).path("ip").asText();
    }

    public static Path keyFile(String user) {
        return Path.of(json().path("servers")
                .path("srv-a")
                .path("users")
                .path(user)
                .path("keyFile")
                .asText());
    }

    public static String password(String user) {
        return json().path("servers")
                .path("srv-a")
                .path("users")
                .path(user)
                .path("password")
                .asText();
    }

    public static Path wrongKeyFile() {
        return Path.of(json().path("wrongKeyFile").asText());
    }

    /** A fresh known_hosts file in {@code dir} listing both servers' real keys. */
    public static Path knownHosts(Path dir) {
        try {
            Path f = dir.resolve("known_hosts");
            Files.copy(STATE.resolve("known_hosts"), f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options with a private known_hosts, no ssh config, no agent, only the given methods. */
    public static SshOptions options(Path knownHosts, SshOptions.LoginMethod... methods) {
        return SshOptions.defaults()
                .withKnownHostsFile(knownHosts)
                .withSshConfigFile(null)
                .withMethods(methods.length == 0 ? EnumSet.allOf(SshOptions.LoginMethod.class) : Set.of(methods));
    }

    public static SshEndpoint endpoint(String server, String user, Path... keys) {
        return new SshEndpoint(ip(server), 22, user, List.of(keys));
    }

    /** Logs in to a server as root with its key. */
    public static SshSession root(String server, Path dir) throws EngineException {
        return SshSession.open(
                new SshEndpoint.Route(List.of(), endpoint(server, "root", keyFile("root"))),
                options(knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.refusing());
    }

    /** Logs in as admin with its key; sudo then asks the prompter, which answers with admin's password. */
    public static SshSession admin(String server, Path dir) throws EngineException {
        return SshSession.open(
                new SshEndpoint.Route(List.of(), endpoint(server, "admin", keyFile("admin"))),
                options(knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.withPassword(password("admin")));
    }

    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name));
    }
}
