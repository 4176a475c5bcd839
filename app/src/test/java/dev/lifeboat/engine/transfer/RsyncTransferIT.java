package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakePrompter;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsync against the testbed beyond the {@link FileTransfer} contract (which {@code RsyncSystemSshContractIT} and {@code
 * RsyncBridgeContractIT} hold it to): the system ssh carrier through a jump host, and both carriers' speed.
 */
@TestbedTest
class RsyncTransferIT {
    static final String DST = "/srv/lifeboat-rsync-dst";
    static final String SPEED = "/srv/lifeboat-rsync-speed";

    @TempDir
    Path dir;

    @BeforeAll
    static void makeSpeedTree() throws Exception {
        TestbedHosts.assumeUp();
        String make = "set -e; rm -rf " + SPEED + "; mkdir -p " + SPEED + "; i=0; while [ $i -lt 256 ]; do "
                + "head -c 1048576 /dev/urandom > " + SPEED + "/f$i; i=$((i+1)); done";
        for (String server : List.of("srv-a")) {
            try (SshSession s = TestbedHosts.root(server, Files.createTempDirectory("lifeboat-rsync-it"))) {
                CommandSpec spec = CommandSpec.write("sh", "-c", make);
                new SshjRemoteShell(s).capture(spec).orThrow(spec);
            }
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
