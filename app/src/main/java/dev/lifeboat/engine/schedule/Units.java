package dev.lifeboat.engine.schedule;

import java.util.List;
import java.util.Map;

/**
 * The systemd units and crontab lines of a schedule, as text. Pure: the schedulers write them. A unit runs {@code
 * lifeboat schedule run NAME --backup} (or {@code --drill}) and names no secret: a system unit loads the run's
 * secrets as credentials ({@code LoadCredentialEncrypted=} or {@code LoadCredential=} of a root-only file), which the
 * run reads from {@code $CREDENTIALS_DIRECTORY}.
 */
public final class Units {
    private Units() {}

    /** {@code lifeboat-NAME-backup} (no suffix). */
    public static String unitName(String schedule, Schedule.Kind kind) {
        return "lifeboat-" + schedule + "-" + kind.word();
    }

    /** The arguments of a fired run after the launcher. */
    public static List<String> runArgs(String schedule, Schedule.Kind kind) {
        return List.of("schedule", "run", schedule, "--" + kind.word());
    }

    /**
     * The {@code .service} of one run.
     *
     * @param credentials for a system unit: the credential id and its line ({@code LoadCredentialEncrypted=ID:FILE}
     *     or {@code LoadCredential=ID:FILE}); empty for a user unit
     */
    public static String service(Schedule s, Schedule.Kind kind, Launch launch, Map<String, String> credentials) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by Lifeboat for the schedule ")
                .append(s.name())
                .append("; 'lifeboat schedule remove ")
                .append(s.name())
                .append("' removes it.\n");
        b.append("[Unit]\n");
        b.append("Description=Lifeboat ")
                .append(kind.word())
                .append(" of ")
                .append(describe(s))
                .append('\n');
        if (s.scheduler() == SchedulerKind.SYSTEMD_SYSTEM) {
            b.append("Wants=network-online.target\nAfter=network-online.target\n");
        }
        b.append("\n[Service]\n");
        b.append("Type=oneshot\n");
        // A service gets no locale of its own (none when the machine names none): Java then cannot name the server's
        // non-ASCII files. C.UTF-8 is in every glibc.
        b.append("Environment=LANG=C.UTF-8\n");
        b.append("ExecStart=")
                .append(execLine(launch.with(runArgs(s.name(), kind).toArray(String[]::new))))
                .append('\n');
        credentials.values().forEach(line -> b.append(line).append('\n'));
        // A backup takes the time it takes; a hung one is stopped after a day, and the next night's runs anyway.
        b.append("TimeoutStartSec=1d\n");
        b.append("Nice=10\n");
        b.append("IOSchedulingClass=best-effort\nIOSchedulingPriority=7\n");
        // Exit 1 (failed) and 3 (refused) are results the run recorded and told; the unit still shows failed.
        return b.toString();
    }

    /** The {@code .timer} of one run: its calendar, {@code Persistent=true} so a missed run runs at the next boot. */
    public static String timer(Schedule s, Schedule.Kind kind, String onCalendar) {
        return "# Written by Lifeboat for the schedule " + s.name() + "; 'lifeboat schedule remove " + s.name()
                + "' removes it.\n"
                + "[Unit]\nDescription=Lifeboat " + kind.word() + " of " + describe(s) + " (" + onCalendar + ")\n\n"
                + "[Timer]\nOnCalendar=" + onCalendar + "\nPersistent=true\nAccuracySec=1min\n"
                + "Unit=" + unitName(s.name(), kind) + ".service\n\n"
                + "[Install]\nWantedBy=timers.target\n";
    }

    /** The marker that ends every crontab line of a schedule's run: how Lifeboat finds its own lines again. */
    public static String cronMarker(String schedule, Schedule.Kind kind) {
        return "# lifeboat-schedule " + schedule + " " + kind.word();
    }

    /**
     * A crontab line: the five fields, the run (its output appended to {@code log}), the marker. {@code %} is
     * cron's newline and is escaped.
     */
    public static String cronLine(Schedule s, Schedule.Kind kind, String cronFields, Launch launch, String log) {
        StringBuilder cmd = new StringBuilder("LANG=C.UTF-8 ");
        for (String a : launch.with(runArgs(s.name(), kind).toArray(String[]::new))) {
            cmd.append(shellQuote(a)).append(' ');
        }
        cmd.append(">>").append(shellQuote(log)).append(" 2>&1");
        return cronFields + " " + cmd.toString().replace("%", "\\%") + " " + cronMarker(s.name(), kind);
    }

    /** A systemd command line: each word in double quotes, with {@code \\}, {@code "} and systemd's {@code %}. */
    static String execLine(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append('"')
                    .append(a.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("%", "%%")
                            .replace("$", "$$"))
                    .append('"');
        }
        return b.toString();
    }

    static String shellQuote(String word) {
        if (word.matches("[A-Za-z0-9_@+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String describe(Schedule s) {
        String app = s.app() == null ? "" : " " + s.app();
        return (s.profile() + app).replaceAll("[\\p{Cntrl}%]", "?");
    }
}
