package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakePrompter;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsync through both carriers against the testbed: a tree with odd names, foreign owners and hard links arrives
 * identical, with progress events; the remote side runs as root through sudo's askpass helper for a password login.
 */
@TestbedTest
class RsyncTransferIT {
    static final String SRC = "/srv/lifeboat-rsync-src";
    static final String DST = "/srv/lifeboat-rsync-dst";
    static final String SPEED = "/srv/lifeboat-rsync-speed";

    /** Lists a tree the same way on both ends: names, owners, modes, link counts, types, sizes, then checksums. */
    static final String LISTING =
            "cd \"$1\" && find . -mindepth 1 -print0 | sort -z | xargs -0 stat -c '%n|%u:%g|%a|%h|%F|%s'"
                    + " && find . -type f -print0 | sort -z | xargs -0 sha256sum";

    @TempDir
    Path dir;

    @BeforeAll
    static void makeTree() throws Exception {
        TestbedHosts.assumeUp();
        String make = "set -e; rm -rf " + SRC + "; mkdir -p " + SRC + "/sub/deeper; cd " + SRC + "; "
                + "printf 'plain\\n' > plain.txt; printf 'space\\n' > 'with space.txt'; "
                + "printf 'nl\\n' > \"$(printf 'new\\nline')\"; printf 'tab\\n' > \"$(printf 'a\\tb')\"; "
                + "printf 'uni\\n' > 'ünï-日本語.txt'; printf 'q\\n' > \"quote'single\\\"double\"; "
                + "printf 'owned\\n' > sub/foreign; chown 1234:5678 sub/foreign; chmod 640 sub/foreign; "
                + "printf 'mode\\n' > sub/deeper/secret; chown 999:999 sub/deeper/secret; chmod 600 sub/deeper/secret; "
                + "head -c 3000000 /dev/urandom > sub/big.bin; ln sub/big.bin hardlink.bin; "
                + "ln -s sub/big.bin symlink; mkfifo sub/fifo; "
                + "rm -rf " + SPEED + "; mkdir -p " + SPEED + "; i=0; while [ $i -lt 256 ]; do "
                + "head -c 1048576 /dev/urandom > " + SPEED + "/f$i; i=$((i+1)); done";
        for (String server : List.of("srv-a")) {
            try (SshSession s = TestbedHosts.root(server, Files.createTempDirectory("lifeboat-rsync-it"))) {
                CommandSpec spec = CommandSpec.write("sh", "-c", make);
                new SshjRemoteShell(s).capture(spec).orThrow(spec);
            }
        }
    }

    static String remoteListing(SshjRemoteShell shell, String path) throws Exception {
        CommandSpec spec = CommandSpec.read("sh", "-c", LISTING, "x", path).asRoot();
        return shell.capture(spec).orThrow(spec).stdout();
    }

