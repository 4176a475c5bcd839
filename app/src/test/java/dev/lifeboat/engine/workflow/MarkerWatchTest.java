package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** When a dump has taken its snapshot, by its first bytes. */
class MarkerWatchTest {
    private static boolean feed(BackupDumps.MarkerWatch w, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return w.feed(b, 0, b.length);
    }

    @Test
    void theMarkerMayArriveSplitOverChunksAndIsToldOnce() {
        BackupDumps.MarkerWatch w = new BackupDumps.MarkerWatch("\nCREATE DATABASE");
        assertFalse(feed(w, "-- MariaDB dump 10.19\n-- Host: localhost\n"));
        assertFalse(w.seen(), "the header comes before the transaction");
        assertFalse(feed(w, "/*!40101 SET NAMES utf8mb4 */;\nCREATE DATA"));
        assertTrue(feed(w, "BASE /*!32312 IF NOT EXISTS*/ `db`;\n"));
        assertTrue(w.seen());
        assertFalse(feed(w, "\nCREATE DATABASE again"), "told once");
    }

    @Test
    void anEmptyMarkerIsTheFirstByteAndNoMarkerIsNever() {
        BackupDumps.MarkerWatch first = new BackupDumps.MarkerWatch("");
        assertTrue(feed(first, "P"));
        BackupDumps.MarkerWatch never = new BackupDumps.MarkerWatch(null);
        assertFalse(feed(never, "anything at all"));
        assertFalse(never.seen());
    }
}
