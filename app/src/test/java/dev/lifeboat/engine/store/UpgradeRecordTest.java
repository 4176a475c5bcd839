package dev.lifeboat.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeRecordTest {
    @TempDir
    Path snapshot;

    @Test
    void theWayBackIsKeptBesideTheSnapshotReadableByItsOwnerOnly() throws Exception {
        UpgradeRecord r = new UpgradeRecord(
                "2026-12-07T05:11:13Z",
                "3.6.0a16",
                "3.6.0",
                "papermerge",
                List.of(
                        new UpgradeRecord.FileBefore("/opt/app/.env", "DB_PASSWORD=secret\nIMAGE_TAG=3.6.0a16\n"),
                        new UpgradeRecord.FileBefore("/opt/app/config/__old-version", null)),
                "running");
        r.write(snapshot);
        Path f = snapshot.resolve(UpgradeRecord.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertFalse(Files.exists(snapshot.resolve(UpgradeRecord.FILE + ".partial")));

        r.withOutcome("upgraded").write(snapshot);
        UpgradeRecord back = UpgradeRecord.read(snapshot).orElseThrow();
        assertEquals("upgraded", back.outcome());
        assertEquals("3.6.0a16", back.from());
        assertEquals(
                "DB_PASSWORD=secret\nIMAGE_TAG=3.6.0a16\n", back.files().get(0).before());
        assertNull(back.files().get(1).before(), "a file the upgrade made is removed by the way back");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aSnapshotWithoutOneOrWithAnUnreadableOneHasNone() throws Exception {
        assertTrue(UpgradeRecord.read(snapshot).isEmpty());
        Files.writeString(snapshot.resolve(UpgradeRecord.FILE), "{not json");
        assertTrue(UpgradeRecord.read(snapshot).isEmpty());
    }
}
