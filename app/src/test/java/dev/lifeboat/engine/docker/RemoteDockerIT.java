package dev.lifeboat.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakePrompter;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.SshEndpoint;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker over SSH against srv-a's inner engine: as root, as the sudo user admin, and refused for nodocker. */
@TestbedTest
class RemoteDockerIT {
    private static final String IMAGE = "redis:7.4";
    private static final String BOX = "lifeboat-it-box";
    private static final String TALKER = "lifeboat-it-talker";
    private static Path stateDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainers() throws Exception {
        TestbedHosts.assumeUp();
        stateDir = Files.createTempDirectory("lifeboat-docker-it");
        try (SshSession s = TestbedHosts.root("srv-a", stateDir)) {
            SshjRemoteShell sh = new SshjRemoteShell(s);
            sh.capture(CommandSpec.write("docker", "rm", "-f", BOX, TALKER));
            CommandSpec box = CommandSpec.write(
                    "docker",
                    "run",
                    "-d",
                    "--name",
                    BOX,
                    "-l",
                    "com.docker.compose.project=lifeboatit",
                    "-l",
                    "com.docker.compose.service=box",
                    "-v",
                    "/srv/lifeboat-it:/data",
                    "--entrypoint",
                    "sleep",
                    IMAGE,
                    "3600");
            sh.capture(box).orThrow(box);
            CommandSpec talker = CommandSpec.write(
                    "docker",
                    "run",
                    "-d",
                    "--name",
                    TALKER,
                    "-l",
                    "com.docker.compose.project=lifeboatit",
                    "-l",
                    "com.docker.compose.service=talker",
                    "--entrypoint",
                    "sh",
                    IMAGE,
                    "-c",
                    "i=0; while [ $i -lt 3000 ]; do echo \"talk $i\"; echo \"warn $i\" >&2; i=$((i+1)); sleep 0.1; done");
            sh.capture(talker).orThrow(talker);
        }
    }

    @AfterAll
    static void removeContainers() throws Exception {
        if (stateDir == null) {
            return;
        }
        try (SshSession s = TestbedHosts.root("srv-a", Files.createTempDirectory("lifeboat-docker-it"))) {
            new SshjRemoteShell(s).capture(CommandSpec.write("docker", "rm", "-f", BOX, TALKER));
        }
    }

