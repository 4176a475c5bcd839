package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints how long live detection over SSH takes on the testbed's srv-a (six applications), how many round trips it
 * needs after login, and its ratio to a baseline measured in the same run: three bare SSH round trips ({@code true}),
 * the floor any three-request detection stands on. Not a test (no timed assertions). Needs the testbed up
 * ({@code testbed/up}); run it with {@code mvn -q -pl app test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lifeboat.engine.stacks.LiveDetectBenchmark} (optional argument: runs, default 10).
 */
public final class LiveDetectBenchmark {
    private LiveDetectBenchmark() {}

    @SuppressWarnings("SystemOut") // a developer tool in test scope; it prints by design
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        TestbedHosts.assumeUp();
        Path dir = Files.createTempDirectory("lifeboat-bench");
        Detector detector = Detector.withBuiltInStacks();

        long t0 = System.nanoTime();
        try (SshSession session = TestbedHosts.root("srv-a", dir);
                SshjRemoteShell shell = new SshjRemoteShell(session)) {
            long login = System.nanoTime() - t0;
            long[] baseline = new long[runs];
            long[] detect = new long[runs];
            int trips = 0;
            int stacks = 0;
            CommandSpec nothing = CommandSpec.read("true");
            for (int i = 0; i < runs; i++) {
                long b = System.nanoTime();
                for (int k = 0; k < 3; k++) {
                    shell.capture(nothing);
                }
                baseline[i] = System.nanoTime() - b;
                ShellProbe probe = new ShellProbe(shell, false);
                long d = System.nanoTime();
                stacks = detector.detect(probe).stacks().size();
                detect[i] = System.nanoTime() - d;
                trips = probe.commandsRun();
            }
            System.out.printf(
                    Locale.ROOT,
                    "live detection on srv-a (%s), %d runs%n",
                    session.target().display(),
                    runs);
            System.out.printf(Locale.ROOT, "  login (TCP, key exchange, auth):   %8.1f ms%n", login / 1e6);
            System.out.printf(Locale.ROOT, "  applications found:               %8d%n", stacks);
            System.out.printf(Locale.ROOT, "  SSH round trips per detection:    %8d%n", trips);
            System.out.printf(
                    Locale.ROOT,
                    "  detection   median %8.1f ms   min %8.1f ms   max %8.1f ms%n",
                    median(detect) / 1e6,
                    min(detect) / 1e6,
                    max(detect) / 1e6);
            System.out.printf(
                    Locale.ROOT, "  baseline: 3 x 'true' over SSH, median %8.1f ms%n", median(baseline) / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "  ratio detection / baseline:       %8.1f x%n",
                    (double) median(detect) / median(baseline));
            System.out.printf(
                    Locale.ROOT,
                    "  login + detection (what a user waits for): %8.1f ms%n",
                    (login + median(detect)) / 1e6);
        }
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static long min(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static long max(long[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
