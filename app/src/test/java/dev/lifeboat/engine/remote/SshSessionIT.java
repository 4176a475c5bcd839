package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.testbed.TestbedTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, host keys, ssh config and jump hosts against the testbed's real sshd (srv-a, srv-b). */
@TestbedTest
class SshSessionIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void testbed() {
        TestbedHosts.assumeUp();
    }

    private static String run(SshSession s, String... args) throws EngineException {
        SshjRemoteShell shell = new SshjRemoteShell(s);
        CommandSpec spec = CommandSpec.read(args);
        return shell.capture(spec).orThrow(spec).stdout().strip();
    }

    private SshEndpoint.Route direct(String server, String user, Path... keys) {
        return new SshEndpoint.Route(List.of(), TestbedHosts.endpoint(server, user, keys));
    }

    @Test
    void ed25519KeyFileLogsInAsRoot() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            assertEquals("srv-a 0", run(s, "sh", "-c", "echo $(hostname) $(id -u)"));
            assertEquals(SshOptions.LoginMethod.KEY_FILE, s.login());
        }
    }

    @Test
    void ecdsaAndRsaKeysInOpenSshAndPemFormsAndAPassphraseAllLogIn() throws Exception {
        record Kind(String type, String bits, String format, String passphrase) {}
        List<Kind> kinds = List.of(
                new Kind("ecdsa", "256", "RFC4716", ""),
                new Kind("rsa", "3072", "RFC4716", ""),
                new Kind("rsa", "2048", "PEM", ""),
                new Kind("ecdsa", "384", "PEM", ""),
                new Kind("ed25519", "256", "RFC4716", "correct horse"));
        try (SshSession root = TestbedHosts.root("srv-a", dir)) {
            for (Kind k : kinds) {
                Path key = dir.resolve("id_" + k.type() + k.bits() + k.format());
                exec(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        k.type(),
                        "-b",
                        k.bits(),
                        "-m",
                        k.format(),
                        "-N",
                        k.passphrase(),
                        "-C",
                        "lifeboat-it",
                        "-f",
                        key.toString());
                String pub = Files.readString(Path.of(key + ".pub")).strip();
                new SshjRemoteShell(root)
                        .capture(CommandSpec.write(
                                "sh", "-c", "printf '%s\\n' \"$1\" >> ~admin/.ssh/authorized_keys", "x", pub))
                        .orThrow(CommandSpec.read("append key"));
                FakePrompter prompter = FakePrompter.withPassphrase(k.passphrase());
                try (SshSession s = SshSession.open(
                        direct("srv-a", "admin", key),
                        TestbedHosts.options(
                                TestbedHosts.knownHosts(Files.createTempDirectory(dir, "kh")),
                                SshOptions.LoginMethod.KEY_FILE),
                        prompter)) {
                    assertEquals("admin", run(s, "id", "-un"), k.toString());
                    assertEquals(Path.of(key.toString()), s.loginKeyFile().orElseThrow());
                }
                if (!k.passphrase().isEmpty()) {
                    assertTrue(prompter.asked.contains("passphrase " + key.getFileName()), prompter.asked.toString());
                }
            }
            new SshjRemoteShell(root)
                    .capture(CommandSpec.write("sed", "-i", "/lifeboat-it$/d", "/home/admin/.ssh/authorized_keys"));
        }
    }

    @Test
    void passwordLoginAsksThePrompterOnce() throws Exception {
        FakePrompter p = FakePrompter.withPassword(TestbedHosts.password("pwuser"));
        try (SshSession s = SshSession.open(
                direct("srv-a", "pwuser"),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.PASSWORD),
                p)) {
            assertEquals("pwuser", run(s, "id", "-un"));
            assertEquals(SshOptions.LoginMethod.PASSWORD, s.login());
            assertEquals(1, p.asked.size(), p.asked.toString());
        }
    }

    @Test
    void keyboardInteractiveLoginAnswersThePasswordPrompt() throws Exception {
        try (SshSession s = SshSession.open(
                direct("srv-a", "pwuser"),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEYBOARD_INTERACTIVE),
                FakePrompter.withPassword(TestbedHosts.password("pwuser")))) {
            assertEquals("pwuser", run(s, "id", "-un"));
            assertEquals(SshOptions.LoginMethod.KEYBOARD_INTERACTIVE, s.login());
        }
    }

    @Test
    void sshAgentKeyLogsIn() throws Exception {
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
        try {
            for (int i = 0; i < 50 && !Files.exists(sock); i++) {
                Thread.sleep(100);
            }
            ProcessBuilder add =
                    new ProcessBuilder("ssh-add", TestbedHosts.keyFile("admin").toString());
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            assertEquals(0, add.redirectErrorStream(true).start().waitFor());
            System.setProperty("lifeboat.ssh.authSock", sock.toString());
            try (SshSession s = SshSession.open(
                    direct("srv-a", "admin"),
                    TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.AGENT),
                    FakePrompter.refusing())) {
                assertEquals("admin", run(s, "id", "-un"));
                assertEquals(SshOptions.LoginMethod.AGENT, s.login());
            }
        } finally {
            System.clearProperty("lifeboat.ssh.authSock");
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void wrongKeyFailsAndSaysWhichKeyWasTried() {
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> SshSession.open(
                        direct("srv-a", "root", TestbedHosts.wrongKeyFile()),
                        TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                        FakePrompter.refusing()));
        assertTrue(e.getMessage().contains("Login as root@" + TestbedHosts.ip("srv-a") + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("key " + TestbedHosts.wrongKeyFile()), e.getMessage());
    }

    @Test
    void wrongPasswordFailsAndSaysPasswordWasTried() {
        AuthenticationException e = assertThrows(
                AuthenticationException.class,
                () -> SshSession.open(
                        direct("srv-a", "pwuser"),
                        TestbedHosts.options(
                                TestbedHosts.knownHosts(dir),
                                SshOptions.LoginMethod.PASSWORD,
                                SshOptions.LoginMethod.KEYBOARD_INTERACTIVE),
                        FakePrompter.withPassword("not-the-password")));
        assertTrue(e.methodsTried().contains("password"), e.getMessage());
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Path empty = dir.resolve("empty_known_hosts");
        FakePrompter p = FakePrompter.refusing();
        HostKeyUnknownException e = assertThrows(
                HostKeyUnknownException.class,
                () -> SshSession.open(
                        direct("srv-a", "root", TestbedHosts.keyFile("root")),
                        TestbedHosts.options(empty, SshOptions.LoginMethod.KEY_FILE),
                        p));
        String fp = e.key().fingerprint();
        assertTrue(fp.startsWith("SHA256:"), fp);
        assertTrue(e.getMessage().contains("--accept-host-key " + fp), e.getMessage());
        assertEquals(List.of("hostkey " + fp), p.asked);
        assertTrue(Files.notExists(empty) || Files.readString(empty).isBlank(), "nothing remembered");
    }

    @Test
    void acceptedFingerprintIsRememberedAsAHashedEntry() throws Exception {
        Path kh = dir.resolve("known_hosts");
        HostKeyUnknownException first = assertThrows(
                HostKeyUnknownException.class,
                () -> SshSession.open(
                        direct("srv-a", "root", TestbedHosts.keyFile("root")),
                        TestbedHosts.options(kh, SshOptions.LoginMethod.KEY_FILE),
                        FakePrompter.refusing()));
        SshOptions accepting = TestbedHosts.options(kh, SshOptions.LoginMethod.KEY_FILE)
                .withAcceptedFingerprints(Set.of(first.key().fingerprint()));
        try (SshSession s = SshSession.open(
                direct("srv-a", "root", TestbedHosts.keyFile("root")), accepting, FakePrompter.refusing())) {
            assertEquals("0", run(s, "id", "-u"));
        }
        String text = Files.readString(kh);
        assertTrue(text.startsWith("|1|"), text);
        assertTrue(!text.contains(TestbedHosts.ip("srv-a")), "host name is hashed: " + text);
        try (SshSession again = SshSession.open(
                direct("srv-a", "root", TestbedHosts.keyFile("root")),
                TestbedHosts.options(kh, SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.refusing())) {
            assertEquals("0", run(again, "id", "-u"));
        }
    }

    @Test
    void aPersonMayTakeTheirTimeToCompareTheFingerprint() throws Exception {
        // sshj's handshake gives up after 30 s; the question is asked outside it, so a slow answer still connects.
        Path kh = dir.resolve("slow_known_hosts");
        FakePrompter slow = FakePrompter.trustingAfter(java.time.Duration.ofSeconds(35));
        try (SshSession s = SshSession.open(
                direct("srv-a", "root", TestbedHosts.keyFile("root")),
                TestbedHosts.options(kh, SshOptions.LoginMethod.KEY_FILE),
                slow)) {
            assertEquals("0", run(s, "id", "-u"));
        }
        assertEquals(1, slow.asked.size(), "asked once: " + slow.asked);
        assertTrue(Files.readString(kh).startsWith("|1|"), "remembered");
    }

    @Test
    void changedHostKeyIsAlwaysRefusedWithAWarning() throws Exception {
        // srv-a's address listed with srv-b's keys: to Lifeboat that is srv-a's key having changed.
        Path kh = dir.resolve("known_hosts");
        String srvB = TestbedHosts.ip("srv-b");
        String lines = Files.readAllLines(TestbedHosts.STATE.resolve("known_hosts")).stream()
                .filter(l -> l.startsWith(srvB + " "))
                .map(l -> TestbedHosts.ip("srv-a") + l.substring(srvB.length()))
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(kh, lines);
        HostKeyChangedException e = assertThrows(
                HostKeyChangedException.class,
                () -> SshSession.open(
                        direct("srv-a", "root", TestbedHosts.keyFile("root")),
                        TestbedHosts.options(kh, SshOptions.LoginMethod.KEY_FILE)
                                .withAcceptedFingerprints(Set.of("SHA256:anything")),
                        FakePrompter.trusting()));
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
        assertTrue(e.getMessage().contains("man-in-the-middle"), e.getMessage());
        assertEquals(lines, Files.readString(kh), "known_hosts untouched");
    }

    @Test
    void jumpHostReachesSrvBThroughSrvA() throws Exception {
        SshEndpoint.Route route = new SshEndpoint.Route(
                List.of(TestbedHosts.endpoint("srv-a", "root", TestbedHosts.keyFile("root"))),
                TestbedHosts.endpoint("srv-b", "root", TestbedHosts.keyFile("root")));
        try (SshSession s = SshSession.open(
                route,
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.refusing())) {
            assertEquals("srv-b", run(s, "hostname"));
            assertEquals(2, s.verifiedHostKeys().size());
            // srv-b sees the connection coming from srv-a, not from this machine.
            assertTrue(run(s, "sh", "-c", "echo $SSH_CLIENT").startsWith(TestbedHosts.ip("srv-a") + " "));
        }
    }

    @Test
    void sshConfigAliasWithProxyJumpIsFollowed() throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(
                config,
                """
                # Lifeboat test config
                Host jump
                    HostName %s
                    User root
                    IdentityFile %s
                Host backup-target
                    HostName %s
                    User root
                    Port 22
                    IdentityFile %s
                    ProxyJump jump
                """
                        .formatted(
                                TestbedHosts.ip("srv-a"),
                                TestbedHosts.keyFile("root"),
                                TestbedHosts.ip("srv-b"),
                                TestbedHosts.keyFile("root")));
        SshOptions o = TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE)
                .withSshConfigFile(config);
        try (SshSession s = SshSession.open(Target.parse("backup-target"), o, FakePrompter.refusing())) {
            assertEquals("srv-b", run(s, "hostname"));
            assertEquals(1, s.jumps().size());
        }
    }

    @Test
    void closedPortIsReportedAsRefused() {
        SshEndpoint.Route r = new SshEndpoint.Route(
                List.of(), new SshEndpoint(TestbedHosts.ip("srv-a"), 2, "root", List.of(TestbedHosts.keyFile("root"))));
        ConnectFailedException e = assertThrows(
                ConnectFailedException.class,
                () -> SshSession.open(r, TestbedHosts.options(TestbedHosts.knownHosts(dir)), FakePrompter.refusing()));
        assertInstanceOf(ConnectionRefusedException.class, e, e.getMessage());
    }

    @Test
    void absentHostIsReportedAsUnreachableOrTimedOut() {
        SshEndpoint.Route r = new SshEndpoint.Route(
                List.of(), new SshEndpoint("10.200.100.254", 22, "root", List.of(TestbedHosts.keyFile("root"))));
        SshOptions o = TestbedHosts.options(TestbedHosts.knownHosts(dir)).withConnectTimeout(Duration.ofSeconds(3));
        ConnectFailedException e =
                assertThrows(ConnectFailedException.class, () -> SshSession.open(r, o, FakePrompter.refusing()));
        assertTrue(
                e instanceof HostUnreachableException || e instanceof ConnectTimeoutException,
                e.getClass() + ": " + e.getMessage());
    }

    @Test
    void sessionReconnectsOnDemandAfterTheConnectionDropped() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            assertEquals("0", run(s, "id", "-u"));
            s.disconnect();
            assertTrue(!s.isConnected());
            assertEquals("0", run(s, "id", "-u"));
        }
    }

    static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
