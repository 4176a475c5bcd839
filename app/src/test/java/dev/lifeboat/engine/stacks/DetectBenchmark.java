package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.LocalShell;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints how long detection takes on each corpus case, with FsProbe and with the ShellProbe scripts run locally, and
 * how many round trips each used. Not a test (no timed assertions): run it with
 * {@code mvn -q -pl app test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lifeboat.engine.stacks.DetectBenchmark} or from the IDE.
 */
public final class DetectBenchmark {
    private static final int RUNS = 20;

    private DetectBenchmark() {}

    @SuppressWarnings("SystemOut") // a developer tool in test scope; it prints by design
    public static void main(String[] args) throws Exception {
        Path corpus = args.length > 0
                ? Path.of(args[0])
                : Corpus.locate().orElseThrow(() -> new IllegalStateException(Corpus.ABSENT));
        Detector detector = Detector.withBuiltInStacks();
        System.out.printf(
                Locale.ROOT, "%-40s %12s %12s %12s %6s%n", "case", "fs first", "fs median", "shell median", "trips");
        for (Path dir : Corpus.cases(corpus)) {
            Path tree = dir.resolve("tree").toAbsolutePath();
            long first = time(() -> detector.detect(new FsProbe(tree)));
            long[] fs = new long[RUNS];
            long[] sh = new long[RUNS];
            int trips = 0;
            for (int i = 0; i < RUNS; i++) {
                fs[i] = time(() -> detector.detect(new FsProbe(tree)));
                ShellProbe probe = new ShellProbe(new LocalShell(), tree.toString());
                sh[i] = time(() -> detector.detect(probe));
                trips = probe.commandsRun();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-40s %9.1f ms %9.1f ms %9.1f ms %6d%n",
                    dir.getFileName(),
                    first / 1e6,
                    median(fs) / 1e6,
                    median(sh) / 1e6,
                    trips);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return System.nanoTime() - t0;
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
