package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RemoteShell} keeps (its Javadoc): exit status and both streams come back, stdin is fed
 * then closed, secrets reach the command's environment but never an argument list, a cancel or a timeout stops the
 * command and everything it started, output arrives complete and in order, commands may run at once, and {@link
 * RemoteShell#start} hands back raw streams. One subclass per implementation: {@code LocalShellContractTest} (this
 * computer, in the unit tier) and {@code SshjRemoteShellContractIT} (a testbed server over SSH). The scripted
 * {@code FakeShell} is a test double, not a shell, and is not held to it.
 */
public abstract class RemoteShellContractTest {

    /** The shell under test; the same one for every test of an instance. */
    protected abstract RemoteShell shell();

    private RemoteShell.Captured capture(String script) throws Exception {
        return shell().capture(CommandSpec.read("sh", "-c", script));
    }

    @Test
    void exitStatusStdoutAndStderrComeBackAndANonZeroStatusIsAResult() throws Exception {
        RemoteShell.Captured c = capture("echo out; echo err >&2; exit 3");
        assertEquals(3, c.result().exitStatus());
        assertFalse(c.ok());
        assertEquals("out\n", c.stdout());
        assertEquals("err\n", c.stderr());
    }

    @Test
    void stdinIsFedAndThenClosed() throws Exception {
        OutputSink.Captured out = OutputSink.capture(1 << 20);
        byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        CommandResult r = shell().run(
                        CommandSpec.read("sh", "-c", "cat; echo END"),
                        new ByteArrayInputStream(input),
                        out,
                        CancelToken.NONE);
        assertTrue(r.ok());
        assertEquals("line one\nline two\nEND\n", out.stdoutText());
    }

    @Test
    void aSecretReachesTheCommandsEnvironmentButNoArgumentList() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        // The command prints the secret's hash, then every argument list of the machine while it runs.
        CommandSpec spec = CommandSpec.read(
                        "sh",
                        "-c",
                        "printf %s \"$LIFEBOAT_TEST_SECRET\" | sha256sum | cut -c1-64;"
                                + " for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null; echo; done")
                .withSecret("LIFEBOAT_TEST_SECRET", secret);
        RemoteShell.Captured c = shell().capture(spec);
        assertTrue(c.ok(), c.stderr());
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertTrue(
                c.stdout().startsWith(sha + "\n"),
                "the command saw the secret: " + c.stdout().lines().findFirst());
        assertFalse(c.stdout().contains(secret), "no argument list holds the secret");
        assertFalse(spec.display().contains(secret), "nor does what may be logged");
    }

    @Test
    void aCancelStopsTheCommandAndEverythingItStarted() throws Exception {
        String marker = "lifeboat-contract-" + System.nanoTime();
        CancelToken cancel = new CancelToken();
        CompletableFuture<Throwable> ran = CompletableFuture.supplyAsync(() -> {
            try {
                shell().run(
                                CommandSpec.read("sh", "-c", "sleep 300 & exec sh -c 'sleep 301; : " + marker + "'"),
                                null,
                                OutputSink.DISCARD,
                                cancel);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        waitUntil(() -> running(marker), "the command started");
        long t0 = System.nanoTime();
        cancel.cancel();
        Throwable t = ran.get();
        assertTrue(t instanceof CancelledException, String.valueOf(t));
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "stopped within seconds");
        waitUntil(() -> !running(marker), "nothing of it is left running");
    }

    @Test
    void aTimeoutStopsTheCommand() {
        CommandSpec spec = CommandSpec.read("sleep", "30").withTimeout(Duration.ofSeconds(1));
        assertThrows(CommandTimeoutException.class, () -> shell().capture(spec));
    }

    @Test
    void manyLinesArriveCompleteAndInOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        shell().run(CommandSpec.read("seq", "1", "50000"), new LineSink() {
            @Override
            protected void line(Stream stream, String line) {
                lines.add(line);
            }
        });
        assertEquals(50_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(Integer.toString(i + 1), lines.get(i));
        }
    }

    @Test
    void severalCommandsRunAtOnce() throws Exception {
        AtomicLong t0 = new AtomicLong(System.nanoTime());
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return capture("sleep 1; echo " + n).stdout().strip();
                } catch (Exception e) {
                    return e.toString();
                }
            }));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(Integer.toString(i), all.get(i).get());
        }
        assertTrue(System.nanoTime() - t0.get() < 2_900_000_000L, "three one-second commands overlapped");
    }

    @Test
    void startHandsBackRawStreams() throws Exception {
        try (RemoteProcess p = shell().start(CommandSpec.read("sh", "-c", "tr a-z A-Z"))) {
            p.stdin().write("pipe me\n".getBytes(StandardCharsets.UTF_8));
            p.stdin().flush();
            p.closeStdin();
            assertEquals("PIPE ME\n", new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, p.exitStatus(Duration.ofSeconds(10)).orElse(-1));
        }
    }

    @Test
    void itSaysWhereItIsAndWhatTheLoginMayDo() throws Exception {
        assertFalse(shell().describe().isBlank());
        Privileges p = shell().privileges();
        String uid = capture("id -u").stdout().strip();
        assertEquals(uid.equals("0"), p.root(), "root is what id -u says");
    }

    private boolean running(String marker) {
        try {
            return capture("ps -eo args | grep -v grep | grep -c -- '" + marker + "' || true")
                            .stdout()
                            .strip()
                            .compareTo("0")
                    > 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier ok, String what) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
