package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.Test;

/**
 * Proves the testbed's logins work and fail as they should, over real SSH (sshj), with strict host key checking
 * against the testbed's known_hosts. Secrets go through sshj's API or a channel's stdin, never a command line.
 */
@TestbedTest
class TestbedIT {

    private final Testbed testbed;

    TestbedIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @Test
    void rootLogsInByKey() throws Exception {
        try (SSHClient ssh = connect("srv-a")) {
            ssh.authPublickey("root", ssh.loadKeys(key("srv-a", "root")));
            Out out = run(ssh, "id -u; hostname", null);
            assertEquals(0, out.exit());
            assertEquals(List.of("0", "srv-a"), out.stdout().lines().toList());
        }
    }

    @Test
    void adminLogsInByKeyAndSudoNeedsThePassword() throws Exception {
        Testbed.User admin = testbed.server("srv-a").user("admin");
        try (SSHClient ssh = connect("srv-a")) {
            ssh.authPublickey("admin", ssh.loadKeys(admin.keyFile()));
            assertEquals("admin", run(ssh, "whoami", null).stdout().strip());

            Out noPassword = run(ssh, "sudo -n true", null);
            assertNotEquals(0, noPassword.exit(), "sudo without a password must be refused");

            // -k: forget any cached credential, so the password is really asked for and checked.
            Out withPassword = run(ssh, "sudo -k -S -p '' id -u", admin.password() + "\n");
            assertEquals(0, withPassword.exit(), withPassword.stderr());
            assertEquals("0", withPassword.stdout().strip());

            Out wrongPassword = run(ssh, "sudo -k -S -p '' id -u", "not-the-password\n");
            assertNotEquals(0, wrongPassword.exit());
        }
    }

    @Test
    void adminLogsInByPasswordToo() throws Exception {
        try (SSHClient ssh = connect("srv-b")) {
            ssh.authPassword("admin", testbed.server("srv-b").user("admin").password());
            assertEquals("admin", run(ssh, "whoami", null).stdout().strip());
        }
    }

    @Test
    void pwuserLogsInByPasswordOnly() throws Exception {
        Testbed.User pwuser = testbed.server("srv-a").user("pwuser");
        try (SSHClient ssh = connect("srv-a")) {
            ssh.authPassword("pwuser", pwuser.password());
            assertEquals("pwuser", run(ssh, "whoami", null).stdout().strip());
        }
        // Even a key that the server accepts for another user is refused: pwuser has no key login at all.
        try (SSHClient ssh = connect("srv-a")) {
            assertThrows(
                    UserAuthException.class, () -> ssh.authPublickey("pwuser", ssh.loadKeys(key("srv-a", "admin"))));
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        try (SSHClient ssh = connect("srv-a")) {
            assertThrows(UserAuthException.class, () -> ssh.authPassword("pwuser", "not-the-password"));
        }
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        try (SSHClient ssh = connect("srv-a")) {
            assertThrows(
                    UserAuthException.class,
                    () -> ssh.authPublickey(
                            "root", ssh.loadKeys(testbed.wrongKey().toString())));
        }
    }

    @Test
    void nodockerCannotUseDockerButAdminCan() throws Exception {
        try (SSHClient ssh = connect("srv-a")) {
            ssh.authPublickey("nodocker", ssh.loadKeys(key("srv-a", "nodocker")));
            Out out = run(ssh, "docker ps", null);
            assertNotEquals(0, out.exit());
            assertTrue(out.stderr().contains("permission denied"), out.stderr());
            assertNotEquals(0, run(ssh, "sudo -n true", null).exit(), "nodocker has no sudo");
        }
        try (SSHClient ssh = connect("srv-a")) {
            ssh.authPublickey("admin", ssh.loadKeys(key("srv-a", "admin")));
            assertEquals(0, run(ssh, "docker ps", null).exit());
        }
    }

    @Test
    void srvBRunsDockerAndHasNoContainers() throws Exception {
        try (SSHClient ssh = connect("srv-b")) {
            ssh.authPublickey("admin", ssh.loadKeys(key("srv-b", "admin")));
            Out info = run(ssh, "docker info --format '{{.ServerVersion}}'", null);
            assertEquals(0, info.exit(), info.stderr());
            assertFalse(info.stdout().isBlank());
            Out containers = run(ssh, "docker ps -aq", null);
            assertEquals(0, containers.exit(), containers.stderr());
            assertEquals("", containers.stdout().strip(), "srv-b must have no containers");
            assertEquals(0, run(ssh, "docker compose version", null).exit(), "docker compose works");
        }
        // The root back door sees the same.
        assertEquals(
                "",
                testbed.exec("srv-b", "docker", "ps", "-aq").orThrow().stdout().strip());
    }

    @Test
    void theServersHaveDifferentHostKeysAndPresentTheOnesDescribed() throws Exception {
        Set<String> a = new HashSet<>(testbed.server("srv-a").fingerprints());
        Set<String> b = new HashSet<>(testbed.server("srv-b").fingerprints());
        assertFalse(a.isEmpty());
        assertTrue(a.stream().allMatch(f -> f.startsWith("SHA256:")), a.toString());
        assertTrue(a.stream().noneMatch(b::contains), "srv-a and srv-b share a host key");

        assertTrue(a.contains(presentedFingerprint("srv-a")));
        assertTrue(b.contains(presentedFingerprint("srv-b")));
    }

    // ------------------------------------------------------------------ helpers

    /** Connects with strict host key checking against the testbed's known_hosts file. */
    private SSHClient connect(String server) throws IOException {
        Testbed.Server srv = testbed.server(server);
        SSHClient ssh = new SSHClient();
        ssh.addHostKeyVerifier(new OpenSSHKnownHosts(testbed.knownHostsFile().toFile()));
        ssh.setConnectTimeout(10_000);
        ssh.setTimeout(60_000);
        ssh.connect(srv.ip(), srv.port());
        return ssh;
    }

    private String key(String server, String user) {
        return testbed.server(server).user(user).keyFile();
    }

    /** The SHA256 fingerprint of the host key the server presents, checked against known_hosts as well. */
    private String presentedFingerprint(String server) throws IOException {
        Testbed.Server srv = testbed.server(server);
        OpenSSHKnownHosts knownHosts =
                new OpenSSHKnownHosts(testbed.knownHostsFile().toFile());
        String[] seen = new String[1];
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(new net.schmizz.sshj.transport.verification.HostKeyVerifier() {
                @Override
                public boolean verify(String hostname, int port, PublicKey key) {
                    seen[0] = sha256(key);
                    return knownHosts.verify(hostname, port, key);
                }

                @Override
                public List<String> findExistingAlgorithms(String hostname, int port) {
                    return knownHosts.findExistingAlgorithms(hostname, port);
                }
            });
            ssh.setConnectTimeout(10_000);
            ssh.connect(srv.ip(), srv.port());
        }
        return seen[0];
    }

    private static String sha256(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Out(int exit, String stdout, String stderr) {}

    /** Runs a command, feeding {@code stdin} (if any) and then end of input; waits for the exit status. */
    private static Out run(SSHClient ssh, String command, String stdin) throws IOException {
        try (Session session = ssh.startSession()) {
            Session.Command cmd = session.exec(command);
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = new Thread(() -> copy(cmd.getErrorStream(), err));
            errPump.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(cmd.getInputStream(), out);
            try {
                errPump.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            cmd.join(60, TimeUnit.SECONDS);
            Integer exit = cmd.getExitStatus();
            return new Out(
                    exit == null ? -1 : exit,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
