package dev.lifeboat.ui.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.ui.wizard.SidebarSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleRowTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z"); // a Monday
    private static final ZonedDateTime TOMORROW_3 = ZonedDateTime.parse("2026-12-08T03:00:00Z");
    private static final ZonedDateTime SUNDAY_4 = ZonedDateTime.parse("2026-12-13T04:00:00Z");

    private static ScheduleStatus status(
            Schedule s, String state, RunRecord lastRun, ScheduleStatus.Seen drill, boolean overdue) {
        return new ScheduleStatus(
                s,
                state,
                new ScheduleStatus.Seen(NOW.minus(Duration.ofHours(30)), true, "/store/x", "ok"),
                lastRun,
                drill,
                s.paused() ? null : TOMORROW_3,
                s.paused() ? null : SUNDAY_4,
                overdue,
                false,
                List.of("the engine's own words"),
                List.of("mail: connection refused"));
    }

    @Test
    void aFailedBackupIsSaidInTheWindowsWordsWithWhenAndWhatFailed() {
        Schedule s = FakeScheduleEngine.schedule("lab-overleaf", "lab", "/srv/overleaf", false);
        RunRecord failed = FakeScheduleEngine.backup("lab-overleaf", NOW, 0, RunRecord.Outcome.FAILED, 0, 0);
        ScheduleRow r = ScheduleRow.of(status(s, "failed", failed, null, false), NOW, UTC);
        assertEquals("FAILED", r.state());
        assertEquals("failed", r.tone());
        assertEquals("FAILED\n29 min ago", r.lastBackup(), "it ended 40 s after it began, 30 min ago");
        assertEquals("none yet", r.lastDrill());
        assertEquals("daily 03:00\ndrill weekly Sun 04:00", r.runs());
        assertEquals("tomorrow 03:00\ndrill Sun 04:00", r.next());
        assertEquals("lab · /srv/overleaf", r.application());
        assertEquals(
                List.of(
                        "The backup of Mon 7 Dec 08:30 FAILED: Could not reach 10.200.100.10:22: connection timed out"
                                + " (site: unknown)",
                        "Could not tell: mail: connection refused"),
                r.problems());
        assertTrue(r.troubled());
        SidebarSchedule g = r.glance(NOW);
        assertEquals(new SidebarSchedule("lab-overleaf", "FAILED", "failed", g.detail()), g);
        assertTrue(g.detail().contains("connection timed out"), g.detail());
    }

    @Test
    void aHealthyScheduleShowsItsNextBackupTimeInTheSidebarAndItsLastDrill() {
        Schedule s = FakeScheduleEngine.schedule("srv-a-papermerge", "srv-a", "/opt/papermerge", false);
        RunRecord ok = FakeScheduleEngine.backup(s.name(), NOW, 0, RunRecord.Outcome.OK, 1_500, 3_000_000);
        ScheduleStatus.Seen drill = new ScheduleStatus.Seen(NOW.minus(Duration.ofDays(3)), true, "/s", "passed");
        ScheduleRow r = ScheduleRow.of(status(s, "ok", ok, drill, false), NOW, UTC);
        assertEquals("OK", r.state());
        assertEquals("ok\n30 h ago", r.lastBackup());
        assertEquals("passed\n3 days ago", r.lastDrill());
        assertFalse(r.troubled());
        assertEquals("03:00", r.glance(NOW).state());
        assertEquals("ok", r.glance(NOW).tone());
    }

    @Test
    void anOverdueScheduleAndAPausedOneSayWhy() {
        Schedule s = FakeScheduleEngine.schedule("late", "srv-a", null, false);
        ScheduleRow late = ScheduleRow.of(status(s, "overdue", null, null, true), NOW, UTC);
        assertEquals("overdue", late.glance(NOW).state());
        assertTrue(late.troubled());
        assertEquals("srv-a", late.application());
        assertTrue(
                late.problems().contains("Overdue: the last good backup is from Sun 6 Dec 03:00."),
                late.problems().toString());

        Schedule p = FakeScheduleEngine.schedule("quiet", "srv-b", "/opt/x", true);
        ScheduleRow paused = ScheduleRow.of(status(p, "paused", null, null, false), NOW, UTC);
        assertEquals("paused", paused.next());
        assertEquals("paused", paused.glance(NOW).state());
        assertFalse(paused.troubled());
    }

    @Test
    void timesAreSaidAsPeopleSayThem() {
        assertEquals("today 18:00", When.next(ZonedDateTime.parse("2026-12-07T18:00:00Z"), NOW));
        assertEquals("Sun 04:00", When.next(SUNDAY_4, NOW));
        assertEquals("Tue 15 Dec 04:00", When.next(ZonedDateTime.parse("2026-12-15T04:00:00Z"), NOW));
        assertEquals(
                "tomorrow, Wed, Thu at 03:00",
                When.nextRuns(List.of(TOMORROW_3, TOMORROW_3.plusDays(1), TOMORROW_3.plusDays(2)), NOW));
        assertEquals("tomorrow 03:00, Sun 04:00", When.nextRuns(List.of(TOMORROW_3, SUNDAY_4), NOW));
        assertEquals("just now", When.ago(NOW, NOW));
        assertEquals("3 days ago", When.ago(NOW.minus(Duration.ofDays(3)), NOW));
    }
}
