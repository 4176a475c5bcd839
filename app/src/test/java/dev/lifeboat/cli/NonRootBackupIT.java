package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin's desktop user is not root, while the server's files belong to many users: the real jar, run as an
 * ordinary local user ({@code lbuser}, created for the test when the tests run as root, as CI does), backs up a
 * compose application whose data has foreign owners, modes, an ACL, an xattr, a fifo, a symlink, a hard link and odd
 * names — and the store keeps them all. The application's container ignores SIGTERM (the testbed's stand-in image for
 * that), so its stop also proves that the backup goes on after the grace period and starts it again.
 */
@TestbedTest
class NonRootBackupIT {
    private static final String APP = "/srv/lbtree";
    private static final String USER = "lbuser";
    private static final Path HOME = Path.of("/home", USER);
    /** In the user's home: its SSH key, known_hosts and its own copy of the jar. */
    private static final String TEST_DIR = ".lifeboat-test-ssh";

    private final Testbed testbed;

    NonRootBackupIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @BeforeAll
    static void application(Testbed testbed) {
        String compose = String.join(
                "\n",
                "services:",
                "  app:",
                "    image: lifeboat-testbed/standin-ignore-sigterm:1",
                "    environment:",
                "      STANDIN_APP: generic",
                "    stop_grace_period: 3s",
                "    volumes:",
                "      - ./data:/data",
                "");
        String tree = String.join(
                "; ",
                "set -e",
                "rm -rf " + APP,
                "mkdir -p " + APP + "/data/db-owned " + APP + "/data/www",
                "printf '%s' \"$1\" > " + APP + "/docker-compose.yml",
                "cd " + APP + "/data",
                "echo rows > db-owned/table.ibd; chown -R 999:70 db-owned; chmod 640 db-owned/table.ibd; chmod 750 db-owned",
                "echo page > www/index.html; chown -R 33:33 www; chmod 2775 www",
                "echo acl > acl.txt; setfacl -m u:1234:r acl.txt",
                "echo x > xattr.txt; setfattr -n user.lifeboat -v kept xattr.txt",
                "printf 'new\\nline' > \"$(printf 'name with\\nnewline')\"",
                "echo t > \"$(printf 'tab\\tand quotes\\047\\042.txt')\"",
                "echo u > 'Überblick – naïve 日本語.txt'",
                "ln -s www/index.html link-to-index",
                "ln www/index.html www/hardlink.html",
                "mkfifo a-fifo",
                "cd " + APP + " && docker compose up -d");
        testbed.exec("srv-a", "sh", "-c", tree, "sh", compose).orThrow();
    }

