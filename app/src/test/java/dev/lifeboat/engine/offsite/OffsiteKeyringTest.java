package dev.lifeboat.engine.offsite;

import static dev.lifeboat.engine.offsite.OffsiteFixture.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.store.SnapshotStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository password in the desktop's secret store: a real GNOME Keyring, unlocked, on a private session bus
 * (as a desktop session has one), reached through secret-tool. Lifeboat stores the password there through
 * secret-tool's standard input; restic reads it with {@code RESTIC_PASSWORD_COMMAND=secret-tool lookup ...}; no
 * command line and no restic environment holds it.
 */
class OffsiteKeyringTest {
    private static final String PASSWORD = "keyring-held repository password 42";

    @TempDir
    Path dir;

    /** A session bus with an unlocked GNOME Keyring on it; closed by the processes' own ids. */
    static final class SecretService implements AutoCloseable {
        final Process bus;
        final Process keyring;
        final Map<String, String> environment;

        SecretService(Path dir) throws Exception {
            LocalTools.require("dbus-daemon", "dbus-daemon");
            LocalTools.require("gnome-keyring-daemon", "gnome-keyring");
            LocalTools.require("secret-tool", "libsecret-tools");
            // A session bus that starts no service by itself: D-Bus activation would start a second, locked keyring
            // when secret-tool asks before ours has its name ("another secret service is running").
            Path config = dir.resolve("session-bus.conf");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"",
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">",
                            "<busconfig>",
                            "  <type>session</type>",
                            "  <listen>unix:dir=" + Files.createDirectories(dir.resolve("bus")) + "</listen>",
                            "  <auth>EXTERNAL</auth>",
                            "  <policy context=\"default\">",
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>",
                            "    <allow eavesdrop=\"true\"/>",
                            "    <allow own=\"*\"/>",
                            "  </policy>",
                            "</busconfig>",
                            ""));
            bus = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                    .redirectError(dir.resolve("dbus.log").toFile())
                    .start();
            String address =
                    new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (address == null || !address.startsWith("unix:")) {
                throw new AssertionError("dbus-daemon gave no address: " + Files.readString(dir.resolve("dbus.log")));
            }
            environment = Map.of("DBUS_SESSION_BUS_ADDRESS", address);
            Path home = Files.createDirectories(dir.resolve("keyring-home"));
            ProcessBuilder kb = new ProcessBuilder(
                            "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keyring.log").toFile());
            kb.environment().putAll(environment);
            kb.environment().put("HOME", home.toString());
            kb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
            kb.environment()
                    .put(
                            "XDG_RUNTIME_DIR",
                            Files.createDirectories(home.resolve("run")).toString());
            keyring = kb.start();
            try (OutputStream in = keyring.getOutputStream()) {
                in.write("the keyring's own password".getBytes(StandardCharsets.UTF_8));
            }
            // Not a speed assertion: waits for the keyring to take secrets, and fails with its log if it never does.
            Keyring k = new Keyring(environment);
            for (int i = 0; ; i++) {
                try {
                    k.store("probe", Keyring.Kind.PASSWORD, "x".toCharArray());
                    k.clear("probe", Keyring.Kind.PASSWORD);
                    return;
                } catch (EngineException e) {
                    if (i > 300 || !keyring.isAlive()) {
                        close();
                        throw new AssertionError(e.getMessage() + "\n" + Files.readString(dir.resolve("keyring.log")));
                    }
                    Thread.sleep(100);
                }
            }
        }

        @Override
        public void close() throws Exception {
            for (Process p : List.of(keyring, bus)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void resticReadsThePasswordFromTheSecretStoreAndNoCommandLineOrEnvironmentHoldsIt() throws Exception {
        try (SecretService secrets = new SecretService(dir)) {
            Keyring keyring = new Keyring(secrets.environment);
            OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
            OffsiteRepository r = new OffsiteRepository(
                    "desk",
                    dir.resolve("repository").toString(),
                    OffsiteRepository.Secret.keyring(),
                    null,
                    List.of(),
                    7,
                    4,
                    6,
                    List.of());
            keyring.store("desk", Keyring.Kind.PASSWORD, PASSWORD.toCharArray());
            assertEquals(PASSWORD, new String(keyring.lookup("desk", Keyring.Kind.PASSWORD)));
            Restic restic = Restic.open(r, keyring);
            assertEquals(
                    Keyring.lookupCommand("desk", Keyring.Kind.PASSWORD),
                    restic.environment().get("RESTIC_PASSWORD_COMMAND"));
            assertFalse(restic.environment().containsValue(PASSWORD));

            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> leaks = new ArrayList<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    OffsiteS3Test.sample(seen, leaks, PASSWORD);
                }
            });
            sampler.start();
            Path snap;
            try {
                restic.run(ResticCommand.init(r), n -> {}, CancelToken.NONE);
                snap = laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 100_000);
                new Runner(e -> {})
                        .run(
                                new OffsitePush(restic, new SnapshotStore(laptop.store)).steps(List.of(snap), true),
                                CancelToken.NONE);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertTrue(seen.contains("restic"), "restic was seen running: " + seen);
            assertEquals(List.of(), leaks);
            List<RemoteSnapshot> there =
                    RemoteSnapshot.parse(restic.runForJson(ResticCommand.snapshots(r), CancelToken.NONE));
            assertEquals(
                    List.of(APP + "/20261201T090000Z"),
                    there.stream().map(RemoteSnapshot::id).toList());

            keyring.clear("desk", Keyring.Kind.PASSWORD);
            EngineException e = assertThrows(
                    EngineException.class, () -> restic.run(ResticCommand.snapshots(r), n -> {}, CancelToken.NONE));
            assertTrue(e.getMessage().contains("could not read the password"), e.getMessage());
        }
    }

    @Test
    void withoutASecretStoreLifeboatSaysToUseAPasswordFile() {
        Keyring none = new Keyring(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus")));
        EngineException e =
                assertThrows(EngineException.class, () -> none.store("desk", Keyring.Kind.PASSWORD, "x".toCharArray()));
        assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
    }
}
