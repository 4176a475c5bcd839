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
import dev.lifeboat.ui.summary.RestoreSummaryViewModel.Row;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreSummaryViewModelTest {
    private final RestoreSummaryViewModel vm = new RestoreSummaryViewModel(ZoneOffset.UTC);
    private final FakeRestoreEngine engine = new FakeRestoreEngine();

    private String row(String key) {
        return vm.rows().stream()
                .filter(r -> r.key().equals(key))
                .map(Row::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + vm.rows()));
    }

    @Test
    void aRestoreThatMatchesSaysSoWithItsTimes() throws Exception {
        RestorePlan p = engine.plan(RestoreRequest.restore(FakeBackupEngine.stack(), engine.snapshot, true));
        vm.show(new RestoreOutcome(
                p, new RestoreWorkflow.Result("papermerge", List.of(), 3_200, 75_500, true), null, null, 75_500));
        assertEquals("Restore complete", vm.title());
        assertEquals(
                "Papermerge on root@fake-server is back to the snapshot of 2026-12-01 09:15.",
                vm.headlineProperty().get());
        assertEquals("every count matches the snapshot; the health check passed on root@fake-server", row("result"));
        assertEquals("2026-12-01 09:15  (20261201T091500Z)", row("snapshot"));
        assertEquals("3.2 s (files and dumps)", row("restore"));
        assertEquals("1 min 15 s", row("took"));
        assertTrue(vm.problems().isEmpty());
        assertFalse(vm.canRollbackProperty().get());
        assertEquals(engine.snapshot.path(), vm.snapshotProperty().get());
        assertTrue(vm.reportProperty().get().startsWith("Lifeboat restore report\n"));
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
        vm.show(new RestoreOutcome(p, null, d, null, 12_400));
        assertEquals("Drill failed", vm.title());
        assertFalse(vm.goodProperty().get());
        assertEquals("FAILED", row("result"));
        assertEquals("folder /var/tmp/lifeboat-drill/x", row("left"));
        assertEquals(
                List.of(
                        "dump changed: dumps/postgres-pmdb.pgdump.zst",
                        "left behind: folder /var/tmp/lifeboat-drill/x"),
                vm.problems());
    }

    @Test
    void aMigrationSaysWhereItRunsTheDowntimeAndRollsBackOnce() throws Exception {
        RestorePlan p = engine.plan(RestoreRequest.migrate(FakeBackupEngine.stack())
                .to(new FakeRestoreEngine.FakeTarget("root@srv-b"), "https://docs.example.org"));
        RestoreWorkflow.Result r = new RestoreWorkflow.Result("papermerge", List.of(), 3_000, 9_000, true);
        vm.show(new RestoreOutcome(p, r, null, new MigrateWorkflow.Result(Path.of("/store/s1"), r, 6_400), 31_000));
        assertEquals("Migration complete", vm.title());
        assertEquals("Papermerge now runs on root@srv-b.", vm.headlineProperty().get());
        assertEquals("6.4 s (from the stop on root@fake-server to the health check on root@srv-b)", row("downtime"));
        assertEquals("https://docs.example.org (2 settings)", row("site-url"));
        assertEquals("root@fake-server: stopped, its data kept. Rollback starts it again.", row("source"));
        assertEquals(Path.of("/store/s1"), vm.snapshotProperty().get());
        assertTrue(vm.canRollbackProperty().get());

        vm.rollbackStarted();
        assertFalse(vm.canRollbackProperty().get());
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
