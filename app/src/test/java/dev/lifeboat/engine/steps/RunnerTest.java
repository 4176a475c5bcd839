package dev.lifeboat.engine.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one runner under every workflow: events, the downtime window, undo, guards, children, the run's log. */
class RunnerTest {
    @TempDir
    Path dir;

    private final List<WorkflowEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> did = Collections.synchronizedList(new ArrayList<>());

    private List<String> lines() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> !(e instanceof WorkflowEvent.Progress))
                    .map(EventText::line)
                    .toList();
        }
    }

    private Step step(String id) {
        return Step.of(id, "Step " + id, ctx -> {
                    did.add("run " + id);
                    return Step.Done.ok(id + " done");
                })
                .undo(ctx -> did.add("undo " + id));
    }

    private static Step failing(String id, String message) {
        return Step.of(id, "Step " + id, ctx -> {
            throw new EngineException(message);
        });
    }

    /** A guard that counts what the runner does with it. */
    static final class FakeGuard implements Guard {
        boolean extendAnswer = true;
        boolean stops = true;
        int extended;
        int released;

        @Override
        public synchronized boolean extend() {
            extended++;
            return extendAnswer;
        }

        synchronized int extendedCount() {
            return extended;
        }

        @Override
        public synchronized boolean release() {
            released++;
            return false;
        }

        @Override
        public synchronized boolean holding() {
            return released == 0;
        }

        @Override
        public boolean startsWhatWasStopped() {
            return stops;
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    @Test
    void aGoodRunRunsEveryStepInOrderTellsEachAndUndoesNothing() throws Exception {
        Runner.Result r = new Runner(events::add).run(List.of(step("a"), step("b"), step("c")), new CancelToken());
        assertEquals(List.of("run a", "run b", "run c"), did);
        assertEquals(
                List.of(
                        "[a] Step a",
                        "[a] done in 0 ms: a done",
                        "[b] Step b",
                        "[b] done in 0 ms: b done",
                        "[c] Step c",
                        "[c] done in 0 ms: c done"),
                lines().stream()
                        .map(l -> l.replaceAll("done in \\d+ ms", "done in 0 ms"))
                        .toList());
        assertEquals(
                List.of("a", "b", "c"), r.records().stream().map(StepRecord::id).toList());
        assertTrue(r.records().stream().allMatch(x -> x.outcome().equals("ok")));
        assertFalse(r.window().opened(), "no step stopped the site");
    }

    @Test
    void aFailureUndoesEveryStepThatBeganNewestFirstAndTheErrorGoesOn() {
        EngineException e = assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(
                        List.of(
                                step("a"),
                                step("b"),
                                failing("c", "the disk is full").undo(ctx -> did.add("undo c")),
                                step("d")),
                        new CancelToken()));
        assertEquals("the disk is full", e.getMessage());
        assertEquals(List.of("run a", "run b", "undo c", "undo b", "undo a"), did);
        assertTrue(lines().contains("[c] FAILED: the disk is full"), lines().toString());
        assertFalse(lines().stream().anyMatch(l -> l.startsWith("[d]")), "nothing after the failure runs");
    }

    @Test
    void anUndoThatFailsIsAWarningAndTheOtherUndosStillRun() {
        Step bad = step("b").undo(ctx -> {
            throw new EngineException("cannot");
        });
        assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(List.of(step("a"), bad, failing("c", "x")), new CancelToken()));
        assertEquals(List.of("run a", "run b", "undo a"), did);
        assertTrue(lines().contains("warning: Could not undo the step b: cannot"), lines().toString());
    }

    @Test
    void theWindowOpensWithItsStepClosesWithTheHealthCheckAndThePlanMarksTheStepsBetween() throws Exception {
        List<Step> steps = List.of(
                step("pre"),
                step("stop").opensWindow(),
                step("copy"),
                Step.of("health", "Health", ctx -> Step.Done.ok("up")).closesWindow(),
                step("post"));
        Runner.Result r = new Runner(events::add).run(steps, new CancelToken());
        assertTrue(r.window().opened());
        assertFalse(r.window().isOpen());
        assertTrue(r.window().healthy());
        List<String> l = lines();
        assertTrue(
                l.indexOf("site DOWN") > l.indexOf("[stop] Step stop") - 1
                        && l.indexOf("site DOWN") < l.indexOf("[copy] Step copy"),
                l.toString());
        assertTrue(l.stream().anyMatch(x -> x.startsWith("site UP again after")), l.toString());
        assertEquals(
                List.of(false, true, true, true, false),
                PlannedStep.of(steps).stream().map(PlannedStep::siteDown).toList());
    }

    @Test
    void anUnhealthySiteIsASoftFailureTheRunGoesOnAndTheWindowClosesUnhealthy() throws Exception {
        List<Step> steps = List.of(
                step("stop").opensWindow(),
                Step.of("health", "Health", ctx -> Step.Done.failed("port 80 does not answer"))
                        .closesWindow(),
                step("after"));
        Runner.Result r = new Runner(events::add).run(steps, new CancelToken());
        assertFalse(r.window().isOpen());
        assertFalse(r.window().healthy());
        assertEquals("failed", r.records().get(1).outcome());
        assertEquals(List.of("run stop", "run after"), did);
    }

    @Test
    void aCancelBetweenStepsUndoesWhatBeganAndThrowsCancelled() {
        CancelToken cancel = new CancelToken();
        Step cancels = Step.of("b", "Step b", ctx -> {
                    cancel.cancel();
                    return Step.Done.ok();
                })
                .undo(ctx ->
                        did.add("undo b with a token that is " + (ctx.cancel().isCancelled() ? "cancelled" : "fresh")));
        assertThrows(CancelledException.class, () -> new Runner(events::add)
                .run(List.of(step("a"), cancels, step("c")), cancel));
        assertEquals(List.of("run a", "undo b with a token that is fresh", "undo a"), did);
    }

    @Test
    void aGuardIsFreedAtTheEndUnlessTheSiteIsStillDown() throws Exception {
        FakeGuard up = new FakeGuard();
        new Runner(events::add)
                .run(
                        List.of(Step.of("lock", "Lock", ctx -> {
                            ctx.keepAlive(up);
                            return Step.Done.ok();
                        })),
                        new CancelToken());
        assertEquals(1, up.released, "freed at the end of a good run");

        FakeGuard down = new FakeGuard();
        assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(
                        List.of(
                                Step.of("lock", "Lock", ctx -> {
                                    ctx.keepAlive(down);
                                    return Step.Done.ok();
                                }),
                                step("stop").opensWindow(),
                                failing("dump", "refused")),
                        new CancelToken()));
        assertEquals(0, down.released, "left armed: it starts what is still stopped");

        FakeGuard nothingToStart = new FakeGuard();
        nothingToStart.stops = false;
        assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(
                        List.of(
                                Step.of("lock", "Lock", ctx -> {
                                    ctx.keepAlive(nothingToStart);
                                    return Step.Done.ok();
                                }),
                                step("stop").opensWindow(),
                                failing("load", "refused")),
                        new CancelToken()));
        assertEquals(1, nothingToStart.released, "a guard with nothing to start only frees the lock");
    }

    @Test
    void anUndoThatStartsTheSiteAgainClosesTheWindowAndTheGuardIsFreed() {
        FakeGuard g = new FakeGuard();
        Step stop = Step.of("stop", "Stop", ctx -> Step.Done.ok()).opensWindow().undo(ctx -> ctx.window()
                .close(true));
        assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(
                        List.of(
                                Step.of("lock", "Lock", ctx -> {
                                    ctx.keepAlive(g);
                                    return Step.Done.ok();
                                }),
                                stop,
                                failing("dump", "refused")),
                        new CancelToken()));
        assertEquals(1, g.released);
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("site UP again")), lines().toString());
    }

    @Test
    void childrenRunSideBySideWithEventsAndRecordsOfTheirOwn() throws Exception {
        List<Step> kids = List.of(step("dump:a"), step("dump:b"), step("dump:c"));
        Step parent = Step.of("final", "Final", ctx -> {
                    ExecutorService pool = Executors.newFixedThreadPool(3);
                    try {
                        List<Future<Step.Done>> f = new ArrayList<>();
                        for (Step k : kids) {
                            f.add(pool.submit(() -> ctx.runChild(k)));
                        }
                        for (Future<Step.Done> x : f) {
                            x.get();
                        }
                    } catch (Exception e) {
                        throw new EngineException(e.getMessage(), e);
                    } finally {
                        pool.shutdown();
                    }
                    return Step.Done.ok();
                })
                .children(kids);
        Runner.Result r = new Runner(events::add).run(List.of(parent), new CancelToken());
        assertEquals(4, r.records().size());
        assertEquals(
                List.of("final", "dump:a", "dump:b", "dump:c"),
                PlannedStep.of(List.of(parent)).stream().map(PlannedStep::id).toList());
        assertTrue(did.containsAll(List.of("run dump:a", "run dump:b", "run dump:c")));
    }

    @Test
    void theRunLogGetsEveryEventOnceItsFileIsNamedButNoProgress() throws Exception {
        Path log = dir.resolve("run.log");
        new Runner(events::add)
                .run(
                        List.of(
                                Step.of("a", "A", ctx -> {
                                    ctx.log("before the file");
                                    ctx.logTo(log);
                                    ctx.bytes(5, 10);
                                    return Step.Done.ok();
                                }),
                                step("b")),
                        new CancelToken());
        String text = Files.readString(log);
        assertTrue(text.contains("[a] A"), text);
        assertTrue(text.contains("<step:a> before the file"), text);
        assertTrue(text.contains("[b] done in"), text);
        assertFalse(text.contains("5/10 bytes"), "progress is for the screen: " + text);
        assertTrue(events.stream().anyMatch(e -> e instanceof WorkflowEvent.Progress), "but it reached the listener");
    }

    @Test
    void theBoundaryHookSeesEveryStepBeforeAndAfterAndCanStopTheRun() {
        List<String> seen = new ArrayList<>();
        Runner.Boundaries b = new Runner.Boundaries() {
            @Override
            public void before(String s) throws EngineException {
                seen.add("before " + s);
                if (s.equals("c")) {
                    throw new EngineException("fault injected before c");
                }
            }

            @Override
            public void after(String s) {
                seen.add("after " + s);
            }
        };
        EngineException e = assertThrows(EngineException.class, () -> new Runner(events::add, b)
                .run(List.of(step("a"), step("b"), step("c")), new CancelToken()));
        assertEquals("fault injected before c", e.getMessage());
        assertEquals(List.of("before a", "after a", "before b", "after b", "before c"), seen);
        assertEquals(List.of("run a", "run b", "undo b", "undo a"), did);
    }

    @Test
    void aGuardWhoseHeartbeatIsLostStopsTheRunAtTheNextStep() {
        FakeGuard g = new FakeGuard();
        g.extendAnswer = false;
        Step waits = Step.of("wait", "Wait for a heartbeat", ctx -> {
            long until = System.nanoTime() + (Runner.HEARTBEAT_SECONDS + 3) * 1_000_000_000L;
            while (System.nanoTime() < until && g.extendedCount() == 0) {
                pause(20);
            }
            pause(50);
            return Step.Done.ok();
        });
        EngineException e = assertThrows(EngineException.class, () -> new Runner(events::add)
                .run(
                        List.of(
                                Step.of("lock", "Lock", ctx -> {
                                    ctx.keepAlive(g);
                                    return Step.Done.ok();
                                }),
                                waits,
                                step("after")),
                        new CancelToken()));
        assertTrue(e.getMessage().contains("guard on the server is not running any more"), e.getMessage());
        assertFalse(did.contains("run after"));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFaultPointStopsTheRunAtItsBoundaryUntilTheHarnessSaysGo() throws Exception {
        Path hand = dir.resolve("fault");
        Runner.Boundaries at =
                FaultPoint.fromEnvironment(java.util.Map.of(FaultPoint.AT, "after:b", FaultPoint.DIR, hand.toString()));
        java.util.concurrent.CompletableFuture<Runner.Result> ran =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new Runner(events::add, at)
                                .run(List.of(step("a"), step("b"), step("c")), new CancelToken());
                    } catch (EngineException e) {
                        throw new IllegalStateException(e);
                    }
                });
        long until = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(hand.resolve("reached")) && System.nanoTime() < until) {
            pause(20);
        }
        assertTrue(Files.readString(hand.resolve("reached")).startsWith("after:b "), "it says where it stopped");
        pause(300);
        assertFalse(ran.isDone(), "it waits for the harness");
        assertEquals(List.of("run a", "run b"), did);
        Files.writeString(hand.resolve("go"), "");
        assertEquals(
                3, ran.get(10, java.util.concurrent.TimeUnit.SECONDS).records().size());
        assertEquals(List.of("run a", "run b", "run c"), did);
    }

    @Test
    void aFaultPointDuringALongStepStopsItAtItsFirstReportOfThatManyBytes() throws Exception {
        Path hand = dir.resolve("fault-during");
        Files.createDirectories(hand);
        Files.writeString(hand.resolve("go"), ""); // the harness lets it go at once
        Runner.Boundaries at = FaultPoint.fromEnvironment(
                java.util.Map.of(FaultPoint.AT, "during:copy:1000", FaultPoint.DIR, hand.toString()));
        Step copy = Step.of("copy", "Copy", ctx -> {
            for (long b = 0; b <= 4000; b += 500) {
                ctx.bytes(b, 4000);
                did.add("at " + b + (Files.exists(hand.resolve("reached")) ? " after the point" : ""));
            }
            return Step.Done.ok();
        });
        new Runner(events::add, at).run(List.of(copy), new CancelToken());
        assertEquals(
                "during:copy:1000 " + ProcessHandle.current().pid(),
                Files.readString(hand.resolve("reached")).strip());
        assertEquals("at 500", did.get(1), "not before 1000 bytes");
        assertEquals("at 1000 after the point", did.get(2), "stopped at the first report of 1000 bytes");
    }

    @Test
    void noFaultPointUnlessTheEnvironmentNamesOne() {
        assertTrue(FaultPoint.fromEnvironment(java.util.Map.of()) == Runner.Boundaries.NONE);
        assertThrows(
                IllegalArgumentException.class,
                () -> FaultPoint.fromEnvironment(java.util.Map.of(FaultPoint.AT, "sometime", FaultPoint.DIR, "/tmp")));
    }
}
