package dev.lifeboat.ui.schedules;

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

    /**
     * Coming times, shortly: {@code tomorrow, Tue, Wed at 03:00} when they share their time of day, else each with
     * its own.
     */
    public static String nextRuns(java.util.List<ZonedDateTime> ts, Instant now) {
        if (ts.isEmpty()) {
            return "—";
        }
        String time = TIME.format(ts.get(0));
        if (ts.stream().allMatch(t -> TIME.format(t).equals(time))) {
            return ts.stream()
                            .map(t -> {
                                String n = next(t, now);
                                return n.substring(0, n.length() - time.length())
                                        .strip();
                            })
                            .collect(java.util.stream.Collectors.joining(", "))
                    + " at " + time;
        }
        return ts.stream().map(t -> next(t, now)).collect(java.util.stream.Collectors.joining(", "));
    }

    /** A past time from {@code now}, roughly: {@code 12 min ago}, {@code 5 h ago}, {@code 3 days ago}. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        long m = Math.max(0, Duration.between(t, now).toMinutes());
        if (m < 1) {
            return "just now";
        }
        if (m < 60) {
            return m + " min ago";
        }
        if (m < 48 * 60) {
            return m / 60 + " h ago";
        }
        return m / (24 * 60) + " days ago";
    }

    /** A past time in this computer's zone, for a tooltip or a chart: {@code Sun 7 Dec 03:00}. */
    public static String at(Instant t, ZoneId zone) {
        return t == null ? "—" : DATE.format(t.atZone(zone));
    }
}
