package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workflow's list of {@link Step}s, the one place every workflow runs: backup, restore, drill, migration and
 * its rollback. For each step, in order: the cancel and guard checks, the {@link Boundaries} hook, the step's start
 * event, the downtime window's edge, the action, its end event and record. On a failure or a cancel: the steps that
 * are still running are reported failed, then every step that began is undone in reverse order (each undo runs, also
 * when another one fails), then the run's resources are closed, its guards freed (a guard is left armed while the
 * site is down: it starts the site by itself), and the error goes on to the caller.
 *
 * <p>Blocks the calling thread; events leave through the {@link ProgressListener} (and into the run's log file once a
 * step names it). One run per {@link #run} call; a Runner may be reused.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    /** How often the guards' deadlines are pushed forward. */
    public static final long HEARTBEAT_SECONDS = 5;

    private final ProgressListener listener;
    private final Boundaries boundaries;

    /** A runner whose boundaries are the fault matrix's when the environment names one ({@link FaultPoint}). */
    public Runner(ProgressListener listener) {
        this(listener, FaultPoint.fromEnvironment(System.getenv()));
    }

    public Runner(ProgressListener listener, Boundaries boundaries) {
        this.listener = listener;
        this.boundaries = boundaries;
    }

    /**
     * Called before and after every step of every run (children too), and at each progress report of a long step:
     * where the fault matrix injects its faults ({@link FaultPoint}). Must
     * return quickly unless it means to stop the run (by throwing, or by killing the process).
     */
    public interface Boundaries {
        Boundaries NONE = new Boundaries() {};

        default void before(String step) throws EngineException {}

        default void after(String step) throws EngineException {}

        /** Inside a long step, at each progress report ({@code done} so far). */
        default void during(String step, long done) throws EngineException {}
    }

    /** How a run ended: its window and the records of its steps. */
    public record Result(DowntimeWindow window, List<StepRecord> records) {}

    /** Runs the steps; returns when all ended, or throws what failed (after undoing what had begun). */
    public Result run(List<Step> steps, CancelToken cancel) throws EngineException {
        Run run = new Run(listener, boundaries);
        Deque<Step> begun = new ArrayDeque<>();
        try {
            for (Step s : steps) {
                if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw new CancelledException("Cancelled.");
                }
                run.checkGuards();
                boundaries.before(s.id());
                begun.push(s);
                run.runOne(s, cancel);
                boundaries.after(s.id());
            }
            return new Result(run.window, run.records());
        } catch (Throwable e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            run.failRunning(msg);
            boolean interrupted = Thread.interrupted();
            try {
                for (Step s : begun) {
                    if (s.undo() != null) {
                        try {
                            s.undo().undo(new StepContext(run, s.id(), CancelToken.NONE));
                        } catch (EngineException | RuntimeException u) {
                            LOG.warn("undo of {} failed", s.id(), u);
                            run.events.on(new WorkflowEvent.Warning(
                                    Instant.now(), "Could not undo the step " + s.id() + ": " + u.getMessage()));
                        }
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        } finally {
            run.end();
        }
    }

    /** The state of one run: shared by its steps' contexts. */
    static final class Run {
        final ProgressListener events;
        final Boundaries boundaries;
        final DowntimeWindow window;
        final RunLog log = new RunLog();
        private final Map<String, Long> running = new LinkedHashMap<>();
        private final Map<String, String> titles = new LinkedHashMap<>();
        private final List<StepRecord> records = new ArrayList<>();
        private final List<AutoCloseable> resources = new ArrayList<>();
        private final Map<Guard, ScheduledExecutorService> guards = new LinkedHashMap<>();
        private final AtomicBoolean guardLost = new AtomicBoolean();

        Run(ProgressListener listener, Boundaries boundaries) {
            this.boundaries = boundaries;
            this.events = e -> {
                log.add(e);
                listener.on(e);
            };
            this.window = new DowntimeWindow(events);
        }

        /** A child step (its parent's action runs it): its own boundaries, events and record. */
        Step.Done runChild(Step s, CancelToken cancel) throws EngineException {
            boundaries.before(s.id());
            Step.Done d = runOne(s, cancel);
            boundaries.after(s.id());
            return d;
        }

        Step.Done runOne(Step s, CancelToken cancel) throws EngineException {
            started(s.id(), s.title());
            if (s.window() == Step.Window.OPENS) {
                window.open();
            }
            Step.Done d;
            try {
                d = s.action().run(new StepContext(this, s.id(), cancel));
            } catch (Throwable e) {
                failed(s.id(), e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
            if (d == null) {
                d = Step.Done.ok();
            }
            ended(s.id(), d);
            if (s.window() == Step.Window.CLOSES && d.outcome() != Step.Outcome.SKIPPED) {
                window.close(d.isOk());
            }
            return d;
        }

        private synchronized void started(String id, String title) {
            running.put(id, System.nanoTime());
            titles.put(id, title);
            events.on(new WorkflowEvent.StepStarted(Instant.now(), id, title));
        }

        private synchronized void ended(String id, Step.Done d) {
            long ms = took(id);
            switch (d.outcome()) {
                case OK -> {
                    records.add(new StepRecord(id, titles.get(id), ms, "ok", d.summary()));
                    events.on(new WorkflowEvent.StepFinished(Instant.now(), id, Duration.ofMillis(ms), d.summary()));
                }
                case FAILED -> {
                    records.add(new StepRecord(id, titles.get(id), ms, "failed", d.summary()));
                    events.on(new WorkflowEvent.StepFailed(Instant.now(), id, d.summary()));
                }
                case SKIPPED -> {
                    records.add(new StepRecord(id, titles.get(id), ms, "skipped", d.summary()));
                    events.on(new WorkflowEvent.StepSkipped(Instant.now(), id, d.summary()));
                }
            }
        }

        private synchronized void failed(String id, String message) {
            if (!running.containsKey(id)) {
                return;
            }
            long ms = took(id);
            records.add(new StepRecord(id, titles.get(id), ms, "failed", message));
            events.on(new WorkflowEvent.StepFailed(Instant.now(), id, message));
        }

        synchronized void failRunning(String message) {
            for (String id : List.copyOf(running.keySet())) {
                failed(id, message);
            }
        }

        private long took(String id) {
            Long t0 = running.remove(id);
            return t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
        }

        synchronized List<StepRecord> records() {
            return List.copyOf(records);
        }

        synchronized void atEnd(AutoCloseable r) {
            resources.add(r);
        }

        synchronized void keepAlive(Guard g) {
            if (guards.containsKey(g)) {
                return;
            }
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lifeboat-heartbeat");
                t.setDaemon(true);
                return t;
            });
            s.scheduleWithFixedDelay(
                    () -> {
                        try {
                            if (!g.extend()) {
                                guardLost.set(true);
                            }
                        } catch (EngineException e) {
                            LOG.warn(
                                    "could not push the deadline of the guard on {}: {}", g.describe(), e.getMessage());
                        }
                    },
                    HEARTBEAT_SECONDS,
                    HEARTBEAT_SECONDS,
                    TimeUnit.SECONDS);
            guards.put(g, s);
        }

        boolean release(Guard g) throws EngineException {
            ScheduledExecutorService s;
            synchronized (this) {
                s = guards.remove(g);
            }
            if (s != null) {
                s.shutdownNow();
            }
            return g.release() || guardLost.get();
        }

        void checkGuards() throws EngineException {
            if (guardLost.get()) {
                throw new EngineException("Lifeboat's guard on the server is not running any more (it fired, or the"
                        + " connection was too slow to keep it waiting): the run stops here.");
            }
        }

        /** Closes the resources (newest first), stops the heartbeats, frees the guards unless the site is down. */
        void end() {
            List<AutoCloseable> rs;
            Map<Guard, ScheduledExecutorService> gs;
            synchronized (this) {
                rs = new ArrayList<>(resources);
                resources.clear();
                gs = new LinkedHashMap<>(guards);
                guards.clear();
            }
            for (int i = rs.size() - 1; i >= 0; i--) {
                try {
                    rs.get(i).close();
                } catch (Exception e) {
                    LOG.warn("could not close {}: {}", rs.get(i), e.toString());
                }
            }
            gs.values().forEach(ScheduledExecutorService::shutdownNow);
            for (Guard g : gs.keySet()) {
                if (window.isOpen() && g.holding() && g.startsWhatWasStopped()) {
                    // Something stayed down: the guard, no longer told to wait, starts it within its deadline.
                    LOG.warn("leaving the guard on {} armed: it starts what is still stopped", g.describe());
                    continue;
                }
                try {
                    g.release();
                } catch (EngineException e) {
                    LOG.warn("could not free the guard on {}: {}", g.describe(), e.getMessage());
                }
            }
            log.close();
        }
    }
}
