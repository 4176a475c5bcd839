package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.ui.wizard.SidebarSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One schedule as the Schedules view and the sidebar show it, in words. The table's cells have two lines (what, then
 * when), separated by a newline. Made by {@link #of}; pure.
 *
 * @param name the schedule's name
 * @param application the saved server and the application, e.g. {@code srv-a · /opt/papermerge}
 * @param runs when it runs, e.g. {@code daily 03:00} and {@code drill weekly Sun 04:00} on the next line
 * @param next when it runs next, e.g. {@code tomorrow 03:00}, or {@code paused}
 * @param lastBackup the last backup's outcome and age, e.g. {@code ok} and {@code 5 h ago}
 * @param lastDrill the last drill's, e.g. {@code passed} and {@code 2 days ago}, or {@code none yet}
 * @param tone {@code ok}, {@code waiting}, {@code paused}, {@code overdue} or {@code failed}
 * @param state the state in a word, e.g. {@code OK}, {@code FAILED}, {@code overdue}
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

    /** The row of {@code s} as seen at {@code now} in {@code zone}. */
    public static ScheduleRow of(ScheduleStatus s, Instant now, ZoneId zone) {
        Schedule sch = s.schedule();
        String app = sch.profile() + (sch.app() == null ? "" : " · " + sch.app());
        String runs = sch.backup() + (sch.drill() == null ? "" : "\ndrill " + sch.drill());
        String next;
        if (sch.paused()) {
            next = "paused";
        } else if (s.nextBackup() == null) {
            next = "—";
        } else {
            next = When.next(s.nextBackup(), now);
            if (s.nextDrill() != null) {
                next += "\ndrill " + When.next(s.nextDrill(), now);
            }
        }
        String lastBackup;
        RunRecord run = s.lastBackupRun();
        boolean backupFailed = run != null && run.outcome() == RunRecord.Outcome.FAILED;
        if (backupFailed) {
            lastBackup = "FAILED\n" + When.ago(Instant.parse(run.ended()), now);
        } else if (s.lastBackup() != null) {
            lastBackup = "ok\n" + When.ago(s.lastBackup().at(), now);
        } else {
            lastBackup = "none yet";
        }
        String lastDrill = s.lastDrill() == null
                ? "none yet"
                : (s.lastDrill().ok() ? "passed" : "did NOT pass") + "\n"
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
        List<String> problems = new ArrayList<>();
        if (backupFailed) {
            problems.add("The backup of " + When.at(Instant.parse(run.started()), zone) + " FAILED: " + run.message()
                    + " (site: " + run.siteUp() + ")");
        }
        if (s.lastDrill() != null && !s.lastDrill().ok() && sch.drill() != null) {
            problems.add("The drill of " + When.at(s.lastDrill().at(), zone) + " did NOT pass: "
                    + s.lastDrill().summary());
        }
        if (s.backupOverdue()) {
            problems.add(
                    s.lastBackup() == null
                            ? "Overdue: no backup since the schedule was made."
                            : "Overdue: the last good backup is from "
                                    + When.at(s.lastBackup().at(), zone) + ".");
        }
        if (s.drillOverdue()) {
            problems.add(
                    s.lastDrill() == null
                            ? "Overdue: no drill since the schedule was made."
                            : "Overdue: the last drill is from "
                                    + When.at(s.lastDrill().at(), zone) + ".");
        }
        s.notifyWarnings().forEach(w -> problems.add("Could not tell: " + w));
        return new ScheduleRow(sch.name(), app, runs, next, lastBackup, lastDrill, tone, state, problems, s);
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
                ? name + ": " + runs.replace("\n", "; ") + "; next " + next.replace("\n", ", ") + "; last backup "
                        + lastBackup.replace("\n", " ")
                : name + ": " + String.join(" ", problems);
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
