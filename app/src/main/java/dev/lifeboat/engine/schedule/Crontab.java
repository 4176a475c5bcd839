package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user's crontab, where there is no systemd: one line per run of a schedule, ending with its marker ({@link
 * Units#cronMarker}) so that Lifeboat finds and replaces its own lines and leaves every other line as it was. Only the
 * short calendar forms are taken ({@link RunCalendar#cron()}); {@code crontab} itself checks the result. cron has no
 * {@code Persistent=}: a run missed while the computer was off is missed, and {@code status} says it is overdue.
 */
public final class Crontab implements Scheduler {
    private final List<String> crontab;
    private final Path logDir;

    /**
     * @param crontab the crontab command, e.g. {@code [crontab]}, or {@code [crontab, -u, USER]} as root
     * @param logDir where a fired run's output goes ({@code NAME-backup.log})
     */
    public Crontab(List<String> crontab, Path logDir) {
        this.crontab = List.copyOf(crontab);
        this.logDir = logDir;
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.CRON;
    }

    /** The crontab as it is now; empty when the user has none. */
    public List<String> lines() throws EngineException {
        LocalProgram.Result r = LocalProgram.run(command("-l"), null, Map.of(), Duration.ofSeconds(30), "cron");
        if (!r.ok()) {
            if (r.err().contains("no crontab for")) {
                return List.of();
            }
            throw new EngineException("crontab -l failed: " + r.said());
        }
        return r.out().lines().toList();
    }

    @Override
    public List<String> install(Schedule s, Launch launch, Map<String, String> credentials) throws EngineException {
        List<String> mine = new ArrayList<>();
        for (Schedule.Kind kind : s.kinds()) {
            RunCalendar c = s.calendar(kind);
            String fields = c.cron()
                    .orElseThrow(() -> new IllegalArgumentException("cron reads only \"daily HH:MM\", \"weekly DAY"
                            + " HH:MM\", \"monthly D HH:MM\" and \"hourly\", not \"" + c.text() + "\""));
            String line = Units.cronLine(
                    s,
                    kind,
                    fields,
                    launch,
                    logDir.resolve(s.name() + "-" + kind.word() + ".log").toString());
            mine.add(s.paused() ? "#paused " + line : line);
        }
        List<String> all = without(lines(), s.name());
        all.addAll(mine);
        write(all);
        return mine;
    }

    @Override
    public void remove(String schedule) throws EngineException {
        List<String> before = lines();
        List<String> after = without(before, schedule);
        if (after.size() != before.size()) {
            write(after);
        }
    }

    @Override
    public LocalProgram.Result start(Schedule s, Schedule.Kind kind, Launch launch) throws EngineException {
        return LocalProgram.run(
                launch.with(Units.runArgs(s.name(), kind).toArray(String[]::new)),
                null,
                Map.of(),
                Duration.ofDays(1),
                "lifeboat");
    }

    @Override
    public String logHint(Schedule s, Schedule.Kind kind) {
        return logDir.resolve(s.name() + "-" + kind.word() + ".log").toString();
    }

    private static List<String> without(List<String> lines, String schedule) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            boolean ours = false;
            for (Schedule.Kind k : Schedule.Kind.values()) {
                ours |= l.endsWith(Units.cronMarker(schedule, k));
            }
            if (!ours) {
                out.add(l);
            }
        }
        return out;
    }

    private void write(List<String> lines) throws EngineException {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        LocalProgram.Result r = LocalProgram.run(
                command("-"), b.toString().getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(30), "cron");
        if (!r.ok()) {
            throw new EngineException("crontab refused the new lines: " + r.said());
        }
    }

    private List<String> command(String arg) {
        List<String> a = new ArrayList<>(crontab);
        a.add(arg);
        return a;
    }
}
