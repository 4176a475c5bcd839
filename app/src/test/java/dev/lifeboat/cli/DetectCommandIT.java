package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat detect TARGET} against the testbed, as a script would run it: exit codes, host keys, logins. */
@TestbedTest
class DetectCommandIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void testbed() {
        TestbedHosts.assumeUp();
    }

    record Run(int exit, String out, String err) {}

    private static Run lifeboat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private List<String> ssh(Path knownHosts, String... more) {
        List<String> args =
                new ArrayList<>(List.of("--known-hosts", knownHosts.toString(), "--ssh-config", "none", "--batch"));
        args.addAll(List.of(more));
        return args;
    }

    private static String[] args(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void anUnknownHostKeyExitsWith4UntilItsFingerprintIsAccepted() throws Exception {
        Path knownHosts = Files.createFile(dir.resolve("known_hosts"));
        String target = "root@" + TestbedHosts.ip("srv-a");
        List<String> common = ssh(knownHosts, "-i", TestbedHosts.keyFile("root").toString());

        Run refused = lifeboat(args(List.of("detect"), args(common, target)));
        assertEquals(ExitCodes.HOST_KEY_NOT_VERIFIED, refused.exit(), refused.err());
        Matcher fp =
                Pattern.compile("--accept-host-key (SHA256:\\S+?)\\)?\\.?\\s").matcher(refused.err() + " ");
        assertTrue(fp.find(), "the message names the option and the fingerprint: " + refused.err());
        assertEquals("", Files.readString(knownHosts), "nothing is remembered before the user confirms");

        Run accepted =
                lifeboat(args(List.of("detect"), args(common, "--accept-host-key", fp.group(1), "--json", target)));
        assertEquals(ExitCodes.OK, accepted.exit(), accepted.err());
        JsonNode json = new ObjectMapper().readTree(accepted.out());
        assertEquals(6, json.get("stacks").size(), accepted.out());
        // Remembered as OpenSSH does by default: a hashed host name, then the key.
        String remembered = Files.readString(knownHosts);
        assertTrue(
                remembered.startsWith("|1|") && remembered.contains(" ssh-"), "the key is remembered: " + remembered);

        Run again = lifeboat(args(List.of("detect"), args(common, target)));
        assertEquals(ExitCodes.OK, again.exit(), "a remembered key needs no option: " + again.err());
        assertTrue(again.out().contains("SeaTable enterprise 6.1.8"), again.out());
    }

    @Test
    void aChangedHostKeyIsRefusedWithExit4() throws Exception {
        // srv-b's key filed under srv-a's address: to Lifeboat, srv-a's key has changed.
        String srvBLine = Files.readAllLines(TestbedHosts.knownHosts(dir)).stream()
                .filter(l -> l.startsWith(TestbedHosts.ip("srv-b") + " ssh-ed25519"))
                .findFirst()
                .orElseThrow();
        Path knownHosts = dir.resolve("changed_known_hosts");
        Files.writeString(knownHosts, srvBLine.replace(TestbedHosts.ip("srv-b"), TestbedHosts.ip("srv-a")) + "\n");
        Run r = lifeboat(args(
                List.of("detect"),
                args(
                        ssh(knownHosts, "-i", TestbedHosts.keyFile("root").toString()),
                        "root@" + TestbedHosts.ip("srv-a"))));
        assertEquals(ExitCodes.HOST_KEY_NOT_VERIFIED, r.exit(), r.err());
        assertTrue(r.err().contains("CHANGED"), r.err());
    }

    @Test
    void aPasswordLoginReadsThePasswordFromAFileAndAWrongOneFailsClearly() throws Exception {
        Path knownHosts = TestbedHosts.knownHosts(dir);
        Path good = Files.writeString(dir.resolve("pw"), TestbedHosts.password("pwuser") + "\n");
        Path bad = Files.writeString(dir.resolve("bad"), "not-the-password\n");
        String target = "pwuser@" + TestbedHosts.ip("srv-a");

        Run ok = lifeboat(args(List.of("detect"), args(ssh(knownHosts, "--password-file", good.toString()), target)));
        assertEquals(ExitCodes.OK, ok.exit(), ok.err());

        Run wrong = lifeboat(args(List.of("detect"), args(ssh(knownHosts, "--password-file", bad.toString()), target)));
        assertEquals(ExitCodes.FAILED, wrong.exit(), wrong.err());
        assertTrue(wrong.err().toLowerCase().contains("password"), "says which methods were tried: " + wrong.err());
        assertTrue(!wrong.err().contains("not-the-password"), "never echoes a secret");
    }

    @Test
    void aSudoUserSeesClosedFoldersOnlyWithSudo() throws Exception {
        Path knownHosts = TestbedHosts.knownHosts(dir);
        Path pw = Files.writeString(dir.resolve("pw"), TestbedHosts.password("admin") + "\n");
        String target = "admin@" + TestbedHosts.ip("srv-a");
        List<String> common =
                ssh(knownHosts, "-i", TestbedHosts.keyFile("admin").toString());

        Run plain = lifeboat(args(List.of("detect"), args(common, target)));
        assertEquals(ExitCodes.OK, plain.exit(), plain.err());
        assertTrue(plain.out().contains("add --sudo"), "hints at --sudo: " + plain.out());

        Run sudo = lifeboat(
                args(List.of("detect"), args(common, "--sudo", "--password-file", pw.toString(), "--json", target)));
        assertEquals(ExitCodes.OK, sudo.exit(), sudo.err());
        JsonNode mariadb = null;
        for (JsonNode s : new ObjectMapper().readTree(sudo.out()).get("stacks")) {
            for (JsonNode c : s.get("components")) {
                if (c.get("path").asText().equals("/opt/mariadb")) {
                    mariadb = c;
                }
            }
        }
        assertTrue(mariadb != null && mariadb.get("sizeBytes").asLong() > 1_000_000, "measured as root: " + mariadb);
        assertTrue(!sudo.err().contains(TestbedHosts.password("admin")), "the sudo password never shows");
    }
}
