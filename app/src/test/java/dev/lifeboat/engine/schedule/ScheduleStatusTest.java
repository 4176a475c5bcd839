package dev.lifeboat.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status of a scheduled application from its records: ok, failed, overdue, skipped runs, notifier warnings. */
class ScheduleStatusTest {
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    @TempDir
    Path state;

    /** A daily calendar at 03:00 UTC, computed as cron reads it, from NOW. */
    static List<ZonedDateTime> next(RunCalendar c, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime t = NOW.atZone(ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            t = c.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    static RunRecord record(String kind, RunRecord.Outcome o, Instant ended, String message, String... warnings) {
        return new RunRecord(
                "s",
                kind,
                ended.minusSeconds(60).toString(),
                ended.toString(),
                o,
                message,
                "up",
                "/store/h/app/x",
                "/store/h/app",
                1000,
                10,
                1200,
                60_000,
                List.of(warnings));
    }

    Schedule schedule(String created) {
        return new Schedule(
                "s",
                "p",
                null,
                "daily 03:00",
                "weekly Sun 04:00",
                null,
                List.of(),
                SchedulerKind.SYSTEMD_USER,
                "/k",
                null,
                null,
                created,
                false);
    }

    @Test
    void aGoodBackupLastNightAndAPassedDrillAreOk() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        h.add(record("backup", RunRecord.Outcome.OK, Instant.parse("2026-12-10T03:01:00Z"), "snapshot ok"));
        h.add(record("drill", RunRecord.Outcome.OK, Instant.parse("2026-12-06T04:05:00Z"), "passed"));
        ScheduleStatus st = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"), h, Optional.empty(), Optional.empty(), NOW, ScheduleStatusTest::next);
        assertEquals("ok", st.state(), st.problems().toString());
        assertEquals(Duration.ofMinutes(8 * 60 + 59), st.lastBackup().age(NOW));
        assertEquals("2026-12-11T03:00Z", st.nextBackup().toString());
        assertEquals("2026-12-13T04:00Z", st.nextDrill().toString());
        assertTrue(st.problems().isEmpty());
    }

    @Test
    void aFailedBackupIsFailedAndSaysWhyAndAChannelThatCouldNotBeToldIsShown() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        h.add(record("backup", RunRecord.Outcome.OK, Instant.parse("2026-12-09T03:01:00Z"), "snapshot ok"));
        h.add(record(
                "backup",
                RunRecord.Outcome.FAILED,
                Instant.parse("2026-12-10T03:00:20Z"),
                "srv-a could not be reached",
                "hc (healthchecks) could not be told: refused"));
        ScheduleStatus st = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"), h, Optional.empty(), Optional.empty(), NOW, ScheduleStatusTest::next);
        assertEquals("failed", st.state());
        assertTrue(
                st.problems().get(0).contains("FAILED") && st.problems().get(0).contains("could not be reached"),
                st.problems().toString());
        assertEquals(List.of("backup: hc (healthchecks) could not be told: refused"), st.notifyWarnings());
        assertTrue(st.backupOverdue(), "33 h after the last good backup it is late too; the state says failed");
    }

    @Test
    void aBackupOlderThanItsPeriodAndAGraceIsOverdueEvenWhenOnlySkippedRunsCameSince() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        h.add(record("backup", RunRecord.Outcome.OK, Instant.parse("2026-12-09T05:00:00Z"), "snapshot ok"));
        h.add(record("backup", RunRecord.Outcome.SKIPPED, Instant.parse("2026-12-10T03:00:01Z"), "Skipped"));
        ScheduleStatus st = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"),
                h,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-12-10T07:00:01Z"),
                ScheduleStatusTest::next);
        assertEquals("overdue", st.state(), st.problems().toString());
        assertTrue(st.backupOverdue());
        // 26 h after the last good backup: the day and a grace of two hours; one second before it is not late.
        ScheduleStatus before = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"),
                h,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-12-10T07:00:00Z"),
                ScheduleStatusTest::next);
        assertFalse(before.backupOverdue(), before.problems().toString());
    }

    @Test
    void aManualBackupInTheStoreCountsAndADrillThatDidNotPassIsFailed() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        ScheduleStatus st = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"),
                h,
                Optional.of(new ScheduleStatus.Seen(Instant.parse("2026-12-10T09:00:00Z"), true, "/x", "manual")),
                Optional.of(new ScheduleStatus.Seen(
                        Instant.parse("2026-12-06T04:09:00Z"),
                        false,
                        "/x",
                        "postgres-pmdb: 4 rows in the snapshot, 3 after the restore")),
                NOW,
                ScheduleStatusTest::next);
        assertEquals("failed", st.state());
        assertEquals(Duration.ofHours(3), st.lastBackup().age(NOW));
        assertTrue(
                st.problems().stream().anyMatch(p -> p.contains("did NOT pass") && p.contains("3 after")),
                st.problems().toString());
    }

    @Test
    void aNewScheduleWaitsAndAPausedOneHasNoNextRun() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        ScheduleStatus fresh = ScheduleStatus.of(
                schedule("2026-12-10T11:00:00Z"), h, Optional.empty(), Optional.empty(), NOW, ScheduleStatusTest::next);
        assertEquals("waiting", fresh.state());
        ScheduleStatus paused = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z").withPaused(true),
                h,
                Optional.empty(),
                Optional.empty(),
                NOW,
                ScheduleStatusTest::next);
        assertEquals("paused", paused.state());
        assertEquals(null, paused.nextBackup());
        ScheduleStatus late = ScheduleStatus.of(
                schedule("2026-12-01T00:00:00Z"), h, Optional.empty(), Optional.empty(), NOW, ScheduleStatusTest::next);
        assertEquals("overdue", late.state(), "no backup in nine days of a daily schedule");
    }

    @Test
    void theRunLockLetsOneRunOfAScheduleAtATimeAndSaysWhoHoldsIt() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        StringBuilder held = new StringBuilder();
        try (RunHistory.RunLock first =
                h.tryLock("backup started at 03:00 by process 42", held).orElseThrow()) {
            assertTrue(h.tryLock("drill", held).isEmpty());
            assertEquals("backup started at 03:00 by process 42", held.toString());
        }
        try (RunHistory.RunLock again = h.tryLock("drill", new StringBuilder()).orElseThrow()) {
            assertTrue(again != null);
        }
    }

    @Test
    void theHistoryKeepsTheNewestRecords() throws Exception {
        RunHistory h = new RunHistory(state, "s");
        for (int i = 0; i < RunHistory.KEEP + 5; i++) {
            h.add(record("backup", RunRecord.Outcome.OK, NOW.plusSeconds(i), "run " + i));
        }
        assertEquals(RunHistory.KEEP, h.all().size());
        assertEquals(
                "run " + (RunHistory.KEEP + 4),
                h.last(Schedule.Kind.BACKUP).orElseThrow().message());
    }
}
