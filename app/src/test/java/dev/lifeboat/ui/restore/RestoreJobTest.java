package dev.lifeboat.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.run.RunJob;
import dev.lifeboat.ui.run.RunKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreJobTest {
    private final FakeRestoreEngine engine = new FakeRestoreEngine();

    private RestorePlan plan(RestoreRequest r) throws Exception {
        return engine.plan(r);
    }

    private static List<String> ids(List<PlannedStep> steps) {
        return steps.stream().map(PlannedStep::id).toList();
    }

    @Test
    void aRestoreListsTheWorkflowsStepsAndTheSiteIsDownFromTheStopToTheHealthCheck() throws Exception {
        RestoreJob job =
                new RestoreJob(engine, plan(RestoreRequest.restore(FakeBackupEngine.stack(), engine.snapshot, true)));
        assertEquals(RunKind.RESTORE, job.kind());
        List<PlannedStep> s = job.steps();
        assertEquals(
                List.of(
                        "preflight",
                        "stop",
                        "empty",
                        "files",
                        "create",
                        "databases",
                        "load",
                        "start",
                        "health",
                        "compare",
                        "cleanup"),
                ids(s));
        assertEquals(
                List.of(false, true, true, true, true, true, true, true, true, false, false),
                s.stream().map(PlannedStep::siteDown).toList());
    }

    @Test
    void aDrillVerifiesFirstComparesTheFilesAndRemovesItsCopy() throws Exception {
        RestoreJob job = new RestoreJob(engine, plan(RestoreRequest.drill(FakeBackupEngine.stack(), engine.snapshot)));
        List<String> ids = ids(job.steps());
        assertEquals("verify", ids.get(0));
        assertTrue(ids.containsAll(List.of("check-files", "compose")));
        assertFalse(ids.contains("stop"), "the live site is not stopped");
        assertFalse(ids.contains("cleanup"));
        assertEquals("remove", ids.get(ids.size() - 1));
        assertTrue(job.steps().stream().noneMatch(PlannedStep::siteDown));
    }

    @Test
    void aMigrationListsTheBackupWithoutItsStartThenTheRestoreAllDownUntilTheNewHealthCheck() throws Exception {
        RestoreRequest r = RestoreRequest.migrate(FakeBackupEngine.stack())
                .to(new FakeRestoreEngine.FakeTarget("root@srv-b"), "https://docs.example.org");
        RestoreJob job = new RestoreJob(engine, plan(r));
        List<PlannedStep> s = job.steps();
        List<String> ids = ids(s);
        assertEquals(List.of("target:check", "direct", "preflight", "pre-sync"), ids.subList(0, 4));
        assertFalse(ids.contains("start"), "the old server stays stopped: " + ids);
        assertTrue(ids.containsAll(List.of("leave-stopped", "target:start", "target:site-url")), ids.toString());
        int stop = ids.indexOf("stop");
        int health = ids.indexOf("target:health");
        for (int i = 0; i < s.size(); i++) {
            assertEquals(i >= stop && i <= health, s.get(i).siteDown(), s.get(i).toString());
        }
    }

    @Test
    void theEndingSaysWhetherTheResultIsGoodNews() throws Exception {
        RestorePlan p = plan(RestoreRequest.restore(FakeBackupEngine.stack(), engine.snapshot, true));
        RestoreJob job = new RestoreJob(engine, p);
        RunJob.Ending ok = job.ending(
                new RestoreOutcome(p, new RestoreWorkflow.Result("papermerge", List.of(), 1, 2, true), null, null, 2),
                false);
        assertTrue(ok.good());
        assertEquals(
                "Restore complete: Papermerge runs again on root@fake-server and every count matches the snapshot.",
                ok.message());
        RunJob.Ending bad = job.ending(
                new RestoreOutcome(
                        p, new RestoreWorkflow.Result("papermerge", List.of("a", "b"), 1, 2, false), null, null, 2),
                false);
        assertFalse(bad.good());
        assertEquals(
                "The restore ran, but it does not match the snapshot (2 differences; the health check did not pass)."
                        + " The Summary lists what differs.",
                bad.message());

        RestorePlan d = plan(RestoreRequest.drill(FakeBackupEngine.stack(), engine.snapshot));
        DrillRecord cut =
                new DrillRecord("2026-12-01T10:00:00Z", "root@x", false, List.of("Cancelled."), 0, 1, List.of());
        RunJob.Ending cancelled = new RestoreJob(engine, d).ending(new RestoreOutcome(d, null, cut, null, 1), true);
        assertTrue(cancelled.cancelled(), "a drill that was cancelled returns its record: still cancelled");

        RestorePlan m = plan(RestoreRequest.migrate(FakeBackupEngine.stack())
                .to(new FakeRestoreEngine.FakeTarget("root@srv-b"), null));
        RestoreWorkflow.Result res = new RestoreWorkflow.Result("papermerge", List.of(), 1, 2, true);
        RunJob.Ending moved = new RestoreJob(engine, m)
                .ending(
                        new RestoreOutcome(m, res, null, new MigrateWorkflow.Result(Path.of("/s"), res, 6_400), 9),
                        false);
        assertEquals("Migration complete: Papermerge runs on root@srv-b; the site was down 6.4 s.", moved.message());
    }
}
