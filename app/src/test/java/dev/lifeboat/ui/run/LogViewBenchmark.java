package dev.lifeboat.ui.run;

import dev.lifeboat.ui.BackupFlow;
import dev.lifeboat.ui.LifeboatApp;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.backup.StreamingBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.wizard.WizardController;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;

/**
 * The log view's benchmark: opens the real wizard window on the Run page, runs a backup whose engine streams
 * container log lines through the page's {@code EventQueue} (drained every {@link RunController#DRAIN_MILLIS} ms, as
 * in a real run), and prints, per scenario: the lines offered and taken per second, the lines shown per second, how
 * late a line reaches the view, the FX thread's longest pause (a {@code runLater} ping every 10 ms: how late it ran)
 * and the longest gap between frames (an {@code AnimationTimer}), and the heap.
 *
 * <p>Needs a display (run it under Xvfb): {@code scripts/bench-logview [--seconds 15] [--warmup 3] [--only 2,6]}.
 * Figures and what they mean: {@code docs/performance.md}. Test scope: a developer aid, not part of the product.
 */
public final class LogViewBenchmark {
    private static final long PING_MILLIS = 10;
    private static final int TARGET = 10_000;

    private enum Mode {
        FOLLOW,
        SCROLLED_BACK,
        PAUSED
    }

    private record Scenario(String name, int linesPerSecond, int containers, String filter, Mode mode) {}

    private record Figures(
            double offered,
            double taken,
            double shown,
            long latencyMaxMs,
            double pingMaxMs,
            double pingP99Ms,
            double frameMaxMs,
            double frameP99Ms,
            long heapBeforeMb,
            long heapPeakMb,
            long heapAfterMb,
            int linesHeld,
            long skipped,
            double load,
            double fxBusy,
            double renderBusy) {}

