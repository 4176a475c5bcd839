package dev.lifeboat.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.EventQueue;
import dev.lifeboat.ui.run.RunViewModel.RunState;
import dev.lifeboat.ui.run.RunViewModel.StepState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RunViewModelTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:15:00Z");
    private final RunViewModel vm = new RunViewModel(ZoneOffset.UTC, 5);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private StepState state(String id) {
        return vm.steps().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .state();
    }

    @Test
    void everyPlannedStepStartsPendingAndFollowsItsEvents() {
        vm.start(FakeBackupEngine.plan(), T0);
        assertEquals(8, vm.steps().size());
        assertTrue(vm.steps().stream().allMatch(s -> s.state() == StepState.PENDING));
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "preflight", "Check"),
                new WorkflowEvent.StepFinished(at(2), "preflight", Duration.ofMillis(300), "locks taken"),
                new WorkflowEvent.StepStarted(at(2), "pre-sync", "Copy the files while the site runs")));
        assertEquals(StepState.DONE, state("preflight"));
        assertEquals("locks taken · 300 ms", vm.steps().get(0).detail());
        assertEquals(StepState.RUNNING, state("pre-sync"));
        assertEquals(
                "Copy the files while the site runs", vm.currentStepProperty().get());
        assertEquals("1 of 8 steps done", vm.overallTextProperty().get());
        assertEquals(1.0 / 8, vm.overallProgressProperty().get(), 1e-9);
        vm.apply(List.of(new WorkflowEvent.StepFailed(at(3), "pre-sync", "rsync said no")));
        assertEquals(StepState.FAILED, state("pre-sync"));
        assertEquals("rsync said no", vm.steps().get(1).detail());
    }

    @Test
    void aStepThePlanDidNotNameIsAddedToTheList() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(new WorkflowEvent.StepStarted(at(1), "hook:web", "Flush the cache")));
        assertEquals(9, vm.steps().size());
        assertEquals("Flush the cache", vm.steps().get(8).title());
    }

    @Test
    void progressOfTheRunningStepFeedsItsBarDetailAndEta() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "pre-sync", "Copy"),
                new WorkflowEvent.Progress(
                        at(2),
                        "pre-sync",
                        25 * 1024 * 1024,
                        OptionalLong.of(100 * 1024 * 1024),
                        WorkflowEvent.Unit.BYTES,
                        OptionalLong.of(65_000))));
        assertEquals(0.25, vm.currentProgressProperty().get(), 1e-9);
        assertEquals("25 MB of 100 MB", vm.currentDetailProperty().get());
        assertEquals("about 1 min 5 s left", vm.etaProperty().get());
        assertEquals(0.25 / 8, vm.overallProgressProperty().get(), 1e-9);
        vm.apply(List.of(new WorkflowEvent.StepFinished(at(3), "pre-sync", Duration.ofSeconds(2), "")));
        assertEquals("", vm.etaProperty().get(), "no ETA once the step is done");
    }

    @Test
    void progressOfAnotherStepDoesNotMoveTheCurrentBar() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "dump:papermerge", "Dump"),
                new WorkflowEvent.Progress(
                        at(2), "final-sync", 5, OptionalLong.of(10), WorkflowEvent.Unit.ITEMS, OptionalLong.empty())));
        assertEquals(-1, vm.currentProgressProperty().get(), 1e-9, "indeterminate until its own progress comes");
    }

    @Test
    void etaIsToldInWords() {
        assertEquals("", RunViewModel.etaText(OptionalLong.empty()));
        assertEquals("almost done", RunViewModel.etaText(OptionalLong.of(200)));
        assertEquals("about 12 s left", RunViewModel.etaText(OptionalLong.of(12_300)));
        assertEquals("about 3 min left", RunViewModel.etaText(OptionalLong.of(180_000)));
        assertEquals("about 2 h 5 min left", RunViewModel.etaText(OptionalLong.of((2 * 3600 + 5 * 60) * 1000L)));
    }

    @Test
    void logLinesGoToTheirSourceWithTheirTime() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.LogLine(at(5), "container:papermerge", "GET / 200"),
                new WorkflowEvent.LogLine(at(6), "step:stop", "stopping papermerge")));
        assertEquals(List.of("run", "container:papermerge", "step:stop"), vm.sources());
        assertEquals(List.of("09:15:05  GET / 200"), vm.linesOf("container:papermerge"));
        assertEquals("papermerge (container)", RunViewModel.sourceLabel("container:papermerge"));
        assertEquals("step stop", RunViewModel.sourceLabel("step:stop"));
        assertEquals("papermerge", RunViewModel.shortSourceLabel("container:papermerge"));
        assertEquals("Run", RunViewModel.shortSourceLabel("run"));
        assertTrue(vm.linesOf("run").isEmpty(), "log lines are not repeated in the run's own log");
    }

    @Test
    void eachSourceKeepsOnlyItsNewestLines() {
        vm.start(FakeBackupEngine.plan(), T0);
        for (int i = 0; i < 4; i++) {
            vm.apply(List.of(
                    new WorkflowEvent.LogLine(at(i), "container:web", "a" + i),
                    new WorkflowEvent.LogLine(at(i), "container:web", "b" + i)));
        }
        List<String> kept = vm.linesOf("container:web");
        assertEquals(5, kept.size());
        assertTrue(kept.get(0).endsWith("b1"), kept.toString());
        assertTrue(kept.get(4).endsWith("b3"), kept.toString());
        assertEquals(3, vm.linesDropped());
    }

    @Test
    void aBatchLargerThanTheBoundKeepsItsNewestLinesOnly() {
        vm.start(FakeBackupEngine.plan(), T0);
        List<WorkflowEvent> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            burst.add(new WorkflowEvent.LogLine(at(1), "container:web", "line " + i));
        }
        vm.apply(burst);
        assertEquals(5, vm.linesOf("container:web").size());
        assertTrue(vm.linesOf("container:web").get(4).endsWith("line 999"));
    }

    @Test
    void theDefaultBoundIsTenThousandLinesPerSource() {
        RunViewModel big = new RunViewModel();
        big.start(FakeBackupEngine.plan(), T0);
        List<WorkflowEvent> burst = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            burst.add(new WorkflowEvent.LogLine(at(1), "container:web", "line " + i));
        }
        big.apply(burst.subList(0, 12_000));
        big.apply(burst.subList(12_000, 25_000));
        assertEquals(
                RunViewModel.MAX_LINES_PER_SOURCE, big.linesOf("container:web").size());
    }

    @Test
    void theFilterShowsMatchingLinesOfTheChosenSource() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.LogLine(at(1), "container:web", "GET /a 200"),
                new WorkflowEvent.LogLine(at(1), "container:web", "POST /b 500"),
                new WorkflowEvent.LogLine(at(1), "container:web", "GET /c 200")));
        vm.selectedSourceProperty().set("container:web");
        assertEquals(3, vm.logs().shown().size());
        vm.filterProperty().set("get");
        assertEquals(2, vm.logs().shown().size());
        vm.apply(List.of(new WorkflowEvent.LogLine(at(2), "container:web", "GET /d 200")));
        assertEquals(3, vm.logs().shown().size(), "new lines are filtered too");
        vm.filterProperty().set("");
        assertEquals(4, vm.logs().shown().size());
    }

    @Test
    void theRunsOwnLogTellsStepsAndWarnings() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "stop", "Stop 2 containers"),
                new WorkflowEvent.Warning(at(2), "disk nearly full")));
        assertEquals(
                List.of("09:15:01  [stop] Stop 2 containers", "09:15:02  warning: disk nearly full"),
                vm.linesOf("run"));
        assertEquals(List.of("disk nearly full"), vm.warnings());
    }

    @Test
    void theDowntimeClockRunsOnlyWhileTheSiteIsDown() {
        vm.start(FakeBackupEngine.plan(), T0);
        assertEquals("The site is up.", vm.downtimeTextProperty().get());
        vm.apply(List.of(new WorkflowEvent.DowntimeStarted(at(10))));
        assertTrue(vm.siteDownProperty().get());
        vm.tick(at(13));
        assertEquals("Site down for 0:03", vm.downtimeTextProperty().get());
        vm.tick(at(75));
        assertEquals("Site down for 1:05", vm.downtimeTextProperty().get());
        vm.apply(List.of(new WorkflowEvent.DowntimeEnded(at(76), Duration.ofMillis(66_200), true)));
        assertFalse(vm.siteDownProperty().get());
        vm.tick(at(90));
        assertEquals(
                "Site was down 66.2 s; it is up again.",
                vm.downtimeTextProperty().get());
        vm.tick(at(30));
        assertEquals("Running for 0:30", vm.elapsedTextProperty().get());
    }

    @Test
    void anUnhealthyEndIsSaid() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(
                new WorkflowEvent.DowntimeStarted(at(1)),
                new WorkflowEvent.DowntimeEnded(at(9), Duration.ofMillis(8_000), false)));
        assertEquals(
                "Site was down 8.0 s; its health check did not pass in time.",
                vm.downtimeTextProperty().get());
    }

    @Test
    void cancelSaysWhatItWillDoBeforeDuringAndAfterTheWindow() {
        vm.start(FakeBackupEngine.plan(), T0);
        assertTrue(
                vm.cancelTextProperty().get().contains("the site stays up"),
                vm.cancelTextProperty().get());
        vm.apply(List.of(new WorkflowEvent.DowntimeStarted(at(1))));
        assertTrue(
                vm.cancelTextProperty().get().contains("starts the stopped containers again"),
                vm.cancelTextProperty().get());
        vm.apply(List.of(new WorkflowEvent.DowntimeEnded(at(5), Duration.ofSeconds(4), true)));
        assertTrue(
                vm.cancelTextProperty().get().contains("already up again"),
                vm.cancelTextProperty().get());
    }

    @Test
    void cancellingWhileDownEndsAsCancelledWithTheSiteUp() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.apply(List.of(new WorkflowEvent.DowntimeStarted(at(1))));
        assertTrue(vm.canCancelProperty().get());
        vm.cancelRequested();
        assertEquals(RunState.CANCELLING, vm.stateProperty().get());
        assertFalse(vm.canCancelProperty().get(), "one cancel is enough");
        assertTrue(vm.runningProperty().get(), "still running until the engine has started the site again");
        assertEquals(
                "Cancelling: starting the stopped containers again …",
                vm.messageProperty().get());
        vm.apply(List.of(new WorkflowEvent.DowntimeEnded(at(6), Duration.ofSeconds(5), true)));
        vm.cancelled(at(7));
        assertEquals(RunState.CANCELLED, vm.stateProperty().get());
        assertFalse(vm.runningProperty().get());
        assertEquals(
                "Backup cancelled. The site is up again.", vm.messageProperty().get());
        assertFalse(vm.finishedProperty().get(), "no summary for a cancelled run");
        assertNull(vm.result());
    }

    @Test
    void aFailureBeforeTheWindowSaysNothingWasStopped() {
        vm.start(FakeBackupEngine.plan(), T0);
        vm.failed("the store is locked", at(2));
        assertEquals(RunState.FAILED, vm.stateProperty().get());
        assertEquals(
                "The backup failed: the store is locked Nothing was stopped on the server.",
                vm.messageProperty().get());
    }

    @Test
    void eventsQueuedFromManyThreadsAreDrainedInBatches() throws Exception {
        EventQueue q = new EventQueue();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            int n = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    q.on(new WorkflowEvent.LogLine(T0, "container:c" + n, "l" + i));
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(15_000, q.drain(15_000).size());
        assertEquals(5_000, q.drain(15_000).size());
        assertTrue(q.isEmpty());
    }

    @Test
    void theQueueSkipsLogLinesPastItsBoundButKeepsEveryOtherEvent() {
        EventQueue q = new EventQueue(3);
        for (int i = 0; i < 5; i++) {
            q.on(new WorkflowEvent.LogLine(T0, "container:web", "l" + i));
        }
        q.on(new WorkflowEvent.DowntimeStarted(T0));
        assertEquals(4, q.size());
        assertEquals(2, q.skippedLogLines());
        List<WorkflowEvent> drained = q.drain(100);
        assertEquals(4, drained.size());
        assertTrue(drained.get(3) instanceof WorkflowEvent.DowntimeStarted, "never skipped");
        q.on(new WorkflowEvent.LogLine(T0, "container:web", "after the drain"));
        assertEquals(1, q.size(), "room again once drained");
        assertEquals(2, q.skippedLogLines());
    }

    private static final List<PlannedStep> RESTORE_STEPS = List.of(
            new PlannedStep("preflight", "Check the target", false, List.of()),
            new PlannedStep("stop", "Stop what runs", true, List.of()),
            new PlannedStep("files", "Put the files back", true, List.of()),
            new PlannedStep("health", "Health check", true, List.of()),
            new PlannedStep("compare", "Compare", false, List.of()),
            new PlannedStep("cleanup", "Remove what was kept aside", false, List.of()));

    @Test
    void aRestoreIsDownFromItsStopStepUntilItsHealthCheckPasses() {
        vm.start(RunKind.RESTORE, "Papermerge", RESTORE_STEPS, T0);
        assertEquals("Restoring Papermerge …", vm.messageProperty().get());
        assertEquals("Cancel restore", vm.cancelButtonTextProperty().get());
        assertTrue(vm.cancelTextProperty().get().contains("Nothing has been stopped yet"));
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "preflight", "Check the target"),
                new WorkflowEvent.StepFinished(at(2), "preflight", Duration.ofMillis(900), "ready"),
                new WorkflowEvent.StepStarted(at(2), "stop", "Stop what runs of papermerge")));
        assertTrue(vm.siteDownProperty().get());
        assertTrue(
                vm.cancelTextProperty().get().contains("stays stopped"),
                vm.cancelTextProperty().get());
        vm.tick(at(9));
        assertEquals("Site down for 0:07", vm.downtimeTextProperty().get());
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(10), "health", "HTTP GET /"),
                new WorkflowEvent.StepFinished(at(14), "health", Duration.ofSeconds(4), "up")));
        assertFalse(vm.siteDownProperty().get());
        assertEquals(
                "Site was down 12.0 s; it is up again.",
                vm.downtimeTextProperty().get());
        vm.succeeded("Restore complete: every count matches the snapshot.", true, at(15));
        assertTrue(vm.finishedProperty().get());
        assertEquals(StepState.SKIPPED, state("files"), "a planned step that never ran");
        assertNull(vm.result(), "the backup result is only a backup's");
    }

    @Test
    void aRestoreThatFailsWhileDownSaysTheApplicationStaysStopped() {
        vm.start(RunKind.RESTORE, "Papermerge", RESTORE_STEPS, T0);
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "stop", "Stop"),
                new WorkflowEvent.StepFinished(at(2), "stop", Duration.ofSeconds(1), "1 stopped"),
                new WorkflowEvent.StepStarted(at(2), "files", "Put the files back"),
                new WorkflowEvent.StepFailed(at(3), "files", "rsync: connection reset")));
        vm.failed("rsync: connection reset", at(4));
        assertTrue(vm.messageProperty()
                .get()
                .startsWith("The restore failed: rsync: connection reset The"
                        + " application stays stopped: restoring this snapshot again finishes the job"));
        assertEquals(
                "The site is down: the restore stopped it.",
                vm.downtimeTextProperty().get());
        assertFalse(vm.goodProperty().get());
    }

    @Test
    void repeatedStepIdsOfAMigrationFillTheirRowsInOrder() {
        vm.start(
                RunKind.MIGRATION,
                "Papermerge",
                List.of(
                        new PlannedStep("preflight", "Check and take the locks", false, List.of()),
                        new PlannedStep("stop", "Stop 1 container", true, List.of()),
                        new PlannedStep("preflight", "Check the new server", true, List.of()),
                        new PlannedStep("health", "Health check on the new server", true, List.of())),
                T0);
        vm.apply(List.of(
                new WorkflowEvent.StepStarted(at(1), "preflight", "Check and take the locks"),
                new WorkflowEvent.StepFinished(at(2), "preflight", Duration.ofMillis(100), "locks taken"),
                new WorkflowEvent.StepStarted(at(2), "stop", "Stop 1 container"),
                new WorkflowEvent.DowntimeStarted(at(2)),
                new WorkflowEvent.StepFinished(at(3), "stop", Duration.ofMillis(100), "1 stopped"),
                new WorkflowEvent.StepStarted(at(4), "preflight", "Check the target")));
        assertEquals(4, vm.steps().size(), vm.steps().toString());
        assertEquals(StepState.DONE, vm.steps().get(0).state());
        assertEquals(StepState.RUNNING, vm.steps().get(2).state());
        assertTrue(vm.cancelTextProperty().get().contains("starts the old server's application again"));
        vm.failed("compose up failed", at(6));
        assertTrue(
                vm.messageProperty()
                        .get()
                        .endsWith("The application was started again on the old server: check"
                                + " that the site answers."),
                vm.messageProperty().get());
        assertFalse(vm.siteDownProperty().get());
        assertEquals(
                "Site was down 0:04; started again on the old server.",
                vm.downtimeTextProperty().get());
        assertEquals(StepState.FAILED, vm.steps().get(2).state(), "the step that ran when it stopped");
    }

    @Test
    void aDrillLeavesTheLiveSiteAloneAndSaysSo() {
        vm.start(RunKind.DRILL, "Papermerge", List.of(new PlannedStep("verify", "Verify", false, List.of())), T0);
        assertEquals("The live site is not touched.", vm.downtimeTextProperty().get());
        assertEquals(
                "Cancel stops the drill and removes its copy. The live site is not touched.",
                vm.cancelTextProperty().get());
        vm.cancelRequested();
        assertEquals(
                "Cancelling: removing the drill's copy …", vm.messageProperty().get());
        vm.cancelled("Drill cancelled; its copy was removed.", at(3));
        assertEquals(
                "Drill cancelled; its copy was removed. The live site was not touched.",
                vm.messageProperty().get());
    }

    @Test
    void aDurationReadsAsAClock() {
        assertEquals("0:07", RunViewModel.clockText(Duration.ofSeconds(7)));
        assertEquals("12:05", RunViewModel.clockText(Duration.ofSeconds(725)));
        assertEquals("1:02:03", RunViewModel.clockText(Duration.ofSeconds(3723)));
    }
}
