package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Path;
import java.time.Duration;
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
        try (SshSession s = TestbedHosts.root("srv-b", dir)) {
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