    private final WizardController wizard = new WizardController();
    private BackupFlow flow;
    private Stage stage;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    // Written on the FX thread while measuring; read after.
    private volatile boolean measuring;
    private final Histogram pings = new Histogram();
    private final Histogram frames = new Histogram();
    private final AtomicLong shownAdded = new AtomicLong();
    private final AtomicLong latencyMaxNanos = new AtomicLong();
    private final AtomicLong heapPeak = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int seconds = 15;
        int warmup = 3;
        String only = "";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--warmup")) {
                warmup = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--only")) {
                only = args[i + 1];
            }
        }
        new LogViewBenchmark().run(seconds, warmup, only);
        Platform.exit();
        System.exit(0);
    }

    /** {@code only}: the numbers (1-based) of the scenarios to run, e.g. "1,5"; empty for all. */
    private void run(int seconds, int warmup, String only) throws Exception {
        Platform.startup(() -> {});
        fx(() -> {
            Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
            flow = new BackupFlow(wizard, p -> {}, () -> {});
            Scene scene = new Scene(frame, 1024, 700);
            scene.getStylesheets()
                    .add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
            stage = new Stage();
            stage.setTitle("Lifeboat — log view benchmark");
            stage.setScene(scene);
            stage.show();
            wizard.show(flow.run());
            new AnimationTimer() {
                private long last;

                @Override
                public void handle(long now) {
                    if (measuring && last != 0) {
                        frames.add(now - last);
                    }
                    last = now;
                }
            }.start();
            flow.run().viewModel().logs().shown().addListener((ListChangeListener<String>) this::shownChanged);
            return null;
        });
        Thread ping = new Thread(this::ping, "benchmark-ping");
        ping.setDaemon(true);
        ping.start();

        List<Scenario> scenarios = List.of(
                new Scenario("idle: 1 line/s (what the machine itself adds)", 1, 1, "", Mode.FOLLOW),
                new Scenario("1 container, following", TARGET, 1, "", Mode.FOLLOW),
                new Scenario("6 containers, following one, filter \"error\"", TARGET, 6, "error", Mode.FOLLOW),
                new Scenario("1 container, scrolled back (live)", TARGET, 1, "", Mode.SCROLLED_BACK),
                new Scenario("1 container, paused", TARGET, 1, "", Mode.PAUSED),
                new Scenario("1 container, as fast as it takes, following", 0, 1, "", Mode.FOLLOW));

        System.out.printf(
                Locale.ROOT,
                "Log view benchmark: the real Run page in a %dx%d window, lines through the EventQueue drained every"
                        + " %d ms%n",
                (int) stage.getWidth(),
                (int) stage.getHeight(),
                RunController.DRAIN_MILLIS);
        System.out.printf(
                Locale.ROOT,
                "Java %s, JavaFX %s, prism %s, %d cores, max heap %d MB; %d s measured per scenario after %d s"
                        + " warm-up%n%n",
                System.getProperty("java.version"),
                System.getProperty("javafx.runtime.version"),
                System.getProperty("prism.order", "default"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                seconds,
                warmup);
        String header = String.format(
                Locale.ROOT,
                "%-55s %9s %9s %9s %10s %14s %14s %11s %20s %8s %6s",
                "scenario",
                "offered/s",
                "taken/s",
                "shown/s",
                "late max",
                "FX pause max",
                "frame gap",
                "busy FX/draw",
                "heap MB",
                "held",
                "load");
        System.out.println(header);
        System.out.printf(
                Locale.ROOT,
                "%-55s %9s %9s %9s %10s %14s %14s %11s %20s %8s %6s%n",
                "",
                "",
                "",
                "",
                "(ms)",
                "(p99) ms",
                "max (p99) ms",
                "",
                "before/peak/after",
                "lines",
                "1 min");
        System.out.println("-".repeat(header.length()));
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(String.valueOf(i + 1))) {
                continue;
            }
            Figures f = measure(s, seconds, warmup);
            System.out.printf(
                    Locale.ROOT,
                    "%-55s %9s %9s %9s %10d %14s %14s %11s %20s %8s %6.1f%n",
                    (i + 1) + ". " + s.name()
                            + (s.linesPerSecond() < 1000 ? "" : " @ " + s.linesPerSecond() / 1000 + "k/s"),
                    count(f.offered()),
                    count(f.taken()),
                    count(f.shown()),
                    f.latencyMaxMs(),
                    String.format(Locale.ROOT, "%.0f (%.0f)", f.pingMaxMs(), f.pingP99Ms()),
                    String.format(Locale.ROOT, "%.0f (%.0f)", f.frameMaxMs(), f.frameP99Ms()),
                    String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * f.fxBusy(), 100 * f.renderBusy()),
                    f.heapBeforeMb() + " / " + f.heapPeakMb() + " / " + f.heapAfterMb(),
                    count(f.linesHeld()),
                    f.load());
            if (f.skipped() > 0) {
                System.out.printf(Locale.ROOT, "  (%s lines skipped by the queue's bound)%n", count(f.skipped()));
            }
        }
        System.out.println();
        System.out.println("offered: lines the engine sent; taken: lines the page's model received; shown: lines that"
                + " entered the list (after the filter; none while paused);");
        System.out.println("late: from a line's sending to its entering the list; FX pause: how late a runLater"
                + " posted every " + PING_MILLIS + " ms ran; heap: used after GC before, peak while streaming,"
                + " after GC at the end;");
        System.out.println("busy: CPU time over wall time of the FX thread and of JavaFX's render thread; load: the"
                + " machine's load average at the scenario's end (other work shows as longer pauses, not as busy).");
    }

    private Figures measure(Scenario s, int seconds, int warmup) throws Exception {
        List<String> sources = new ArrayList<>();
        sources.add("container:web");
        for (int i = 1; i < s.containers(); i++) {
            sources.add("container:worker-" + i);
        }
        StreamingBackupEngine engine = new StreamingBackupEngine(
                sources, s.linesPerSecond(), 2 * RunController.MAX_EVENTS_PER_DRAIN, LogViewBenchmark::line);
        RunController page = flow.run();
        RunViewModel vm = page.viewModel();
        fx(() -> {
            page.start(engine, FakeBackupEngine.plan());
            return null;
        });
        engine.awaitStreaming();
        while (!fx(() -> vm.sources().contains("container:web"))) {
            Thread.sleep(20);
        }
        fx(() -> {
            vm.logs().selectedSourceProperty().set("container:web");
            vm.logs().filterProperty().set(s.filter());
            return null;
        });
        Thread.sleep(warmup * 1000L);
        long heapBefore = heapAfterGc();
        fx(() -> {
            if (s.mode() == Mode.SCROLLED_BACK) {
                @SuppressWarnings("unchecked")
                ListView<String> list = (ListView<String>) stage.getScene().lookup("#logView");
                list.scrollTo(list.getItems().size() / 2);
                vm.logs().stopFollowing();
            } else if (s.mode() == Mode.PAUSED) {
                vm.logs().pause();
            }
            return null;
        });
        long[] start = fx(() -> new long[] {
            System.nanoTime(), engine.sent(), vm.logs().linesReceived(), threads.getCurrentThreadCpuTime(), renderCpu()
        });
        pings.clear();
        frames.clear();
        shownAdded.set(0);
        latencyMaxNanos.set(0);
        heapPeak.set(0);
        measuring = true;
        Thread.sleep(seconds * 1000L);
        measuring = false;
        long[] end = fx(() -> new long[] {
            System.nanoTime(), engine.sent(), vm.logs().linesReceived(), threads.getCurrentThreadCpuTime(), renderCpu()
        });
        double secs = (end[0] - start[0]) / 1e9;
        int held = fx(() -> vm.logs().linesHeld());
        engine.stop();
        while (fx(() -> vm.runningProperty().get())) {
            Thread.sleep(20);
        }
        long heapAfter = heapAfterGc();
        long skipped = fx(() -> vm.logs().linesSkipped());
        fx(() -> {
            vm.logs().follow();
            vm.logs().filterProperty().set("");
            return null;
        });
        return new Figures(
                (end[1] - start[1]) / secs,
                (end[2] - start[2]) / secs,
                shownAdded.get() / secs,
                latencyMaxNanos.get() / 1_000_000,
                pings.max() / 1e6,
                pings.percentile(0.99) / 1e6,
                frames.max() / 1e6,
                frames.percentile(0.99) / 1e6,
                heapBefore >> 20,
                heapPeak.get() >> 20,
                heapAfter >> 20,
                held,
                skipped,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                (end[3] - start[3]) / (double) (end[0] - start[0]),
                (end[4] - start[4]) / (double) (end[0] - start[0]));
    }

    /** A line as a web container writes it, every tenth an error; ends with the nanoTime it was sent at. */
    private static String line(String source, long seq) {
        String level = seq % 10 == 0 ? "ERROR" : "INFO ";
        return new StringBuilder(140)
                .append(level)
                .append(" [")
                .append(source, source.indexOf(':') + 1, source.length())
                .append("] GET /api/documents/")
                .append(seq % 9973)
                .append("/thumbnail?size=medium 200 4.2ms user=admin request=")
                .append(seq)
                .append(" t=")
                .append(System.nanoTime())
                .toString();
    }

    private void shownChanged(ListChangeListener.Change<? extends String> c) {
        if (!measuring) {
            return;
        }
        long now = System.nanoTime();
        while (c.next()) {
            if (c.wasAdded()) {
                shownAdded.addAndGet(c.getAddedSize());
                // The oldest line of the batch waited longest.
                String oldest = c.getAddedSubList().get(0);
                int t = oldest.lastIndexOf(" t=");
                if (t > 0) {
                    latencyMaxNanos.accumulateAndGet(now - Long.parseLong(oldest.substring(t + 3)), Math::max);
                }
            }
        }
    }

    /** Posts a runnable every few ms and records how late it ran; samples the heap too. */
    private void ping() {
        long n = 0;
        while (true) {
            long sent = System.nanoTime();
            Platform.runLater(() -> {
                if (measuring) {
                    long late = System.nanoTime() - sent;
                    pings.add(late);
                }
            });
            if (measuring && n++ % 10 == 0) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            }
            try {
                Thread.sleep(PING_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** CPU time of JavaFX's render thread (Prism draws there; the FX thread waits for it between frames). */
    private long renderCpu() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("QuantumRenderer")) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    private long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> t = new FutureTask<>(work);
        Platform.runLater(t);
        return t.get();
    }

    /** Nanosecond samples; only the FX thread adds. */
    private static final class Histogram {
        private long[] values = new long[1 << 14];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized long max() {
            long m = 0;
            for (int i = 0; i < size; i++) {
                m = Math.max(m, values[i]);
            }
            return m;
        }

        synchronized long percentile(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(size - 1, Math.round(p * (size - 1)))];
        }
    }
}
