package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.EngineException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar expression as systemd reads it: {@code systemd-analyze calendar}, which needs no running systemd (it
 * comes with the {@code systemd} package), normalises the expression and computes its next elapses in this
 * computer's time zone. Validation is systemd's own, so a timer never gets an expression its manager would refuse.
 */
public final class SystemdCalendar {
    public static final String PROGRAM = "systemd-analyze";
    private static final Pattern LINE = Pattern.compile("^\\s*([^:]+):\\s*(.*)$");
    private static final Pattern WHEN = Pattern.compile("\\w{3} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) (\\S+)");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private SystemdCalendar() {}

    /**
     * What systemd makes of an expression.
     *
     * @param normalized its normalised form, e.g. {@code Sun *-*-* 04:00:00}
     * @param next its next elapses, soonest first (as many as asked for; fewer when it ends)
     */
    public record Checked(String normalized, List<ZonedDateTime> next) {}

    /** Whether {@code systemd-analyze} is here to ask. */
    public static boolean available() {
        return LocalProgram.exists(PROGRAM);
    }

    /**
     * Validates {@code expression} and computes its next {@code count} elapses.
     *
     * @throws IllegalArgumentException when systemd does not read it as a calendar (its own words)
     * @throws EngineException when systemd-analyze is missing or fails otherwise
     */
    public static Checked check(String expression, int count) throws EngineException {
        LocalProgram.Result r = LocalProgram.run(
                List.of(PROGRAM, "calendar", "--iterations=" + count, "--", expression),
                null,
                Map.of(),
                Duration.ofSeconds(20),
                "systemd");
        if (!r.ok()) {
            throw new IllegalArgumentException("systemd does not read \"" + expression + "\" as a calendar: "
                    + r.said().replaceFirst("^Failed to parse calendar specification '[^']*': ", ""));
        }
        return parse(r.out());
    }

    /** Reads {@code systemd-analyze calendar}'s output (one expression). Pure, for tests. */
    static Checked parse(String output) {
        String normalized = null;
        List<ZonedDateTime> next = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1).strip();
            String value = m.group(2).strip();
            if (key.equals("Normalized form")) {
                normalized = value;
            } else if (key.equals("Next elapse") || key.startsWith("Iter. #")) {
                when(value).ifPresent(next::add);
            } else if (key.equals("(in UTC)") && !next.isEmpty()) {
                // Printed when the local zone is not UTC: the exact instant, whatever the zone's abbreviation.
                int last = next.size() - 1;
                ZonedDateTime local = next.get(last);
                when(value).ifPresent(utc -> next.set(last, utc.withZoneSameInstant(local.getZone())));
            }
        }
        if (normalized == null) {
            throw new IllegalArgumentException("systemd-analyze said no normalized form: " + output.strip());
        }
        return new Checked(normalized, List.copyOf(next));
    }

    private static java.util.Optional<ZonedDateTime> when(String value) {
        Matcher m = WHEN.matcher(value);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.parse(m.group(1), LOCAL);
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
        String zone = m.group(2);
        ZoneId id;
        if (zone.equals("UTC")) {
            id = ZoneOffset.UTC;
        } else {
            // An abbreviation (CET); the "(in UTC)" line that follows gives the exact instant.
            id = ZoneId.systemDefault();
        }
        return java.util.Optional.of(t.atZone(id));
    }
}
