package dev.lifeboat.engine.offsite;

import static dev.lifeboat.engine.offsite.OffsiteFixture.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.store.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository in S3 object storage, on a real S3 server that runs on this machine: S3Proxy (org.gaul:s3proxy, its
 * self-contained jar from Maven Central, copied to target/test-tools by the build) with its filesystem store. The keys
 * are in a credentials file of mode 600; while restic runs, no process's command line holds them or the password.
 */
public class OffsiteS3Test {
    public static final String KEY_ID = "lifeboat-test-key";
    public static final String SECRET = "s3-secret-7a1c9e2f4b";

    @TempDir
    Path dir;

    public static LocalServer s3(Path dir) throws Exception {
        Path jar = Path.of("target", "test-tools", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the build copies it (mvn -pl app generate-test-resources)");
        }
        int port = LocalServer.freePort();
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + KEY_ID,
                        "s3proxy.credential=" + SECRET,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data,
                        ""));
        return LocalServer.start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--properties",
                        props.toString()),
                port,
                dir.resolve("s3proxy.log"));
    }

    @Test
    void pushesToAnS3ServerComeBackOnANewComputerAndNoCommandLineShowsAKeyOrThePassword() throws Exception {
        try (LocalServer server = s3(dir)) {
            OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
            Path credentials = dir.resolve("laptop/s3-credentials");
            OffsiteFixture.writePrivate(
                    credentials,
                    "[default]\naws_access_key_id = " + KEY_ID + "\naws_secret_access_key = " + SECRET + "\n");
            String repo = "s3:http://127.0.0.1:" + server.port + "/lifeboat-offsite";
            OffsiteRepository r = new OffsiteRepository(
                    "s3",
                    repo,
                    OffsiteRepository.Secret.file(laptop.passwordFile),
                    OffsiteRepository.Secret.file(credentials),
                    List.of(),
                    7,
                    4,
                    6,
                    List.of());
            String password = Files.readString(laptop.passwordFile);

            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> leaks = new ArrayList<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    sample(seen, leaks, password);
                }
            });
            sampler.start();
            try {
                laptop.offsite().add(r, null, null, true, CancelToken.NONE);
                Path s1 = laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 5_000_000);
                laptop.offsite().push("s3", null, e -> {}, CancelToken.NONE);
                laptop.snapshot("20261202T090000Z", s1, OffsiteLocalRepositoryTest.second(), 5_000_000);
                laptop.offsite().push("s3", null, e -> {}, CancelToken.NONE);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertTrue(seen.stream().anyMatch(c -> c.startsWith("restic")), "restic was seen running: " + seen);
            assertEquals(List.of(), leaks, "no command line or restic environment holds a secret");
            assertTrue(Files.isDirectory(dir.resolve("s3-data/lifeboat-offsite")), "the S3 server stored the bucket");

            OffsiteFixture fresh = new OffsiteFixture(dir, "new-laptop");
            Files.copy(laptop.passwordFile, fresh.passwordFile, StandardCopyOption.REPLACE_EXISTING);
            fresh.offsite()
                    .add(
                            new OffsiteRepository(
                                    "s3",
                                    repo,
                                    OffsiteRepository.Secret.file(fresh.passwordFile),
                                    OffsiteRepository.Secret.file(credentials),
                                    List.of(),
                                    7,
                                    4,
                                    6,
                                    List.of()),
                            null,
                            null,
                            false,
                            CancelToken.NONE);
            assertEquals(
                    List.of(APP + "/20261201T090000Z", APP + "/20261202T090000Z"),
                    fresh.offsite().snapshots("s3", CancelToken.NONE).stream()
                            .map(RemoteSnapshot::id)
                            .toList());
            try (Offsite.Fetched f =
                    fresh.offsite().fetch("s3", APP + "/20261202T090000Z", e -> {}, CancelToken.NONE)) {
                assertTrue(
                        Verifier.verify(f.snapshot(), b -> {}, CancelToken.NONE).ok());
            }
        }
    }

    /**
     * Reads every process's command line, and the environment of every restic: the password and the secret key must be
     * in neither (restic gets files' names, never their contents).
     */
    static void sample(Set<String> seen, List<String> leaks, String password) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.isBlank()) {
                        continue;
                    }
                    String name = cmd.startsWith("restic ") ? "restic" : cmd.split(" ")[0];
                    seen.add(name);
                    check(leaks, "command line of " + p, cmd, password);
                    if (name.equals("restic")) {
                        String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                        check(leaks, "environment of restic " + p, env, password);
                    }
                } catch (java.io.IOException e) {
                    // The process ended between the listing and the read.
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void check(List<String> leaks, String where, String text, String password) {
        if (text.contains(password.strip()) || text.contains(SECRET)) {
            synchronized (leaks) {
                leaks.add(where);
            }
        }
    }

    @Test
    void keysTheServerRefusesAreSaidAndNothingIsAdded() throws Exception {
        try (LocalServer server = s3(dir)) {
            OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
            Path credentials = dir.resolve("laptop/s3-credentials");
            OffsiteFixture.writePrivate(
                    credentials, "[default]\naws_access_key_id = " + KEY_ID + "\naws_secret_access_key = wrong\n");
            OffsiteRepository r = new OffsiteRepository(
                    "s3",
                    "s3:http://127.0.0.1:" + server.port + "/lifeboat-offsite",
                    OffsiteRepository.Secret.file(laptop.passwordFile),
                    OffsiteRepository.Secret.file(credentials),
                    List.of(),
                    7,
                    4,
                    6,
                    List.of());
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                    Exception.class, () -> laptop.offsite().add(r, null, null, true, CancelToken.NONE));
            assertTrue(e.getMessage().contains("refused its keys"), e.getMessage());
            assertTrue(laptop.offsite().repositories().isEmpty());
        }
    }
}
