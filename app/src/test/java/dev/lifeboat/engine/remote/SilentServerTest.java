package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port that accepts the connection and then never sends an SSH banner (a stuck daemon, a firewall's tarpit, the
 * wrong service) must end the connect attempt at the timeout, never hang: fatal for a cron job otherwise.
 */
class SilentServerTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatAcceptsButNeverSendsItsBannerTimesOut() throws Exception {
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept()); // accept and say nothing, ever
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SshOptions options = SshOptions.defaults()
                    .withSshConfigFile(null)
                    .withKnownHostsFile(dir.resolve("known_hosts"))
                    .withConnectTimeout(Duration.ofSeconds(1));
            Target target = Target.parse("admin@127.0.0.1:" + silent.getLocalPort());
            ConnectTimeoutException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(15),
                    () -> assertThrows(
                            ConnectTimeoutException.class,
                            () -> SshSession.open(target, options, FakePrompter.refusing())));
            assertTrue(e.getMessage().contains("did not complete the SSH handshake"), e.getMessage());
            assertTrue(held.size() >= 1, "the server accepted the connection");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