    @Test
    void rootListsInspectsStopsStartsAndExecsOverStreamlocal() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir);
                RemoteDocker d = RemoteDocker.connect(new SshjRemoteShell(s))) {
            assertEquals("STREAMLOCAL", d.way());
            assertFalse(d.version().isBlank());
            exerciseOperations(d);
        }
    }

    @Test
    void theSudoUserAdminWorksThroughItsGroupAndThroughSudoDialStdio() throws Exception {
        try (SshSession s = TestbedHosts.admin("srv-a", dir)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            try (RemoteDocker d = RemoteDocker.connect(shell)) {
                assertEquals("STREAMLOCAL", d.way(), "admin is in the docker group");
                exerciseOperations(d);
            }
            try (RemoteDocker d = RemoteDocker.connect(shell, DockerConnector.Way.SUDO_DIAL_STDIO)) {
                exerciseOperations(d);
                assertExecWithStdinIsIntact(d, 8 << 20);
            }
            try (RemoteDocker d = RemoteDocker.connect(shell, DockerConnector.Way.DIAL_STDIO)) {
                assertEquals(2, d.composeProject("lifeboatit").size());
            }
        }
    }

    @Test
    void cancellingAnExecStopsTheProcessInsideTheContainer() throws Exception {
        try (SshSession s = TestbedHosts.admin("srv-a", dir)) {
            SshjRemoteShell shell = new SshjRemoteShell(s);
            try (RemoteDocker d = RemoteDocker.connect(shell)) {
                CancelToken cancel = new CancelToken();
                Thread canceller = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    cancel.cancel();
                });
                canceller.start();
                assertThrows(
                        dev.lifeboat.engine.CancelledException.class,
                        () -> d.exec(BOX, List.of("sh", "-c", "sleep 3001 | sleep 3002"), OutputSink.DISCARD, cancel));
                canceller.join();
                CommandSpec count = CommandSpec.read(
                        "sh",
                        "-c",
                        "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\"; echo; done 2>/dev/null"
                                + " | grep -c '^sleep 300[12]' || true");
                String left = "?";
                for (int i = 0; i < 50 && !left.equals("0"); i++) {
                    left = shell.capture(count).stdout().strip();
                    Thread.sleep(100);
                }
                assertEquals("0", left, "nothing of the pipeline is left running on the server");
            }
        }
    }

    @Test
    void aUserWithoutDockerOrSudoGetsAClearError() throws Exception {
        try (SshSession s = SshSession.open(
                new SshEndpoint.Route(
                        List.of(), TestbedHosts.endpoint("srv-a", "nodocker", TestbedHosts.keyFile("nodocker"))),
                TestbedHosts.options(TestbedHosts.knownHosts(dir), SshOptions.LoginMethod.KEY_FILE),
                FakePrompter.refusing())) {
            DockerPermissionException e =
                    assertThrows(DockerPermissionException.class, () -> RemoteDocker.connect(new SshjRemoteShell(s)));
            assertTrue(e.getMessage().contains("nodocker may not use Docker"), e.getMessage());
        }
    }

    @Test
    void sixtyFourMegabytesThroughExecStdinArriveIntact() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir);
                RemoteDocker d = RemoteDocker.connect(new SshjRemoteShell(s))) {
            assertExecWithStdinIsIntact(d, 64 << 20);
        }
    }

    @Test
    void logsOfSeveralContainersAreFollowedAtOnceAndEventsStream() throws Exception {
        try (SshSession s = TestbedHosts.root("srv-a", dir);
                RemoteDocker d = RemoteDocker.connect(new SshjRemoteShell(s))) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Set<String> actions = ConcurrentHashMap.newKeySet();
            try (AutoCloseable logs = d.followLogs(
                            List.of(BOX, TALKER), 5, (c, err, l) -> lines.add(c + (err ? " E " : " O ") + l));
                    AutoCloseable events = d.events(e -> {
                        if (BOX.equals(e.attributes().get("name"))) {
                            actions.add(e.action());
                        }
                    })) {
                Thread.sleep(500);
                d.stop(BOX, Duration.ofSeconds(1));
                d.start(BOX);
                for (int i = 0; i < 50 && !(actions.contains("die") && actions.contains("start")); i++) {
                    Thread.sleep(100);
                }
            }
            assertTrue(actions.containsAll(Set.of("die", "start")), actions.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(TALKER + " O talk ")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(TALKER + " E warn ")), lines.toString());
        }
    }

    private static void exerciseOperations(RemoteDocker d) throws Exception {
        List<ContainerInfo> mine = d.composeProject("lifeboatit");
        assertEquals(2, mine.size(), mine.toString());
        ContainerInfo box =
                mine.stream().filter(c -> c.name().equals(BOX)).findFirst().orElseThrow();
        assertEquals("box", box.composeService().orElseThrow());
        ContainerDetails details = d.inspect(BOX);
        assertEquals("/data", details.mounts().get(0).destination());
        assertEquals("/srv/lifeboat-it", details.mounts().get(0).source());

        OutputSink.Captured out = OutputSink.capture(1 << 16);
        ExecResult r = d.exec(BOX, List.of("sh", "-c", "echo out; echo err >&2; exit 7"), out, CancelToken.NONE);
        assertEquals(7, r.exitCode());
        assertEquals("out", out.stdoutText().strip());
        assertEquals("err", out.stderrText().strip());

        assertTrue(d.stop(BOX, Duration.ofSeconds(2)));
        assertFalse(d.inspect(BOX).running());
        assertFalse(d.stop(BOX, Duration.ofSeconds(2)), "second stop is a no-op");
        assertTrue(d.start(BOX));
        assertFalse(d.start(BOX), "second start is a no-op");
        assertTrue(d.inspect(BOX).running());
    }

    private static void assertExecWithStdinIsIntact(RemoteDocker d, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        OutputSink.Captured out = OutputSink.capture(1 << 16);
        long t0 = System.nanoTime();
        ExecResult r;
        try (InputStream in = new java.io.ByteArrayInputStream(data)) {
            r = d.execWithStdin(
                    BOX, List.of("sh", "-c", "cat > /tmp/in && sha256sum < /tmp/in && wc -c < /tmp/in"), in, out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "exec-stdin via %s: %d MiB in %.2f s = %.1f MB/s%n",
                d.way(), size >> 20, seconds, size / 1e6 / seconds);
        assertEquals(0, r.exitCode(), out.stderrText());
        assertEquals(size, r.stdinBytes());
        String[] lines = out.stdoutText().strip().split("\n");
        assertEquals(expected, lines[0].split(" ")[0]);
        assertEquals(String.valueOf(size), lines[1].strip());
    }
}
