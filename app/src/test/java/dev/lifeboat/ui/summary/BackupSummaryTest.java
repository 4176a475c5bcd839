package dev.lifeboat.ui.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import org.junit.jupiter.api.Test;

class BackupSummaryTest {
    @Test
    void theSummaryTellsPathSizeDowntimeDurationAndVerification() throws Exception {
        FakeBackupEngine engine = new FakeBackupEngine();
        BackupWorkflow.Result r = engine.run(FakeBackupEngine.plan(), ProgressListener.NONE, new CancelToken());
        Summary s = BackupSummary.of(r);
        assertEquals("Backup complete", s.title());
        assertEquals("Snapshot 20261201T091500Z of Papermerge on fake-server is complete.", s.headline());
        assertTrue(s.good());
        assertEquals(engine.snapshotDir.toString(), s.value("folder"));
        assertEquals(engine.snapshotDir, s.folder());
        assertEquals("4.2 s (the site passed its health check)", s.value("downtime"));
        assertEquals("42.0 s", s.value("took"));
        assertEquals("files: 310 files, 48 MB read; dumps: 1 dumps intact", s.value("verified"));
        assertTrue(s.value("size").contains("310 files"), s.value("size"));
        assertTrue(s.problems().isEmpty());
        assertNull(s.rollback(), "a backup has nothing to roll back");
        String report = s.report();
        assertTrue(report.contains("Site down: 4.2 s"), report);
        assertTrue(report.contains("Server: root@fake-server:22"), report);
        assertTrue(report.contains("Snapshot: " + engine.snapshotDir), report);
    }
}
