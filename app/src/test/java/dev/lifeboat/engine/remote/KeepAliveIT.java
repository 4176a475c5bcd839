package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead connection is noticed by the keep-alive within seconds, even while a long command runs. */
@TestbedTest
class KeepAliveIT {
    @TempDir
    Path dir;

    @Test
    void aCutNetworkEndsALongCommandWithConnectionLostWithinSecondsAndTheSessionReconnectsLater() throws Exception {
        Testbed testbed = Testbed.load();
        // A short connect timeout: the reconnection tried while the network is still cut waits that long.
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(List.of(), TestbedHosts.endpoint("srv-b", "root", TestbedHosts.keyFile("root"))),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE)
                        .withConnectTimeout(Duration.ofSeconds(4)),
                FakePrompter.refusing())) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    shell.run(CommandSpec.read("sleep", "121"), null, OutputSink.DISCARD, CancelToken.NONE);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            Thread.sleep(1000);
            long cutAt = System.nanoTime();
            try {
                testbed.netCut("srv-b", Duration.ofSeconds(30));
                t.join(25_000);
                double noticedAfter = (System.nanoTime() - cutAt) / 1e9;
                assertTrue(thrown.get() instanceof ConnectionLostException, String.valueOf(thrown.get()));
                assertTrue(noticedAfter < 15, "noticed after " + noticedAfter + " s");
                // While the network is still down, the next command's new connection fails saying the connection was
                // lost, not as a first connection to a port that is not SSH would.
                EngineException again = org.junit.jupiter.api.Assertions.assertThrows(
                        EngineException.class, () -> shell.capture(CommandSpec.read("hostname")));
                assertTrue(again.getMessage().contains("was lost"), again.getMessage());
            } finally {
                testbed.netRestore("srv-b");
            }
            // Reconnects on demand once the network is back.
            assertEquals(
                    "srv-b",
                    shell.capture(CommandSpec.read("hostname")).stdout().strip());
            shell.capture(CommandSpec.write("pkill", "-f", "^sleep 121$"));
        }
    }

    @BeforeAll
    static void testbed() {
        TestbedHosts.assumeUp();
    }
}
