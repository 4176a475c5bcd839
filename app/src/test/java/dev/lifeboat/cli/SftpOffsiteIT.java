package dev.lifeboat.cli;

import static dev.lifeboat.cli.BackupCommandIT.lastLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.offsite.LocalServer;
import dev.lifeboat.engine.offsite.OffsiteS3Test;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-site copies against the testbed (issue 19's done-when): a restic repository on srv-a over SFTP (real OpenSSH,
 * restic's sftp backend through the system ssh), every backup of srv-a's Papermerge landing there by itself, the keep
 * rules forgetting the older one, then a computer that has never seen the site — its own config and store, only the
 * repository and its password — restores the newest onto an emptied srv-b, and srv-b's fingerprint equals srv-a's;
 * a drill from the repository passes and leaves nothing. The same restore through an S3 server (S3Proxy, real, on this
 * computer). A full repository disk is said, the backup still succeeds and its snapshot stays here. The real jar runs,
 * with LIFEBOAT_HOME per computer.
 */
@TestbedTest
class SftpOffsiteIT {
    private static final String APP = "/opt/papermerge";
    private static final String DEPLOYMENT = "papermerge-3.6-standard-compose";
    private static final String REPOSITORY = "/var/tmp/lifeboat-offsite-it";
    private static final String FULL = "/var/tmp/lifeboat-offsite-full";
    private static final String CHANGE =
            "/var/lib/docker/volumes/papermerge_papermerge_data/_data/lifeboat-offsite-it.txt";
    private static final String PASSWORD = "offsite-it correct horse battery staple";

    @TempDir
    Path dir;

    private final Testbed testbed;

    SftpOffsiteIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @AfterEach
    void cleanUp() {
        testbed.exec("srv-a", "sh", "-c", "rm -rf " + REPOSITORY + " " + CHANGE);
        testbed.diskFree("srv-a", FULL);
        emptyB();
    }

    /** srv-b as the other tests expect it: no container, volume, network, nor anything a restore put there. */
    private void emptyB() {
        testbed.exec(
                        "srv-b",
                        "sh",
                        "-c",
                        "docker ps -aq | xargs -r docker rm -f -v >/dev/null; docker volume ls -q | xargs -r docker"
                                + " volume rm >/dev/null; docker network prune -f >/dev/null; rm -rf " + APP
                                + " /var/lib/lifeboat /var/tmp/lifeboat-drill")
                .orThrow();
    }

    /** A computer: its LIFEBOAT_HOME (config, logs), its store, its password file (mode 600). */
    private record Computer(Path home, Path store, Path passwordFile) {}

    private Computer computer(String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path pw = home.resolve("repository-password");
        Files.createFile(pw, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pw, PASSWORD);
        return new Computer(home, home.resolve("store"), pw);
    }

    /** restic's sftp backend through the system ssh, with the testbed's key and host keys, never asking. */
    private List<String> sftpOptions() {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            knownHosts = TestbedHosts.knownHosts(dir);
        }
        return List.of(
                "--restic-option",
                "sftp.command=ssh -i " + TestbedHosts.keyFile("root") + " -o UserKnownHostsFile=" + knownHosts
                        + " -o StrictHostKeyChecking=yes -o BatchMode=yes root@" + TestbedHosts.ip("srv-a")
                        + " -s sftp");
    }

    private String repository(String path) {
        return "sftp:root@" + TestbedHosts.ip("srv-a") + ":" + path;
    }

    private List<String> ssh(String server) {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            knownHosts = TestbedHosts.knownHosts(dir);
        }
        return List.of(
                "root@" + TestbedHosts.ip(server),
                "-i",
                TestbedHosts.keyFile("root").toString(),
                "--known-hosts",
                knownHosts.toString(),
                "--ssh-config",
                "none",
                "--batch");
    }

    /** Runs the real jar as computer {@code c}. */
    private BackupCommandIT.Run lifeboat(Computer c, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LIFEBOAT_HOME", c.home().toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
        return new BackupCommandIT.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> concat(List<String> a, List<String> b, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        l.addAll(List.of(more));
        return l;
    }

    private List<String> fingerprint(String server) {
        return testbed.fingerprint(server, DEPLOYMENT)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    @Test
    void everyBackupLandsInTheSftpRepositoryAndANewComputerRestoresTheNewestOntoAnEmptyServer() throws Exception {
        testbed.exec("srv-a", "rm", "-rf", REPOSITORY).orThrow();
        Computer laptop = computer("laptop");
        BackupCommandIT.Run add = lifeboat(
                laptop,
                concat(
                        List.of("offsite", "add", "nas", repository(REPOSITORY), "--init"),
                        sftpOptions(),
                        "--password-file",
                        laptop.passwordFile().toString(),
                        "--keep-last",
                        "1",
                        "--keep-weekly",
                        "0",
                        "--keep-monthly",
                        "0"));
        assertEquals(0, add.exit(), add.out() + add.err());

        List<String> backup = concat(
                List.of("backup"),
                ssh("srv-a"),
                "--app",
                APP,
                "--store",
                laptop.store().toString(),
                "--json",
                "--quiet-logs");
        BackupCommandIT.Run first;
        List<String> leaks = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                sampleCommandLines(leaks);
            }
        });
        sampler.start();
        try {
            first = lifeboat(laptop, backup);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertEquals(0, first.exit(), first.err() + first.out());
        assertEquals(List.of(), leaks, "no command line held the repository password");
        assertTrue(pushed(first.out()), "the backup was copied to nas after the site was up: " + first.out());
        assertTrue(
                first.out().indexOf("\"type\":\"DowntimeEnded\"") < first.out().indexOf("\"step\":\"offsite:nas\""),
                "the push runs after the site is up");

        testbed.exec("srv-a", "sh", "-c", "echo second >> " + CHANGE).orThrow();
        BackupCommandIT.Run second = lifeboat(laptop, backup);
        assertEquals(0, second.exit(), second.err() + second.out());
        assertTrue(pushed(second.out()), second.out());
        assertTrue(second.out().contains("\"step\":\"offsite-forget:nas\""), second.out());
        String newest = lastLine(second.out()).get("id").asText();

        JsonNode list = new ObjectMapper()
                .readTree(lifeboat(
                                laptop,
                                List.of("snapshots", "--store", laptop.store().toString(), "--json"))
                        .out());
        int both = 0;
        for (JsonNode s : list.get("snapshots")) {
            boolean isNewest = s.get("id").asText().equals(newest);
            assertEquals(isNewest ? "both" : "here", s.get("where").asText(), "keep-last 1 there: " + list);
            both += isNewest ? 1 : 0;
        }
        assertEquals(1, both, list.toString());

        // A computer that has never seen the site: the repository and its password.
        Computer fresh = computer("new-laptop");
        BackupCommandIT.Run again = lifeboat(
                fresh,
                concat(
                        List.of("offsite", "add", "nas", repository(REPOSITORY)),
                        sftpOptions(),
                        "--password-file",
                        fresh.passwordFile().toString()));
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("1 Lifeboat snapshot there"), again.out());
        BackupCommandIT.Run offsite =
                lifeboat(fresh, List.of("snapshots", "--store", fresh.store().toString()));
        assertTrue(offsite.out().contains(newest) && offsite.out().contains("off-site (nas)"), offsite.out());

        emptyB();
        BackupCommandIT.Run restore = lifeboat(
                fresh,
                concat(
                        List.of("restore", "--from", "nas", newest),
                        ssh("srv-b"),
                        "--store",
                        fresh.store().toString(),
                        "--json",
                        "--quiet-logs"));
        assertEquals(0, restore.exit(), restore.err() + restore.out());
        assertTrue(restore.out().contains("\"step\":\"verify-fetched\""), "the copy was verified first");
        assertTrue(lastLine(restore.out()).get("ok").asBoolean(), restore.out());
        assertEquals(
                String.join("\n", fingerprint("srv-a")),
                String.join("\n", fingerprint("srv-b")),
                "srv-b holds what srv-a holds, from the off-site copy");

        emptyB();
        BackupCommandIT.Run drill = lifeboat(
                fresh,
                concat(
                        List.of("drill", "--from", "nas", newest),
                        ssh("srv-b"),
                        "--store",
                        fresh.store().toString(),
                        "--json",
                        "--quiet-logs"));
        assertEquals(0, drill.exit(), drill.err() + drill.out());
        assertTrue(lastLine(drill.out()).get("passed").asBoolean(), drill.out());

        BackupCommandIT.Run check = lifeboat(fresh, List.of("offsite", "check", "nas", "--read-data", "100"));
        assertEquals(0, check.exit(), check.out() + check.err());
    }

    private static boolean pushed(String out) {
        return pushed(out, "nas");
    }

    private static boolean pushed(String out, String repository) {
        return out.lines()
                .anyMatch(l -> l.contains("\"type\":\"StepFinished\"")
                        && l.contains("\"step\":\"offsite:" + repository + "\""));
    }

    /**
     * The same round trip through an S3 server: S3Proxy (a real server that speaks the S3 API and stores objects in a
     * folder), on this computer. The backup lands there by itself; a computer that has never seen the site, with only
     * the repository, its password and the S3 keys, restores the snapshot onto an emptied srv-b, fingerprint equal.
     */
    @Test
    void anS3RepositoryTooTakesTheBackupAndANewComputerRestoresFromItOntoAnEmptyServer() throws Exception {
        try (LocalServer s3 = OffsiteS3Test.s3(dir)) {
            String repo = "s3:http://127.0.0.1:" + s3.port + "/lifeboat-offsite-it";
            String keys = "[default]\naws_access_key_id = " + OffsiteS3Test.KEY_ID + "\naws_secret_access_key = "
                    + OffsiteS3Test.SECRET + "\n";
            Computer laptop = computer("laptop");
            Path credentials = privateFile(laptop.home().resolve("s3-credentials"), keys);
            BackupCommandIT.Run add = lifeboat(
                    laptop,
                    List.of(
                            "offsite",
                            "add",
                            "s3",
                            repo,
                            "--init",
                            "--password-file",
                            laptop.passwordFile().toString(),
                            "--s3-credentials",
                            credentials.toString()));
            assertEquals(0, add.exit(), add.out() + add.err());
            BackupCommandIT.Run backup = lifeboat(
                    laptop,
                    concat(
                            List.of("backup"),
                            ssh("srv-a"),
                            "--app",
                            APP,
                            "--store",
                            laptop.store().toString(),
                            "--json",
                            "--quiet-logs"));
            assertEquals(0, backup.exit(), backup.err() + backup.out());
            assertTrue(pushed(backup.out(), "s3"), "the backup was copied to s3: " + backup.out());
            assertFalse(backup.out().contains(OffsiteS3Test.SECRET), "the S3 secret is in no output");
            String id = lastLine(backup.out()).get("id").asText();

            Computer fresh = computer("new-laptop");
            Path freshKeys = privateFile(fresh.home().resolve("s3-credentials"), keys);
            BackupCommandIT.Run again = lifeboat(
                    fresh,
                    List.of(
                            "offsite",
                            "add",
                            "s3",
                            repo,
                            "--password-file",
                            fresh.passwordFile().toString(),
                            "--s3-credentials",
                            freshKeys.toString()));
            assertEquals(0, again.exit(), again.out() + again.err());
            emptyB();
            BackupCommandIT.Run restore = lifeboat(
                    fresh,
                    concat(
                            List.of("restore", "--from", "s3", id),
                            ssh("srv-b"),
                            "--store",
                            fresh.store().toString(),
                            "--json",
                            "--quiet-logs"));
            assertEquals(0, restore.exit(), restore.err() + restore.out());
            assertTrue(restore.out().contains("\"step\":\"verify-fetched\""), "the copy was verified first");
            assertEquals(
                    String.join("\n", fingerprint("srv-a")),
                    String.join("\n", fingerprint("srv-b")),
                    "srv-b holds what srv-a holds, from the S3 copy");
        }
    }

    private static Path privateFile(Path file, String text) throws Exception {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aFullRepositoryDiskIsSaidAndTheBackupStillSucceedsWithItsSnapshotHere() throws Exception {
        Computer laptop = computer("laptop");
        // The repository is made first on an ample disk, then its folder is moved onto a full one.
        testbed.exec("srv-a", "rm", "-rf", REPOSITORY, FULL).orThrow();
        BackupCommandIT.Run add = lifeboat(
                laptop,
                concat(
                        List.of("offsite", "add", "nas", repository(REPOSITORY), "--init"),
                        sftpOptions(),
                        "--password-file",
                        laptop.passwordFile().toString()));
        assertEquals(0, add.exit(), add.out() + add.err());
        // The repository moves onto a small tmpfs (mounted and filled by the fault script, emptied for the copy),
        // which is then filled to the last byte.
        testbed.diskFill("srv-a", FULL, "8m");
        testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "rm -f " + FULL + "/.lifeboat-fill*; cp -a " + REPOSITORY + "/. " + FULL + "/ && rm -rf "
                                + REPOSITORY + " && ln -s " + FULL + " " + REPOSITORY)
                .orThrow();
        testbed.diskFill("srv-a", FULL, "8m");
        BackupCommandIT.Run r = lifeboat(
                laptop,
                concat(
                        List.of("backup"),
                        ssh("srv-a"),
                        "--app",
                        APP,
                        "--store",
                        laptop.store().toString(),
                        "--json",
                        "--quiet-logs"));
        assertEquals(0, r.exit(), "the backup itself succeeded: " + r.err() + r.out());
        assertTrue(r.out().contains("The off-site copy to nas failed"), r.out());
        assertTrue(r.out().contains("may be full") || r.out().contains("is full"), r.out());
        assertFalse(r.out().contains("signal interrupt"), "the reason is the write that failed: " + r.out());
        Path snap = Path.of(lastLine(r.out()).get("snapshot").asText());
        BackupCommandIT.Run verify = lifeboat(laptop, List.of("verify", snap.toString()));
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        BackupCommandIT.Run push = lifeboat(
                laptop,
                List.of("offsite", "push", "nas", "--store", laptop.store().toString()));
        assertEquals(1, push.exit(), "a push by hand says it failed: " + push.out() + push.err());
    }

    /** Every process's command line on this machine, once: none may hold the repository password. */
    private static void sampleCommandLines(List<String> leaks) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(PASSWORD)) {
                        leaks.add(cmd.replace('\0', ' '));
                    }
                } catch (java.io.IOException e) {
                    // ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(leaks.size() > 100);
    }
}