    @AfterAll
    static void removeApplication(Testbed testbed) {
        testbed.exec("srv-a", "sh", "-c", "cd " + APP + " && docker compose down -t 1; rm -rf " + APP);
        testbed.exec("srv-b", "sh", "-c", "cd " + APP + " && docker compose down -t 1; rm -rf " + APP);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The command line that runs the real jar as the ordinary local user (directly when the tests already run as
     * one). The jar is the user's own copy in its home ({@link #prepareUser}): the checkout may sit in a folder that
     * only root can read (a clone under {@code /root}, or in a {@code mktemp -d} folder).
     */
    private static List<String> userCommand(Path home, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", USER, "--"));
        }
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                home.resolve(TEST_DIR).resolve("lifeboat.jar").toString()));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs the real jar as the ordinary local user, from its home, and waits for it. */
    private static BackupCommandIT.Run asUser(List<String> args) throws Exception {
        Path home = root() ? HOME : Path.of(System.getProperty("user.home"));
        ProcessBuilder pb = new ProcessBuilder(userCommand(home, args)).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        Path out = Files.createTempFile("lifeboat-out", ".txt");
        Path err = Files.createTempFile("lifeboat-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new BackupCommandIT.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path prepareUser() throws Exception {
        Path home = root() ? HOME : Path.of(System.getProperty("user.home"));
        if (root()) {
            Process p = new ProcessBuilder(
                            "sh", "-c", "id -u " + USER + " >/dev/null 2>&1 || useradd -m -s /bin/sh " + USER)
                    .inheritIO()
                    .start();
            assertEquals(0, p.waitFor());
        }
        Path ssh = home.resolve(TEST_DIR);
        Files.createDirectories(ssh);
        Files.copy(TestbedHosts.keyFile("root"), ssh.resolve("key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Testbed.load().knownHostsFile(), ssh.resolve("known_hosts"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                Path.of("target", "lifeboat.jar").toAbsolutePath(),
                ssh.resolve("lifeboat.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        if (root()) {
            Process p = new ProcessBuilder(
                            "sh",
                            "-c",
                            "chown -R " + USER + ": " + ssh + " && chmod 700 " + ssh + " && chmod 600 " + ssh
                                    + "/key && chmod 644 " + ssh + "/lifeboat.jar && rm -rf " + home + "/store")
                    .inheritIO()
                    .start();
            assertEquals(0, p.waitFor());
        }
        return home;
    }

    @Test
    void anOrdinaryLocalUserKeepsForeignOwnersModesAclsXattrsAndOddNames() throws Exception {
        Path home = prepareUser();
        Path ssh = home.resolve(TEST_DIR);
        Path store = home.resolve("store");
        BackupCommandIT.Run r = asUser(List.of(
                "backup",
                "root@" + TestbedHosts.ip("srv-a"),
                "-i",
                ssh.resolve("key").toString(),
                "--known-hosts",
                ssh.resolve("known_hosts").toString(),
                "--ssh-config",
                "none",
                "--batch",
                "--store",
                store.toString(),
                "--app",
                APP,
                "--json"));
        assertEquals(0, r.exit(), r.err() + r.out());
        String[] lines = r.out().strip().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        Path snap = Path.of(result.get("snapshot").asText());
        Manifest m = SnapshotStore.readManifest(snap);
        assertEquals("generic-compose", m.application().stack());
        assertTrue(m.downtime().healthy(), "the container that ignores SIGTERM runs again");
        long stopMillis = m.steps().stream()
                .filter(s -> s.id().equals("stop"))
                .findFirst()
                .orElseThrow()
                .millis();
        assertTrue(stopMillis >= 2500, "docker stop waited the 3 s grace, then killed it: " + stopMillis + " ms");
        String state = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps --filter label=com.docker.compose.project=lbtree" + " --format '{{.State}}'")
                .orThrow()
                .stdout()
                .strip();
        assertEquals("running", state);

        Path data = snap.resolve("files/srv/lbtree/data");
        if (root()) {
            int uid = (Integer) Files.getAttribute(data.resolve("db-owned/table.ibd"), "unix:uid");
            assertNotEquals(0, uid, "the store's files belong to the local user, not to root");
        }
        assertEquals("100640 0,0 999:70", xattr(data.resolve("db-owned/table.ibd"), "rsync.%stat"));
        assertTrue(xattr(data.resolve("db-owned"), "rsync.%stat").startsWith("40750 "), "folder mode and owner");
        assertTrue(xattr(data.resolve("www"), "rsync.%stat").matches("42775 .* 33:33"), "setgid folder of 33:33");
        assertTrue(xattr(data.resolve("acl.txt"), "rsync.%aacl") != null, "the ACL is kept");
        assertEquals("kept", xattr(data.resolve("xattr.txt"), "lifeboat"), "the xattr is kept");
        assertTrue(xattr(data.resolve("link-to-index"), "rsync.%stat").startsWith("120777"), "the symlink is kept");
        assertTrue(xattr(data.resolve("a-fifo"), "rsync.%stat").startsWith("10"), "the fifo is kept");
        assertTrue(Files.exists(data.resolve("name with\nnewline")));
        assertTrue(Files.exists(data.resolve("tab\tand quotes'\".txt")));
        assertTrue(Files.exists(data.resolve("Überblick – naïve 日本語.txt")));
        assertEquals(
                Files.getAttribute(data.resolve("www/index.html"), "unix:ino"),
                Files.getAttribute(data.resolve("www/hardlink.html"), "unix:ino"),
                "the hard link is kept");
        String index = Files.readString(snap.resolve(SnapshotStore.INDEX));
        assertTrue(index.contains("100640 0,0 999:70\tsrv/lbtree/data/db-owned/table.ibd"), index);
        assertTrue(index.contains("srv/lbtree/data/name with\\nnewline"), index);

        BackupCommandIT.Run v = asUser(List.of("verify", snap.toString()));
        assertEquals(0, v.exit(), v.out() + v.err());
    }

    /** What the server holds of the tree: types, modes, owners, sizes, link targets, link counts, ACLs, xattrs. */
    private String tree(String server) {
        String script = "cd " + APP + "/data && find . -printf '%P|%y|%m|%U:%G|%s|%l|%n\\n' | LC_ALL=C sort"
                + " && getfacl -R -p . 2>/dev/null && getfattr -R -d -m '^user\\.' . 2>/dev/null | LC_ALL=C sort";
        return testbed.exec(server, "sh", "-c", script).orThrow().stdout();
    }

    @Test
    void anOrdinaryLocalUserRestoresForeignOwnersExactlyOntoTheOtherServer() throws Exception {
        Path home = prepareUser();
        Path ssh = home.resolve(TEST_DIR);
        Path store = home.resolve("store-restore");
        List<String> login = List.of(
                "-i",
                ssh.resolve("key").toString(),
                "--known-hosts",
                ssh.resolve("known_hosts").toString(),
                "--ssh-config",
                "none",
                "--batch",
                "--store",
                store.toString());
        List<String> backup = new ArrayList<>(List.of("backup", "root@" + TestbedHosts.ip("srv-a"), "--app", APP));
        backup.addAll(login);
        backup.add("--json");
        BackupCommandIT.Run b = asUser(backup);
        assertEquals(0, b.exit(), b.err() + b.out());
        String[] lines = b.out().strip().split("\n");
        String snap = new ObjectMapper()
                .readTree(lines[lines.length - 1])
                .get("snapshot")
                .asText();

        List<String> restore =
                new ArrayList<>(List.of("restore", snap, "root@" + TestbedHosts.ip("srv-b"), "--overwrite"));
        restore.addAll(login);
        BackupCommandIT.Run r = asUser(restore);
        assertEquals(0, r.exit(), r.err() + r.out());
        String a = tree("srv-a");
        assertTrue(a.contains("db-owned/table.ibd|f|640|999:70"), a);
        assertTrue(a.contains("user.lifeboat=\"kept\""), a);
        assertTrue(a.contains("user:1234:r--"), a);
        assertEquals(a, tree("srv-b"), "srv-b got back every owner, mode, ACL, xattr, link and odd name");
    }

    @Test
    void ctrlCWhileTheSiteIsDownStartsItAgainAndExitsWith130() throws Exception {
        Path home = prepareUser();
        Path ssh = home.resolve(TEST_DIR);
        List<String> cmd = userCommand(
                home,
                List.of(
                        "backup",
                        "root@" + TestbedHosts.ip("srv-a"),
                        "-i",
                        ssh.resolve("key").toString(),
                        "--known-hosts",
                        ssh.resolve("known_hosts").toString(),
                        "--ssh-config",
                        "none",
                        "--batch",
                        "--store",
                        home.resolve("store-ctrl-c").toString(),
                        "--app",
                        APP,
                        "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (var r =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("\"type\":\"DowntimeStarted\"")) {
                    // Ctrl-C reaches the java process itself, as from a terminal (not runuser around it).
                    new ProcessBuilder(
                                    "pkill",
                                    "-INT",
                                    "-f",
                                    "^" + Path.of(System.getProperty("java.home"), "bin", "java") + " .*store-ctrl-c")
                            .start()
                            .waitFor();
                }
            }
        }
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertTrue(seen.toString().contains("DowntimeStarted"), seen.toString());
        assertEquals(130, p.exitValue(), seen.toString());
        String state = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -a --filter label=com.docker.compose.project=lbtree" + " --format '{{.State}}'")
                .orThrow()
                .stdout()
                .strip();
        assertEquals("running", state, "the site runs again after Ctrl-C: " + seen);
    }

    private static String xattr(Path p, String name) throws Exception {
        UserDefinedFileAttributeView v =
                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (!v.list().contains(name)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }
}
