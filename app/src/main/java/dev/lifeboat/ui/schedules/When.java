package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Times as the schedule pages say them: {@code today 03:00}, {@code Sun 04:00}, {@code 5 h ago}. Pure. */
public final class When {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private When() {}

    /** A coming time from {@code now}: {@code today 03:00}, {@code tomorrow 03:00}, {@code Sun 04:00} within a week,
     * else {@code Sun 14 Dec 04:00}. */
    public static String next(ZonedDateTime t, Instant now) {
        if (t == null) {
            return "—";
        }
        LocalDate today = now.atZone(t.getZone()).toLocalDate();
        long days = ChronoUnit.DAYS.between(today, t.toLocalDate());
        if (days == 0) {
            return "today " + TIME.format(t);
        }
        if (days == 1) {
            return "tomorrow " + TIME.format(t);
        }
        return days > 0 && days < 7 ? DAY.format(t) : DATE.format(t);
    }

    /** A past time from {@code now}: {@code 12 min ago}, {@code 5 h 3 min ago}, {@code 3 days 2 h ago}. */
    public static String ago(Instant t, Instant now) {
        return t == null ? "—" : ScheduleStatus.human(Duration.between(t, now)) + " ago";
    }

    /** A past time in this computer's zone, for a tooltip or a chart: {@code Sun 7 Dec 03:00}. */
    public static String at(Instant t, ZoneId zone) {
        return t == null ? "—" : DATE.format(t.atZone(zone));
    }
}
