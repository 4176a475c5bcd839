package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.testbed.TestbedTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The remote shell against the testbed: streaming, cancellation, timeouts, secrets, sudo, dry run. */
@TestbedTest
class SshjRemoteShellIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void testbed() {
        TestbedHosts.assumeUp();
    }

    @Test
    void hundredThousandLinesArriveCompleteAndInOrder() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            long[] next = {1};
            List<String> errors = new ArrayList<>();
            LineSink sink = new LineSink() {
                @Override
                protected void line(Stream stream, String line) {
                    if (stream == Stream.STDOUT) {
                        if (!line.equals("line " + next[0])) {
                            errors.add("expected line " + next[0] + " got " + line);
                        }
                        next[0]++;
                    }
                }
            };
            CommandResult r =
                    new SshjRemoteShell(s).run(CommandSpec.read("sh", "-c", "seq 1 100000 | sed 's/^/line /'"), sink);
            assertEquals(0, r.exitStatus());
            assertEquals(List.of(), errors.stream().limit(5).toList());
            assertEquals(100_001, next[0]);
        }
    }

    @Test
    void cancellingALongCommandLeavesNoRemoteProcess() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            assertCancelKillsEverything(new SshjRemoteShell(s), CommandSpec.read("sh", "-c", "sleep 771 & sleep 772"));
        }
    }

    @Test
    void cancellingASudoCommandOfTheAdminLeavesNoRemoteProcess() throws Exception {
        try (SshSession s = TestbedHosts.admin("srv-a", dir)) {
            assertCancelKillsEverything(
                    new SshjRemoteShell(s),
                    CommandSpec.read("sh", "-c", "sleep 773 & sleep 774").asRoot());
        }
    }

    private static java.util.Set<String> runDirs(SshjRemoteShell shell) throws Exception {
        return new java.util.HashSet<>(shell.capture(CommandSpec.read("sh", "-c", "ls -d /tmp/.lifeboat-* 2>/dev/null"))
                .stdout()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList());
    }

    private void assertCancelKillsEverything(SshjRemoteShell shell, CommandSpec spec) throws Exception {
        CancelToken token = new CancelToken();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                shell.run(spec, null, OutputSink.DISCARD, token);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        String marker = spec.args().get(2).replaceAll("sleep (\\d+) & sleep (\\d+)", "[s]leep $1|[s]leep $2");
        try (SshSession root = TestbedHosts.root("srv-a", java.nio.file.Files.createTempDirectory(dir, "root"))) {
            SshjRemoteShell rootShell = new SshjRemoteShell(root);
            CommandSpec pgrep = CommandSpec.read("sh", "-c", "pgrep -fa '" + marker + "' || true");
            String seen = "";
            for (int i = 0; i < 50 && seen.isEmpty(); i++) {
                Thread.sleep(100);
                seen = rootShell.capture(pgrep).stdout().strip();
            }
            assertFalse(seen.isEmpty(), "the command started");
            // Its run directory: the one whose wrapper's command line holds the command.
            String findMine = "for d in /tmp/.lifeboat-*; do for f in \"$d\"/pid*; do q=$(cat \"$f\" 2>/dev/null) &&"
                    + " tr '\\0' ' ' < /proc/$q/cmdline 2>/dev/null | grep -qE '" + marker + "' && echo \"$d\"; done;"
                    + " done | sort -u";
            java.util.List<String> mine = rootShell
                    .capture(CommandSpec.read("sh", "-c", findMine))
                    .stdout()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            assertFalse(mine.isEmpty(), "the command's run directory is found");
            token.cancel();
            t.join(30_000);
            assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
            assertEquals("", rootShell.capture(pgrep).stdout().strip(), "no process left");
            // The cancelled command's own run directory is gone (other runs on the shared server may have theirs).
            for (String d : mine) {
                assertEquals(
                        "gone",
                        rootShell
                                .capture(CommandSpec.read(
                                        "sh", "-c", "[ -e \"$1\" ] && echo left || echo gone", "sh", d))
                                .stdout()
                                .strip(),
                        "the run directory " + d + " of the cancelled command");
            }
        }
    }

    @Test
    void aTimeoutStopsTheCommandOnTheServer() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            long t0 = System.nanoTime();
            assertThrows(
                    CommandTimeoutException.class,
                    () -> shell.run(
                            CommandSpec.read("sleep", "775").withTimeout(Duration.ofSeconds(1)), OutputSink.DISCARD));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
            assertEquals(
                    "",
                    shell.capture(CommandSpec.read("sh", "-c", "pgrep -f '[s]leep 775' || true"))
                            .stdout()
                            .strip());
        }
    }

    @Test
    void exitStatusAndStderrComeBack() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            RemoteShell.Captured c =
                    new SshjRemoteShell(s).capture(CommandSpec.read("sh", "-c", "echo oops >&2; exit 3"));
            assertEquals(3, c.result().exitStatus());
            assertEquals("oops", c.stderr().strip());
        }
    }

    @Test
    void secretsReachTheCommandButNeitherPsNorTheLog() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger lifeboat = (Logger) LoggerFactory.getLogger("dev.lifeboat");
        log.start();
        lifeboat.addAppender(log);
        try (SshSession admin = TestbedHosts.admin("srv-a", dir);
                SshSession root =
                        TestbedHosts.root("srv-a", dir.resolve("r").toFile().mkdirs() ? dir.resolve("r") : dir)) {
            SshjRemoteShell shell = new SshjRemoteShell(admin);
            CommandSpec spec = CommandSpec.read("sh", "-c", "sleep 2; printf %s \"$DB_PASSWORD\" | sha256sum; wc -c")
                    .withSecret("DB_PASSWORD", secret)
                    .asRoot();
            AtomicReference<RemoteShell.Captured> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    OutputSink.Captured c = OutputSink.capture(1 << 16);
                    CommandResult r = shell.run(
                            spec,
                            new ByteArrayInputStream("12345".getBytes(StandardCharsets.UTF_8)),
                            c,
                            CancelToken.NONE);
                    result.set(new RemoteShell.Captured(r, c.stdoutText(), c.stderrText()));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            Thread.sleep(1000);
            String ps = new SshjRemoteShell(root)
                    .capture(CommandSpec.read("ps", "-eo", "user,args", "ww"))
                    .stdout();
            t.join(30_000);
            assertEquals(null, failure.get());
            assertTrue(ps.contains("sha256sum"), "the command was running: " + ps);
            assertFalse(ps.contains(secret), "secret in ps");
            assertFalse(ps.contains(TestbedHosts.password("admin")), "sudo password in ps");
            String expected = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            String[] out = result.get().stdout().strip().split("\n");
            assertEquals(expected, out[0].split(" ")[0]);
            assertEquals("5", out[1].strip(), "stdin after the secrets passes through");
        } finally {
            lifeboat.detachAppender(log);
        }
        for (ILoggingEvent e : log.list) {
            assertFalse(e.getFormattedMessage().contains(secret), e.getFormattedMessage());
            assertFalse(e.getFormattedMessage().contains(TestbedHosts.password("admin")), e.getFormattedMessage());
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("[secrets: DB_PASSWORD]")));
    }

    @Test
    void adminRunsRootCommandsWithTheSudoPasswordAskedOnce() throws Exception {
        FakePrompter p = FakePrompter.withPassword(TestbedHosts.password("admin"));
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(
                        List.of(), TestbedHosts.endpoint("srv-a", "admin", TestbedHosts.keyFile("admin"))),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                p)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            Privileges priv = shell.privileges();
            assertEquals(Privileges.Sudo.PASSWORD, priv.sudo());
            assertTrue(priv.dockerGroup());
            assertEquals(
                    "0",
                    shell.capture(CommandSpec.read("id", "-u").asRoot())
                            .stdout()
                            .strip());
            assertEquals(
                    "0",
                    shell.capture(CommandSpec.read("id", "-u").asRoot())
                            .stdout()
                            .strip());
            // The login itself is not root: its uid is admin's own, as root reads it from the server's passwd.
            String uid = shell.capture(CommandSpec.read("id", "-u")).stdout().strip();
            String adminUid = shell.capture(
                            CommandSpec.read("id", "-u", "admin").asRoot())
                    .stdout()
                    .strip();
            assertTrue(uid.matches("[0-9]+"), uid);
            assertNotEquals("0", uid, "admin's login runs as root");
            assertEquals(adminUid, uid);
            assertEquals(List.of("sudo admin@" + TestbedHosts.ip("srv-a")), p.asked);
        }
    }

    @Test
    void passwordLoginIsReusedForSudoWithoutAskingAgain() throws Exception {
        FakePrompter p = FakePrompter.withPassword(TestbedHosts.password("pwuser"));
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(List.of(), TestbedHosts.endpoint("srv-a", "pwuser")),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.PASSWORD),
                p)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            assertEquals(
                    "0",
                    shell.capture(CommandSpec.read("id", "-u").asRoot())
                            .stdout()
                            .strip());
            assertEquals(1, p.asked.size(), p.asked.toString());
        }
    }

    @Test
    void wrongSudoPasswordEndsInAClearError() throws Exception {
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(
                        List.of(), TestbedHosts.endpoint("srv-a", "admin", TestbedHosts.keyFile("admin"))),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.withPassword("wrong"))) {
            SudoException e = assertThrows(SudoException.class, () -> new SshjRemoteShell(s)
                    .capture(CommandSpec.read("id", "-u").asRoot()));
            assertTrue(e.getMessage().contains("did not accept the password"), e.getMessage());
        }
    }
}
