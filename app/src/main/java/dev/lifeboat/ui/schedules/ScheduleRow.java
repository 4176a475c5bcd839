package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.ui.wizard.SidebarSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One schedule as the Schedules view and the sidebar show it, in words. Made by {@link #of}; pure.
 *
 * @param name the schedule's name
 * @param application the saved server and the application, e.g. {@code srv-a · /opt/papermerge}
 * @param runs when it runs, e.g. {@code daily 03:00; drill weekly Sun 04:00}
 * @param next when it runs next, e.g. {@code tomorrow 03:00}, or {@code paused}
 * @param lastBackup the last backup's outcome and age, e.g. {@code ok, 5 h ago} or {@code FAILED 2 h ago}
 * @param lastDrill the last drill's, e.g. {@code passed 2 days ago}, or {@code none yet}
 * @param tone {@code ok}, {@code waiting}, {@code paused}, {@code overdue} or {@code failed}
 * @param state the state in a word or two, e.g. {@code OK}, {@code FAILED}, {@code overdue}
 * @param problems what needs the admin, and the channels the last runs could not tell
 * @param status what the engine said
 */
public record ScheduleRow(
        String name,
        String application,
        String runs,
        String next,
        String lastBackup,
        String lastDrill,
        String tone,
        String state,
        List<String> problems,
        ScheduleStatus status) {

    public ScheduleRow {
        problems = List.copyOf(problems);
    }

    /** The row of {@code s} as seen at {@code now}. */
    public static ScheduleRow of(ScheduleStatus s, Instant now) {
        Schedule sch = s.schedule();
        String app = sch.profile() + (sch.app() == null ? "" : " · " + sch.app());
        String runs = sch.backup() + (sch.drill() == null ? "" : "; drill " + sch.drill());
        String next;
        if (sch.paused()) {
            next = "paused";
        } else if (s.nextBackup() == null) {
            next = "—";
        } else {
            next = When.next(s.nextBackup(), now);
            if (s.nextDrill() != null && s.nextDrill().isBefore(s.nextBackup())) {
                next = When.next(s.nextDrill(), now) + " (drill)";
            }
        }
        String lastBackup = lastBackup(s, now);
        String lastDrill = s.lastDrill() == null
                ? "none yet"
                : (s.lastDrill().ok() ? "passed " : "did NOT pass, ")
                        + When.ago(s.lastDrill().at(), now);
        String tone = s.state();
        String state =
                switch (tone) {
                    case "ok" -> "OK";
                    case "failed" -> "FAILED";
                    case "overdue" -> "overdue";
                    case "paused" -> "paused";
                    default -> "waiting";
                };
        List<String> problems = new ArrayList<>(s.problems());
        s.notifyWarnings().forEach(w -> problems.add("could not tell: " + w));
        return new ScheduleRow(sch.name(), app, runs, next, lastBackup, lastDrill, tone, state, problems, s);
    }

    private static String lastBackup(ScheduleStatus s, Instant now) {
        RunRecord run = s.lastBackupRun();
        if (run != null && run.outcome() == RunRecord.Outcome.FAILED) {
            return "FAILED " + When.ago(Instant.parse(run.ended()), now);
        }
        if (s.lastBackup() != null) {
            return "ok, " + When.ago(s.lastBackup().at(), now);
        }
        return "none yet";
    }

    /** The schedule as the sidebar shows it: a dot, its name and a word or two. */
    public SidebarSchedule glance(Instant now) {
        String word =
                switch (tone) {
                    case "failed" -> "FAILED";
                    case "overdue" -> "overdue";
                    case "paused" -> "paused";
                    default -> status.nextBackup() == null ? state : shortNext(now);
                };
        String detail = problems.isEmpty()
                ? name + ": " + runs + "; next " + next + "; last backup " + lastBackup
                : name + ": " + String.join("; ", problems);
        return new SidebarSchedule(name, word, tone, detail);
    }

    /** The next backup in a few letters: {@code 03:00} today or tomorrow, else its weekday and time. */
    private String shortNext(Instant now) {
        String n = When.next(status.nextBackup(), now);
        return n.startsWith("today ") || n.startsWith("tomorrow ") ? n.substring(n.indexOf(' ') + 1) : n;
    }

    /** Whether it needs the admin: failed or overdue. */
    public boolean troubled() {
        return tone.equals("failed") || tone.equals("overdue");
    }
}
