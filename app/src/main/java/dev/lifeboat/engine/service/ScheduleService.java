package dev.lifeboat.engine.service;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.schedule.SchedulerKind;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What the window's schedule pages ask of the engine (issue 18, ADR 0013): the schedule form's calendar preview,
 * login and saving, the Schedules view's status, runs and their records, the notification channels. The wizard's
 * seam, as {@link BackupService} is the backup pages': {@link Unattended} backs it; GUI tests pass a fake.
 *
 * <p>Threading: every method may block (it runs {@code systemd-analyze}, {@code ssh-keygen}, {@code systemctl}, logs
 * in to a server or waits for a whole run) and is called on a worker thread, never on the FX thread.
 */
public interface ScheduleService {

    /** How a scheduler reads a calendar, and its next runs. */
    record CalendarReading(String asRead, List<ZonedDateTime> next) {
        public CalendarReading {
            next = List.copyOf(next);
        }
    }

    /** The scheduler a new schedule gets on this computer. */
    SchedulerKind defaultScheduler() throws EngineException;

    /**
     * Validates a calendar the way {@code kind} reads it and computes its next {@code count} runs: for a timer
     * systemd's normalised {@code OnCalendar=} form, for cron its five fields.
     *
     * @throws IllegalArgumentException when the scheduler does not read it, in words for the admin
     */
    CalendarReading readCalendar(String calendar, SchedulerKind kind, int count) throws EngineException;

    /** The key without passphrase Lifeboat keeps for a profile, made the first time. */
    Unattended.Key profileKey(String profile) throws EngineException;

    /** Adds a public key to the profile's login's {@code authorized_keys}, logging in the profile's usual way. */
    void installKey(ConnectionProfile profile, String publicLine, Prompter prompter) throws EngineException;

    /** Logs in as the schedule's runs will and keeps the secrets they need; see {@link Unattended#checkLogin}. */
    Unattended.LoginCheck checkLogin(Schedule s, ConnectionProfile profile, Prompter admin) throws EngineException;

    /** Saves a schedule and installs its timers or crontab lines; returns what was written. */
    List<String> install(Schedule s, Launch launch) throws EngineException;

    /** Every schedule's status, in the order the schedules were saved. */
    List<ScheduleStatus> status() throws EngineException;

    /** Starts a run now through the scheduler, as the timer would, waits for it and returns its record. */
    RunRecord runNow(String name, Schedule.Kind kind, Launch launch) throws EngineException;

    /** Pauses or resumes a schedule. */
    Schedule pause(String name, boolean paused, Launch launch) throws EngineException;

    /** Removes a schedule (its timers, secrets and records; the snapshots stay). False when there was none. */
    boolean remove(String name) throws EngineException;

    /** The kept records of a schedule's runs, oldest first. */
    List<RunRecord> runs(String name);

    /** The notification channels. */
    List<Channel> listChannels() throws EngineException;

    /** Saves a channel, its password or token (or null) in the secret store. */
    Channel addChannel(Channel c, char[] secret) throws EngineException;

    /** Sends a test message over a channel: null when it was told, else the warning. */
    String test(String channel) throws EngineException;
}
