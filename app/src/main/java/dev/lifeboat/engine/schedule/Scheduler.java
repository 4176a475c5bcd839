package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.EngineException;
import java.util.List;
import java.util.Map;

/**
 * A scheduler of this computer that fires a schedule's runs: systemd timers ({@link SystemdTimers}) or the crontab
 * ({@link Crontab}). Lifeboat runs no daemon of its own. Calls block; not thread-safe (one command at a time).
 */
public interface Scheduler {

    SchedulerKind kind();

    /**
     * Writes and enables the timers (or crontab lines) of every run of {@code s}, replacing what an earlier install
     * of the same name left; a paused schedule is written but not enabled.
     *
     * @param credentials the system unit's credential lines by id (see {@link Units#service}); empty elsewhere
     * @return the files or the crontab it wrote, for people
     */
    List<String> install(Schedule s, Launch launch, Map<String, String> credentials) throws EngineException;

    /** Stops, disables and deletes whatever {@link #install} wrote for that name; nothing when there is none. */
    void remove(String schedule) throws EngineException;

    /** Starts a run now as the scheduler would, waits for it to end, and says how it ended. */
    LocalProgram.Result start(Schedule s, Schedule.Kind kind, Launch launch) throws EngineException;

    /** Where a person reads a fired run's output, e.g. {@code journalctl --user -u lifeboat-x-backup}. */
    String logHint(Schedule s, Schedule.Kind kind);
}
