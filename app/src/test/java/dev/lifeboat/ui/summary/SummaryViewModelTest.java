package dev.lifeboat.ui.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import org.junit.jupiter.api.Test;

class SummaryViewModelTest {
    @Test
    void theSummaryTellsPathSizeDowntimeDurationAndVerification() throws Exception {
        FakeBackupEngine engine = new FakeBackupEngine();
        BackupWorkflow.Result r = engine.run(FakeBackupEngine.plan(), ProgressListener.NONE, new CancelToken());
        SummaryViewModel vm = new SummaryViewModel();
        vm.show(r);
        assertEquals(
                "Snapshot 20261201T091500Z of Papermerge on fake-server is complete.",
                vm.headlineProperty().get());
        assertEquals(engine.snapshotDir.toString(), vm.pathProperty().get());
        assertEquals(
                "4.2 s (the site passed its health check)",
                vm.downtimeProperty().get());
        assertEquals("42.0 s", vm.durationProperty().get());
        assertEquals(
                "files: 310 files, 48 MB read; dumps: 1 dumps intact",
                vm.verificationProperty().get());
        assertTrue(
                vm.sizeProperty().get().contains("310 files"), vm.sizeProperty().get());
        String report = vm.reportProperty().get();
        assertTrue(report.contains("Site down: 4.2 s"), report);
        assertTrue(report.contains("Server: root@fake-server:22"), report);
        assertTrue(report.contains("Snapshot: " + engine.snapshotDir), report);
    }
}
