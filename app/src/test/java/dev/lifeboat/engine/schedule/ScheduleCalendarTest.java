package dev.lifeboat.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The calendars: the short forms for systemd and cron, and systemd's own reading with the real systemd-analyze. */
class ScheduleCalendarTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "daily 03:00          | *-*-* 03:00:00         | 0 3 * * *",
                "Daily   3:05         | *-*-* 03:05:00         | 5 3 * * *",
                "weekly Sun 04:00     | Sun *-*-* 04:00:00     | 0 4 * * 0",
                "weekly mon,Thursday 23:59 | Mon,Thu *-*-* 23:59:00 | 59 23 * * 1,4",
                "monthly 1 05:30      | *-*-01 05:30:00        | 30 5 1 * *",
                "hourly               | *-*-* *:00:00          | 0 * * * *",
            })
    void theShortFormsMeanTheSameToSystemdAndToCron(String text, String onCalendar, String cron) {
        RunCalendar c = RunCalendar.parse(text);
        assertEquals(onCalendar, c.onCalendar());
        assertEquals(Optional.of(cron), c.cron());
        assertTrue(c.shortForm());
    }

    @Test
    void anythingElseIsASystemdExpressionThatCronDoesNotTake() {
        RunCalendar c = RunCalendar.parse("Mon..Fri *-*-* 02:30");
        assertEquals("Mon..Fri *-*-* 02:30", c.onCalendar());
        assertEquals(Optional.empty(), c.cron());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "daily 25:00",
                "daily 3am",
                "weekly Sunday",
                "weekly Funday 04:00",
                "monthly 31 04:00",
                "daily 03:00; rm -rf /",
                "weekly \"Sun\" 04:00",
                "*-*-* 03:00 %h"
            })
    void aWrongCalendarIsRefusedBeforeAnySchedulerSeesIt(String text) {
        assertThrows(IllegalArgumentException.class, () -> RunCalendar.parse(text));
    }

    @Test
    void systemdAnalyzeValidatesAndNormalisesAnExpressionWithoutSystemdRunning() throws Exception {
        LocalTools.require("systemd-analyze", "systemd");
        SystemdCalendar.Checked c = SystemdCalendar.check("Sun 04:00", 2);
        assertEquals("Sun *-*-* 04:00:00", c.normalized());
        assertEquals(2, c.next().size());
        assertEquals(java.time.DayOfWeek.SUNDAY, c.next().get(0).getDayOfWeek());
        assertEquals(
                7, java.time.Duration.between(c.next().get(0), c.next().get(1)).toDays());

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SystemdCalendar.check("every night", 1));
        assertTrue(e.getMessage().contains("systemd does not read \"every night\""), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"daily 03:00", "weekly Sun 04:00", "weekly Mon,Thu 23:59", "monthly 1 05:30", "hourly"})
    void theNextRunsComputedForCronAreTheOnesSystemdComputes(String text) throws Exception {
        LocalTools.require("systemd-analyze", "systemd");
        RunCalendar c = RunCalendar.parse(text);
        List<ZonedDateTime> systemd = SystemdCalendar.check(c.onCalendar(), 4).next();
        List<ZonedDateTime> ours = new ArrayList<>();
        ZonedDateTime t = ZonedDateTime.now(ZoneId.systemDefault());
        for (int i = 0; i < 4; i++) {
            t = c.next(t).orElseThrow();
            ours.add(t);
        }
        assertEquals(
                systemd.stream().map(ZonedDateTime::toInstant).toList(),
                ours.stream().map(ZonedDateTime::toInstant).toList());
    }

    @Test
    void systemdAnalyzesOutputIsReadInItsUtcLineWhenTheZoneIsNotUtc() {
        String out = "  Original form: 03:00\n"
                + "Normalized form: *-*-* 03:00:00\n"
                + "    Next elapse: Mon 2026-12-07 03:00:00 CET\n"
                + "       (in UTC): Mon 2026-12-07 02:00:00 UTC\n"
                + "       From now: 3h 15min left\n"
                + "       Iter. #2: Tue 2026-12-08 03:00:00 CET\n"
                + "       (in UTC): Tue 2026-12-08 02:00:00 UTC\n";
        SystemdCalendar.Checked c = SystemdCalendar.parse(out);
        assertEquals("*-*-* 03:00:00", c.normalized());
        assertEquals("2026-12-07T02:00:00Z", c.next().get(0).toInstant().toString());
        assertEquals("2026-12-08T02:00:00Z", c.next().get(1).toInstant().toString());
    }
}
