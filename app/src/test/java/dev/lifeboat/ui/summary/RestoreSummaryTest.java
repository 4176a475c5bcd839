package dev.lifeboat.ui.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreSummaryTest {
    private final RestoreSummary summaries = new RestoreSummary(ZoneOffset.UTC);
    private final SummaryViewModel vm = new SummaryViewModel();
    private final FakeRestoreEngine engine = new FakeRestoreEngine();
    private Summary s;

    private void show(RestoreOutcome o) {
        s = summaries.of(o, engine);
        vm.show(s);
    }

    private String row(String key) {
        return s.rows().stream()
                .filter(r -> r.key().equals(key))
                .map(Summary.Row::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + s.rows()));
    }

    @Test
    void aRestoreThatMatchesSaysSoWithItsTimes() throws Exception {
        RestorePlan p = engine.plan(RestoreRequest.restore(FakeBackupEngine.stack(), engine.snapshot, true));
        show(new RestoreOutcome(
                p, new RestoreWorkflow.Result("papermerge", List.of(), 3_200, 75_500, true), null, null, 75_500));
        assertEquals("Restore complete", s.title());
        assertEquals("Papermerge on root@fake-server is back to the snapshot of 2026-12-01 09:15.", s.headline());
        assertEquals("every count matches the snapshot; the health check passed on root@fake-server", row("result"));
        assertEquals("2026-12-01 09:15  (20261201T091500Z)", row("snapshot"));
        assertEquals("3.2 s (files and dumps)", row("restore"));
        assertEquals("1 min 15 s", row("took"));
        assertTrue(s.problems().isEmpty());
        assertFalse(vm.canRollbackProperty().get());
        assertEquals(engine.snapshot.path(), s.folder());
        assertTrue(s.report().startsWith("Lifeboat restore report\n"));
    }

    @Test
    void aFailedDrillListsItsProblemsAndWhatItLeftBehind() throws Exception {
        RestorePlan p = engine.plan(RestoreRequest.drill(FakeBackupEngine.stack(), engine.snapshot));
        DrillRecord d = new DrillRecord(
                "2026-12-01T10:05:00Z",
                "root@fake-server",
                false,
                List.of("dump changed: dumps/postgres-pmdb.pgdump.zst"),
                3_100,
                12_400,
                List.of("folder /var/tmp/lifeboat-drill/x"));
        show(new RestoreOutcome(p, null, d, null, 12_400));
        assertEquals("Drill failed", s.title());
        assertFalse(s.good());
        assertEquals("FAILED", row("result"));
        assertEquals("folder /var/tmp/lifeboat-drill/x", row("left"));
        assertEquals(
                List.of(
                        "dump changed: dumps/postgres-pmdb.pgdump.zst",
                        "left behind: folder /var/tmp/lifeboat-drill/x"),
                s.problems());
    }

    @Test
    void aMigrationSaysWhereItRunsTheDowntimeAndRollsBackOnce() throws Exception {
        RestorePlan p = engine.plan(RestoreRequest.migrate(FakeBackupEngine.stack())
                .to(new FakeRestoreEngine.FakeTarget("root@srv-b"), "https://docs.example.org"));
        RestoreWorkflow.Result r = new RestoreWorkflow.Result("papermerge", List.of(), 3_000, 9_000, true);
        show(new RestoreOutcome(p, r, null, new MigrateWorkflow.Result(Path.of("/store/s1"), r, 6_400), 31_000));
        assertEquals("Migration complete", s.title());
        assertEquals("Papermerge now runs on root@srv-b.", s.headline());
        assertEquals("6.4 s (from the stop on root@fake-server to the health check on root@srv-b)", row("downtime"));
        assertEquals("https://docs.example.org (2 settings)", row("site-url"));
        assertEquals("root@fake-server: stopped, its data kept. Rollback starts it again.", row("source"));
        assertEquals(Path.of("/store/s1"), s.folder());
        assertEquals(
                "Roll back: start it on root@fake-server again", s.rollback().button());
        assertTrue(vm.canRollbackProperty().get());
        assertTrue(vm.canGoNextProperty().get());

        vm.rollbackStarted();
        assertFalse(vm.canRollbackProperty().get());
        assertFalse(vm.canGoNextProperty().get(), "no leaving a running rollback");
        assertEquals(
                "Starting Papermerge on root@fake-server again …",
                vm.rollbackTextProperty().get());
        vm.rollbackProgress("starting papermerge");
        assertEquals(
                "Rolling back: starting papermerge", vm.rollbackTextProperty().get());
        vm.rolledBack("HTTP GET / answered 502");
        assertTrue(vm.rollbackFailedProperty().get());
        assertEquals(
                "Papermerge was started again on root@fake-server, but its health check did not pass: HTTP GET /"
                        + " answered 502",
                vm.rollbackTextProperty().get());
        assertFalse(vm.canRollbackProperty().get(), "once");
    }
}
