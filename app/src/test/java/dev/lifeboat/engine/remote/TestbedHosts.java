package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.testbed.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The testbed's servers as the remote ITs need them, through {@link Testbed}'s reading of {@code testbed.json}
 * (see testbed/README.md). Tests that use it are skipped when the testbed is not up.
 */
public final class TestbedHosts {
    static final Path STATE = Testbed.stateDir();
    private static Testbed testbed;

    private TestbedHosts() {}

    /**
     * Skips the calling test unless the testbed is up; in CI ({@code CI=true}), where the testbed is always brought
     * up, fails it instead.
     */
    public static void assumeUp() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(Files.isRegularFile(STATE.resolve("testbed.json")), "CI: the testbed is not up");
        }
        assumeTrue(
                Files.isRegularFile(STATE.resolve("testbed.json")),
                "testbed not up: no " + STATE.resolve("testbed.json"));
        assumeTrue(testbed().description().servers().containsKey("srv-a"), "testbed.json names no srv-a");
    }

    private static synchronized Testbed testbed() {
        if (testbed == null) {
            testbed = Testbed.load();
        }
        return testbed;
    }

    public static String ip(String server) {
        return testbed().server(server).ip();
    }

    /** A user's key file (the users are the same on both servers). */
    public static Path keyFile(String user) {
        return testbed().server("srv-a").user(user).key();
    }

    public static String password(String user) {
        return testbed().server("srv-a").user(user).password();
    }

    public static Path wrongKeyFile() {
        return testbed().wrongKey();
    }

    /** A fresh known_hosts file in {@code dir} listing both servers' real keys. */
    public static Path knownHosts(Path dir) {
        try {
            Path f = dir.resolve("known_hosts");
            Files.copy(testbed().knownHostsFile(), f);
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
}
