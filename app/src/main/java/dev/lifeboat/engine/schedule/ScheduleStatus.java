package dev.lifeboat.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One schedule's application as {@code lifeboat status} and the window show it: the last backup and its age, the last
 * drill and its result, the next runs, and whether anything is overdue or failed. Made by {@link #of}; immutable.
 *
 * @param schedule the schedule
 * @param state {@code ok}, {@code failed} (the last backup or drill failed), {@code overdue} (no good backup or drill
 *     within its period and a grace), {@code paused}, or {@code waiting} (nothing ran yet and nothing is late)
 * @param lastBackup the newest good backup (scheduled or not), or null
 * @param lastBackupRun the newest scheduled backup run, whatever its outcome, or null
 * @param lastDrill the newest drill (scheduled or not), or null
 * @param nextBackup when the backup runs next (this computer's zone), or null when paused or unknown
 * @param nextDrill when the drill runs next, or null
 * @param backupOverdue whether the newest good backup is older than the backup's period and a grace
 * @param drillOverdue whether the newest drill is older than the drill's period and a grace
 * @param problems what needs the admin, one line each (empty when all is well)
 * @param notifyWarnings the channels the last runs could not tell
 */
public record ScheduleStatus(
        Schedule schedule,
        String state,
        Seen lastBackup,
        RunRecord lastBackupRun,
        Seen lastDrill,
        ZonedDateTime nextBackup,
        ZonedDateTime nextDrill,
        boolean backupOverdue,
        boolean drillOverdue,
        List<String> problems,
        List<String> notifyWarnings) {

    /**
     * A backup or drill found in the store or the records.
     *
     * @param at when it ended
     * @param ok a complete snapshot; a drill that passed
     * @param snapshot the snapshot's folder, or null
     * @param summary for people, e.g. {@code passed} or what differed
     */
    public record Seen(Instant at, boolean ok, String snapshot, String summary) {
        /** How long ago, from {@code now}. */
        public Duration age(Instant now) {
            return Duration.between(at, now);
        }
    }

    /** The next elapses of a run's calendar, soonest first: at least two when it repeats. */
    @FunctionalInterface
    public interface NextRuns {
        List<ZonedDateTime> next(RunCalendar calendar, int count);
    }

    /**
     * Puts a schedule's status together.
     *
     * @param lastBackup the newest complete snapshot of the application (a manual one counts), or empty
     * @param lastDrill the newest drill of the application's snapshots (a manual one counts), or empty
     */
    public static ScheduleStatus of(
            Schedule s,
            RunHistory history,
            Optional<Seen> lastBackup,
            Optional<Seen> lastDrill,
            Instant now,
            NextRuns calendars) {
        List<String> problems = new ArrayList<>();
        Instant created = s.created() == null ? now : Instant.parse(s.created());

        Optional<RunRecord> backupRun = history.lastRun(Schedule.Kind.BACKUP);
        Seen backup = newest(lastBackup, history.lastOk(Schedule.Kind.BACKUP).map(ScheduleStatus::seen));
        List<ZonedDateTime> nextB = s.paused() ? List.of() : calendars.next(s.calendar(Schedule.Kind.BACKUP), 2);
        boolean backupFailed = backupRun.isPresent() && backupRun.get().outcome() == RunRecord.Outcome.FAILED;
        if (backupFailed) {
            problems.add("the last scheduled backup FAILED (" + backupRun.get().ended() + "): "
                    + backupRun.get().message());
        }
        boolean backupOverdue = !s.paused() && late(backup, created, nextB, now);
        if (backupOverdue) {
            problems.add(
                    backup == null
                            ? "overdue: no backup since the schedule was made (" + s.created() + ")"
                            : "overdue: the last good backup is " + human(backup.age(now)) + " old");
        }

        Seen drill = null;
        List<ZonedDateTime> nextD = List.of();
        boolean drillFailed = false;
        boolean drillOverdue = false;
        if (s.drill() != null) {
            Seen recorded = history.lastRun(Schedule.Kind.DRILL)
                    .map(ScheduleStatus::seen)
                    .orElse(null);
            drill = newest(lastDrill, Optional.ofNullable(recorded));
            nextD = s.paused() ? List.of() : calendars.next(s.calendar(Schedule.Kind.DRILL), 2);
            drillFailed = drill != null && !drill.ok();
            if (drillFailed) {
                problems.add("the last drill did NOT pass (" + drill.at() + "): " + drill.summary());
            }
            drillOverdue = !s.paused() && late(drill, created, nextD, now);
            if (drillOverdue) {
                problems.add(
                        drill == null
                                ? "overdue: no drill since the schedule was made (" + s.created() + ")"
                                : "overdue: the last drill is " + human(drill.age(now)) + " old");
            }
        } else {
            drill = lastDrill.orElse(null);
        }

        List<String> warnings = new ArrayList<>();
        for (Schedule.Kind k : s.kinds()) {
            history.last(k).ifPresent(r -> r.notifyWarnings().forEach(w -> warnings.add(k.word() + ": " + w)));
        }
        String state;
        if (backupFailed || drillFailed) {
            state = "failed";
        } else if (backupOverdue || drillOverdue) {
            state = "overdue";
        } else if (s.paused()) {
            state = "paused";
        } else if (backup == null) {
            state = "waiting";
        } else {
            state = "ok";
        }
        return new ScheduleStatus(
                s,
                state,
                backup,
                backupRun.orElse(null),
                drill,
                nextB.isEmpty() ? null : nextB.get(0),
                nextD.isEmpty() ? null : nextD.get(0),
                backupOverdue,
                drillOverdue,
                List.copyOf(problems),
                List.copyOf(warnings));
    }

    /**
     * Whether the newest good run (else the schedule's creation) is older than the calendar's period plus a grace
     * of a quarter period, at most two hours: a daily backup is late after 26 hours, an hourly one after 75 min.
     */
    static boolean late(Seen last, Instant created, List<ZonedDateTime> next, Instant now) {
        if (next.size() < 2) {
            return false;
        }
        Duration period = Duration.between(next.get(0), next.get(1));
        Duration grace =
                period.dividedBy(4).compareTo(Duration.ofHours(2)) > 0 ? Duration.ofHours(2) : period.dividedBy(4);
        Instant since = last != null && last.ok() ? last.at() : created;
        if (last != null && !last.ok()) {
            return false; // a failure is said as such, not also as late
        }
        return Duration.between(since, now).compareTo(period.plus(grace)) > 0;
    }

    private static Seen newest(Optional<Seen> a, Optional<Seen> b) {
        if (a.isEmpty()) {
            return b.orElse(null);
        }
        if (b.isEmpty()) {
            return a.get();
        }
        return a.get().at().isAfter(b.get().at()) ? a.get() : b.get();
    }

    private static Seen seen(RunRecord r) {
        return new Seen(Instant.parse(r.ended()), r.outcome() == RunRecord.Outcome.OK, r.snapshot(), r.message());
    }

    /** {@code 3 h 20 min}, {@code 2 days 4 h}: an age for people. */
    public static String human(Duration d) {
        long m = Math.max(0, d.toMinutes());
        if (m < 60) {
            return m + " min";
        }
        if (m < 48 * 60) {
            return m / 60 + " h " + m % 60 + " min";
        }
        return m / (24 * 60) + " days " + m / 60 % 24 + " h";
    }
}
