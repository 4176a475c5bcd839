package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.dumpers.DumpJob;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import dev.lifeboat.engine.store.DumpWriter;
import dev.lifeboat.engine.store.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dumps of a backup, each a child step ({@code dump:NAME}) of the step that runs them: every database dumped in
 * its own container, at most four at once, the first failure stopping the others. A dump whose tool says when it holds
 * its consistent snapshot ({@link DumpJob#snapshotMarker()}) is counted beside it, tells {@code consistent} once both
 * hold their snapshot, and then waits with the rest of its stream until {@code resume} (the site is up again): on two
 * cores, decrypting and compressing it beside the final delta and the start slowed both (ADR 6).
 */
final class BackupDumps {
    private final RemoteShell shell;
    private final Docker docker;
    private final BackupPlan plan;

    /** The dumps taken, by file name, in the order they were planned once all ended. */
    private final Map<String, Manifest.DumpEntry> done = Collections.synchronizedMap(new LinkedHashMap<>());

    BackupDumps(RemoteShell shell, Docker docker, BackupPlan plan) {
        this.shell = shell;
        this.docker = docker;
        this.plan = plan;
    }

    /** The child steps, one per dump, as the plan lists them. */
    List<Step> steps(Path snap, CancelToken cancel, Runnable consistent, CountDownLatch resume) {
        List<Step> out = new ArrayList<>();
        for (BackupPlan.PlannedDump d : plan.dumps()) {
            for (DumpJob j : d.jobs()) {
                out.add(Step.of(
                                "dump:" + j.name(),
                                title(d, j),
                                ctx -> dumpOne(ctx, d, j, snap, cancel, consistent, resume))
                        .commands(List.of(j.command().display())));
            }
        }
        return out;
    }

    /** The plan's rows for the dumps (nothing runs). */
    List<Step> planned() {
        return steps(null, CancelToken.NONE, () -> {}, new CountDownLatch(0));
    }

    static String title(BackupPlan.PlannedDump d, DumpJob j) {
        return "Dump "
                + (j.name().endsWith("-globals")
                        ? "the roles of " + d.dumper().kind() + " in "
                                + d.container().label()
                        : j.database().isEmpty()
                                ? d.dumper().kind() + " in " + d.container().label()
                                : j.database() + " (" + d.dumper().kind() + " in "
                                        + d.container().label() + ")");
    }

    int jobs() {
        return plan.dumps().stream().mapToInt(x -> x.jobs().size()).sum();
    }

    /** What the dumps wrote, in the plan's order. */
    List<Manifest.DumpEntry> entries() {
        synchronized (done) {
            return List.copyOf(done.values());
        }
    }

    /**
     * Runs every dump as a child step of {@code parent}, up to four at once; returns when all ended. The first failure
     * stops the others (a shared token) and nothing is left running when this returns.
     */
    void runAll(StepContext parent, Path snap, CancelToken cancel, Runnable consistent, CountDownLatch resume)
            throws EngineException {
        int jobs = jobs();
        if (jobs == 0) {
            return;
        }
        int threads = Math.min(4, jobs);
        CancelToken stopAll = new CancelToken();
        // A dump that waits for the site holds its thread: with more dumps than threads, a later dump could never
        // start to take its snapshot, and the window would never close. Then the streams go on at once.
        List<Step> all = steps(snap, stopAll, consistent, jobs <= threads ? resume : new CountDownLatch(0));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "lifeboat-dump"));
        ExecutorCompletionService<Step.Done> ended = new ExecutorCompletionService<>(pool);
        try (AutoCloseable link = cancel.onCancel(stopAll::cancel)) {
            for (Step s : all) {
                ended.submit(() -> parent.runChild(s));
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    BackupWorkflow.join(ended.take());
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("Interrupted.");
                } catch (EngineException | RuntimeException x) {
                    stopAll.cancel();
                    throw x;
                }
            }
            // In the plan's order, whatever order they ended in.
            Map<String, Manifest.DumpEntry> byFile;
            synchronized (done) {
                byFile = new HashMap<>(done);
                done.clear();
                for (BackupPlan.PlannedDump d : plan.dumps()) {
                    for (DumpJob j : d.jobs()) {
                        done.put(j.fileName(), byFile.get(j.fileName()));
                    }
                }
            }
        } catch (EngineException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException(e.getMessage(), e);
        } finally {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException x) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Step.Done dumpOne(
            StepContext ctx,
            BackupPlan.PlannedDump d,
            DumpJob job,
            Path snap,
            CancelToken cancel,
            Runnable consistent,
            CountDownLatch resume)
            throws EngineException {
        Path target = snap.resolve("dumps").resolve(job.fileName());
        StringBuilder err = new StringBuilder();
        // A failure to write locally (disk full) stops the dump on the server at once: the sink must never throw,
        // or the stream would stall with the site down.
        AtomicReference<IOException> writeFailed = new AtomicReference<>();
        CancelToken jobCancel = new CancelToken();
        // A dump with a snapshot marker is counted now, beside the dump, from the moment the application is still
        // stopped: after the window the database moves on. The window may close once the dump and the counts both
        // hold their snapshot (the counting may go on after it, inside its own transaction).
        CompletableFuture<Void> countsBound = new CompletableFuture<>();
        CompletableFuture<Map<String, Long>> early = job.snapshotMarker() == null
                ? null
                : CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return d.dumper()
                                        .counts(docker, d.container(), job, "", () -> countsBound.complete(null));
                            } catch (EngineException e) {
                                throw new CompletionException(e);
                            }
                        },
                        r -> daemon(r, "lifeboat-count").start());
        MarkerWatch watch = new MarkerWatch(job.snapshotMarker());
        AtomicBoolean told = new AtomicBoolean();
        Runnable tellIfConsistent = () -> {
            if (early != null
                    && watch.seen()
                    && countsBound.isDone()
                    && !early.isCompletedExceptionally()
                    && told.compareAndSet(false, true)) {
                consistent.run();
            }
        };
        if (early != null) {
            countsBound.thenRun(tellIfConsistent);
        }
        try (DumpWriter w = new DumpWriter(target);
                AutoCloseable link = cancel.onCancel(jobCancel::cancel)) {
            CommandResult r;
            try {
                r = shell.run(
                        job.command(),
                        null,
                        new OutputSink() {
                            @Override
                            public void stdout(byte[] b, int off, int len) {
                                if (writeFailed.get() != null) {
                                    return;
                                }
                                try {
                                    w.write(b, off, len);
                                    if (watch.feed(b, off, len)) {
                                        tellIfConsistent.run();
                                    }
                                    // Consistent already: the rest waits (the server's side blocks on the channel's
                                    // window) until the site is up again, or the run is cancelled.
                                    while (told.get() && resume.getCount() > 0 && !jobCancel.isCancelled()) {
                                        resume.await(100, TimeUnit.MILLISECONDS);
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                } catch (IOException e) {
                                    writeFailed.set(e);
                                    Thread t = new Thread(jobCancel::cancel, "lifeboat-dump-stop");
                                    t.setDaemon(true);
                                    t.start();
                                    return;
                                }
                                ctx.progress(w.rawBytes(), OptionalLong.empty(), WorkflowEvent.Unit.BYTES);
                            }

                            @Override
                            public void stderr(byte[] b, int off, int len) {
                                String s = job.command().mask(new String(b, off, len, StandardCharsets.UTF_8));
                                synchronized (err) {
                                    if (err.length() < 1 << 20) {
                                        err.append(s);
                                    }
                                }
                                for (String line : s.split("\n")) {
                                    if (!line.isBlank()) {
                                        ctx.log(line.strip());
                                    }
                                }
                            }
                        },
                        jobCancel);
            } catch (CancelledException e) {
                if (writeFailed.get() != null) {
                    throw writeFailed.get();
                }
                throw e;
            }
            if (writeFailed.get() != null) {
                throw writeFailed.get();
            }
            if (!r.ok()) {
                String e = err.toString().strip();
                String advice = d.dumper().advice(e);
                throw new EngineException(
                        "The dump " + job.name() + " failed in " + d.container().label() + " (status " + r.exitStatus()
                                + (e.isEmpty() ? "" : ": " + BackupWorkflow.lastLines(e)) + ")."
                                + (advice.isEmpty() ? "" : " " + advice));
            }
            DumpWriter.Result res = w.commit();
            Map<String, Long> counts = early != null
                    ? BackupWorkflow.join(early)
                    : d.dumper().counts(docker, d.container(), job, err.toString());
            if (told.compareAndSet(false, true)) {
                consistent.run();
            }
            done.put(
                    job.fileName(),
                    new Manifest.DumpEntry(
                            job.fileName(),
                            d.component().path(),
                            d.container().label(),
                            d.dumper().kind(),
                            job.database().isEmpty() ? null : job.database(),
                            job.format(),
                            res.bytes(),
                            res.rawBytes(),
                            res.sha256(),
                            counts));
            return Step.Done.ok(BackupWorkflow.human(res.rawBytes()) + " (" + BackupWorkflow.human(res.bytes())
                    + " compressed), " + counts.size() + " items counted");
        } catch (IOException | UncheckedIOException e) {
            String msg = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            throw new EngineException(
                    "Could not write the dump " + job.name() + " into " + target.getParent() + ": " + msg, e);
        } catch (EngineException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** Watches a dump's first bytes for its snapshot marker (null: never; empty: the first byte). */
    static final class MarkerWatch {
        private static final int LOOK_BYTES = 1 << 20;
        private final byte[] marker;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private volatile boolean seen;

        MarkerWatch(String marker) {
            this.marker = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        }

        /** Returns true the first time the marker shows. */
        boolean feed(byte[] b, int off, int len) {
            if (marker == null || seen || len <= 0 || head.size() > LOOK_BYTES) {
                return false;
            }
            if (marker.length == 0) {
                seen = true;
                return true;
            }
            head.write(b, off, len);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.contains(new String(marker, StandardCharsets.ISO_8859_1))) {
                seen = true;
                return true;
            }
            return false;
        }

        boolean seen() {
            return seen;
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