    static String localListing(Path path) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", LISTING, "x", path.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out;
    }

    private void pullAndCompare(SshSession s, RsyncTransfer.Carrier carrier) throws Exception {
        SshjRemoteShell shell = new SshjRemoteShell(s);
        Path local = Files.createDirectories(dir.resolve("copy-" + carrier));
        List<TransferProgress> events = Collections.synchronizedList(new ArrayList<>());
        RsyncTransfer.Result r = new RsyncTransfer(shell)
                .pull(
                        SRC,
                        local,
                        RsyncTransfer.Options.defaults().withAsRoot(true).withCarrier(carrier),
                        events::add,
                        CancelToken.NONE);
        assertEquals(carrier, r.carrier());
        String expected = remoteListing(shell, SRC);
        assertTrue(expected.contains("1234:5678") && expected.contains("new\nline"), expected);
        assertEquals(expected, localListing(local));
        assertFalse(events.isEmpty(), "progress events");
        // With -H, rsync's total counts both names of a hard link but sends the data once: the end is not 100%.
        TransferProgress end = events.get(events.size() - 1);
        assertTrue(end.bytes() >= 3_000_000, end.toString());
        assertEquals(r.bytes(), end.bytes());
    }

    @Test
    void oddTreePullsIdenticallyThroughTheSystemSshCarrier() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            assertEquals(RsyncTransfer.Carrier.SYSTEM_SSH, new RsyncTransfer(new SshjRemoteShell(s)).defaultCarrier());
            pullAndCompare(s, RsyncTransfer.Carrier.SYSTEM_SSH);
        }
    }

    @Test
    void oddTreePullsIdenticallyThroughTheBridgeCarrier() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            pullAndCompare(s, RsyncTransfer.Carrier.BRIDGE);
        }
    }

    @Test
    void passwordLoginPushesAsRootThroughTheBridgeWithSudo() throws Exception {
        Path local = Files.createDirectories(dir.resolve("from-a"));
        try (SshSession s = TestbedHosts.root("srv-a", Files.createTempDirectory(dir, "a"))) {
            new RsyncTransfer(new SshjRemoteShell(s))
                    .pull(SRC, local, RsyncTransfer.Options.defaults(), p -> {}, CancelToken.NONE);
        }
        FakePrompter prompter = FakePrompter.withPassword(TestbedHosts.password("pwuser"));
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(List.of(), TestbedHosts.endpoint("srv-b", "pwuser")),
                TestbedHosts.options(
                        TestbedHosts.knownHosts(Files.createTempDirectory(dir, "b")), SshOptions.LoginMethod.PASSWORD),
                prompter)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            shell.capture(CommandSpec.write("rm", "-rf", DST).asRoot());
            shell.capture(CommandSpec.write("mkdir", "-p", DST).asRoot());
            RsyncTransfer t = new RsyncTransfer(shell);
            assertEquals(RsyncTransfer.Carrier.BRIDGE, t.defaultCarrier());
            List<TransferProgress> events = Collections.synchronizedList(new ArrayList<>());
            t.push(local, DST, RsyncTransfer.Options.defaults().withAsRoot(true), events::add, CancelToken.NONE);
            assertEquals(localListing(local), remoteListing(shell, DST));
            assertFalse(events.isEmpty());
            assertEquals(
                    "",
                    shell.capture(CommandSpec.read("sh", "-c", "ls -d $HOME/.lifeboat-askpass-* 2>/dev/null || true"))
                            .stdout()
                            .strip(),
                    "askpass helper removed");
            assertEquals(1, prompter.asked.size(), "asked the login password once, reused for sudo");
        }
    }

    @Test
    void jumpHostCarriesSystemSshRsyncToSrvB() throws Exception {
        Path local = Files.createDirectories(dir.resolve("src"));
        Files.writeString(local.resolve("hello world.txt"), "through the jump host\n");
        SshEndpoint.Route route = new SshEndpoint.Route(
                List.of(TestbedHosts.endpoint("srv-a", "root", TestbedHosts.keyFile("root"))),
                TestbedHosts.endpoint("srv-b", "root", TestbedHosts.keyFile("root")));
        try (SshSession s = SshSession.open(
                route,
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.refusing())) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            shell.capture(CommandSpec.write("rm", "-rf", DST + "-jump"));
            RsyncTransfer.Result r = new RsyncTransfer(shell)
                    .push(local, DST + "-jump", RsyncTransfer.Options.defaults(), p -> {}, CancelToken.NONE);
            assertEquals(RsyncTransfer.Carrier.SYSTEM_SSH, r.carrier());
            assertEquals(
                    "through the jump host",
                    shell.capture(CommandSpec.read("cat", DST + "-jump/hello world.txt"))
                            .stdout()
                            .strip());
        }
    }

    /** Prints the speed of both carriers for 256 MiB in 256 files: {@code mvn verify -Dit.test=RsyncTransferIT}. */
    @Test
    void bothCarriersReportTheirSpeed() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir)) {
            for (RsyncTransfer.Carrier c : RsyncTransfer.Carrier.values()) {
                Path local = Files.createDirectories(dir.resolve("speed-" + c));
                RsyncTransfer.Result r = new RsyncTransfer(new SshjRemoteShell(s))
                        .pull(SPEED, local, RsyncTransfer.Options.defaults().withCarrier(c), p -> {}, CancelToken.NONE);
                double seconds = r.elapsed().toNanos() / 1e9;
                System.out.printf(
                        "rsync pull via %s: %d MiB in %.2f s = %.1f MB/s%n",
                        c, r.bytes() >> 20, seconds, r.bytes() / 1e6 / seconds);
                assertEquals(256L << 20, r.bytes());
            }
        }
    }
}
