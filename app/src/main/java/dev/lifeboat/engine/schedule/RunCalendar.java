package dev.lifeboat.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a schedule runs, as the admin writes it: {@code daily 03:00}, {@code weekly Sun 04:00} (or {@code weekly
 * Mon,Thu 04:00}), {@code monthly 1 05:00}, {@code hourly}; or any systemd calendar expression ({@code Mon..Fri
 * *-*-* 02:30}, {@code *-*-01 04:00 Europe/Berlin}), which only a systemd timer takes. The short forms have the same
 * meaning under systemd ({@link #onCalendar()}) and cron ({@link #cron()}); {@link #next} computes them the way both
 * read them, in the computer's time zone. Immutable.
 *
 * @param text what the admin wrote
 * @param onCalendar the systemd {@code OnCalendar=} expression
 * @param cron the five cron fields, or empty for an expression only systemd reads
 */
public record RunCalendar(String text, String onCalendar, Optional<String> cron) {
    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern DAILY = Pattern.compile("(?i)daily\\s+" + TIME.pattern());
    private static final Pattern WEEKLY = Pattern.compile("(?i)weekly\\s+([A-Za-z,]+)\\s+" + TIME.pattern());
    private static final Pattern MONTHLY = Pattern.compile("(?i)monthly\\s+(\\d{1,2})\\s+" + TIME.pattern());
    private static final Pattern HOURLY = Pattern.compile("(?i)hourly");
    /** What systemd would read as something else or not at all: kept out of unit files. */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\"'\\\\%$;`]");

    /**
     * Reads what the admin wrote. A short form is translated; anything else is taken as a systemd calendar
     * expression, which {@link SystemdCalendar#check} then validates.
     *
     * @throws IllegalArgumentException when it is empty, a short form with a wrong day or time, or holds characters
     *     no calendar has
     */
    public static RunCalendar parse(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs a time, e.g. \"daily 03:00\"");
        }
        if (UNSAFE.matcher(t).find()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a calendar (quotes, %, $, ; and control"
                    + " characters have no place in one)");
        }
        Matcher m;
        if ((m = DAILY.matcher(t)).matches()) {
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            return new RunCalendar(
                    t, String.format(Locale.ROOT, "*-*-* %02d:%02d:00", h, min), Optional.of(min + " " + h + " * * *"));
        }
        if ((m = WEEKLY.matcher(t)).matches()) {
            Set<DayOfWeek> days = days(m.group(1));
            int h = Integer.parseInt(m.group(2));
            int min = Integer.parseInt(m.group(3));
            String systemd = days.stream()
                    .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                    .collect(Collectors.joining(","));
            String cronDays =
                    days.stream().map(d -> Integer.toString(d.getValue() % 7)).collect(Collectors.joining(","));
            return new RunCalendar(
                    t,
                    String.format(Locale.ROOT, "%s *-*-* %02d:%02d:00", systemd, h, min),
                    Optional.of(min + " " + h + " * * " + cronDays));
        }
        if ((m = MONTHLY.matcher(t)).matches()) {
            int day = Integer.parseInt(m.group(1));
            if (day < 1 || day > 28) {
                throw new IllegalArgumentException(
                        "\"" + text + "\": the day of the month must be 1 to 28, so" + " that every month has it");
            }
            int h = Integer.parseInt(m.group(2));
            int min = Integer.parseInt(m.group(3));
            return new RunCalendar(
                    t,
                    String.format(Locale.ROOT, "*-*-%02d %02d:%02d:00", day, h, min),
                    Optional.of(min + " " + h + " " + day + " * *"));
        }
        if (HOURLY.matcher(t).matches()) {
            return new RunCalendar(t, "*-*-* *:00:00", Optional.of("0 * * * *"));
        }
        if (t.toLowerCase(Locale.ROOT).matches("(daily|weekly|monthly)\\b.*")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a schedule Lifeboat reads: write \"daily"
                    + " 03:00\", \"weekly Sun 04:00\" or \"monthly 1 05:00\" (24-hour time), or a systemd calendar"
                    + " expression");
        }
        return new RunCalendar(t, t, Optional.empty());
    }

    /** Whether it is one of the short forms (which cron also takes, and {@link #next} computes). */
    public boolean shortForm() {
        return cron.isPresent();
    }

    /**
     * The first time strictly after {@code after} at which it fires, in {@code after}'s zone; empty for an
     * expression only systemd reads (ask {@link SystemdCalendar} for those).
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        if (cron.isEmpty()) {
            return Optional.empty();
        }
        String[] f = cron.get().split(" ");
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        if (f[1].equals("*")) { // hourly
            ZonedDateTime top = after.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            return Optional.of(top);
        }
        LocalTime at = LocalTime.of(Integer.parseInt(f[1]), Integer.parseInt(f[0]));
        for (int i = 0; i < 400; i++) {
            ZonedDateTime day = t.truncatedTo(ChronoUnit.DAYS).plusDays(i);
            if (!f[2].equals("*") && day.getDayOfMonth() != Integer.parseInt(f[2])) {
                continue;
            }
            if (!f[4].equals("*")) {
                int dow = day.getDayOfWeek().getValue() % 7;
                boolean any = false;
                for (String d : f[4].split(",")) {
                    any |= Integer.parseInt(d) == dow;
                }
                if (!any) {
                    continue;
                }
            }
            ZonedDateTime candidate = day.with(at);
            if (candidate.isAfter(after)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Set<DayOfWeek> days(String list) {
        Set<DayOfWeek> out = new TreeSet<>();
        for (String d : list.split(",")) {
            out.add(day(d));
        }
        return EnumSet.copyOf(out);
    }

    private static DayOfWeek day(String d) {
        String s = d.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            String full = w.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (s.length() >= 3 && full.startsWith(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("\"" + d + "\" is not a day of the week (Mon, Tue, ... Sun)");
    }
}
