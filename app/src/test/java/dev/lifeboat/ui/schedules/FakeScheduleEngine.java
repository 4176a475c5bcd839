package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.RunCalendar;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.engine.service.Unattended;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduleService} that keeps its schedules in memory: calendars read as the short forms read (anything else
 * refused in systemd's manner), a made-up key, a login that always works, runs that return what {@link #nextRun}
 * says. It records what the pages asked of it.
 */
public final class FakeScheduleEngine implements ScheduleService {
    public static final String PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk3ZlN0ZXN0a2V5Zm9ybGlmZWJvYXQ lifeboat-schedule@desk for srv-a";
    public static final String FINGERPRINT = "SHA256:q5mXk2dQ8WJ6r0Yb3CzvLh7T1oPnE4sAfGuVwI9xKjM";

    public volatile SchedulerKind scheduler = SchedulerKind.SYSTEMD_USER;
    public volatile String noScheduler; // when set, defaultScheduler() throws with it
    public final List<ScheduleStatus> statuses = new CopyOnWriteArrayList<>();
    public final Map<String, List<RunRecord>> runs = new ConcurrentHashMap<>();
    public final List<Channel> channels = new CopyOnWriteArrayList<>();
    public final List<Schedule> installed = new CopyOnWriteArrayList<>();
    public final List<String> keysInstalled = new CopyOnWriteArrayList<>();
    public final List<Schedule> loginsChecked = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> tested = new CopyOnWriteArrayList<>();
    public final Map<String, char[]> secrets = new ConcurrentHashMap<>();
    public volatile RunRecord nextRun;
    /** When set, runNow waits for it before it returns (a run that takes a while). */
    public volatile CountDownLatch holdRun;

    @Override
    public SchedulerKind defaultScheduler() throws EngineException {
        if (noScheduler != null) {
            throw new EngineException(noScheduler);
        }
        return scheduler;
    }

    @Override
    public CalendarReading readCalendar(String calendar, SchedulerKind kind, int count) {
        RunCalendar c = RunCalendar.parse(calendar);
        if (!c.shortForm()) {
            throw new IllegalArgumentException(
                    "systemd does not read \"" + calendar + "\" as a calendar: Invalid argument");
        }
        List<ZonedDateTime> next = new ArrayList<>();
        ZonedDateTime t = ZonedDateTime.now();
        for (int i = 0; i < count; i++) {
            Optional<ZonedDateTime> n = c.next(t);
            if (n.isEmpty()) {
                break;
            }
            next.add(n.get());
            t = n.get();
        }
        return new CalendarReading(
                kind == SchedulerKind.CRON ? "cron " + c.cron().orElseThrow() : "OnCalendar=" + c.onCalendar(), next);
    }

    @Override
    public Unattended.Key profileKey(String profile) {
        calls.add("profileKey " + profile);
        return new Unattended.Key(
                Path.of("/home/admin/.config/lifeboat/keys/" + profile + "_ed25519"), PUBLIC_KEY, FINGERPRINT, true);
    }

    @Override
    public void installKey(ConnectionProfile profile, String publicLine, Prompter prompter) {
        keysInstalled.add(profile.address() + " " + publicLine);
    }

    @Override
    public Unattended.LoginCheck checkLogin(Schedule s, ConnectionProfile profile, Prompter admin) {
        loginsChecked.add(s);
        return new Unattended.LoginCheck(
                profile.address(),
                new Privileges(profile.user(), true, false, Privileges.Sudo.NOT_NEEDED, true),
                "Papermerge in " + s.app(),
                List.of());
    }

    @Override
    public List<String> install(Schedule s, Launch launch) {
        installed.add(s);
        statuses.removeIf(x -> x.schedule().name().equals(s.name()));
        statuses.add(waiting(s));
        return List.of("/home/admin/.config/systemd/user/lifeboat-" + s.name() + "-backup.timer");
    }

    /** A schedule that has not run yet. */
    public static ScheduleStatus waiting(Schedule s) {
        ZonedDateTime next =
                RunCalendar.parse(s.backup()).next(ZonedDateTime.now()).orElseThrow();
        ZonedDateTime drill = s.drill() == null
                ? null
                : RunCalendar.parse(s.drill()).next(ZonedDateTime.now()).orElseThrow();
        return new ScheduleStatus(
                s,
                s.paused() ? "paused" : "waiting",
                null,
                null,
                null,
                s.paused() ? null : next,
                s.paused() ? null : drill,
                false,
                false,
                List.of(),
                List.of());
    }

    @Override
    public List<ScheduleStatus> status() {
        calls.add("status");
        return List.copyOf(statuses);
    }

    @Override
    public RunRecord runNow(String name, Schedule.Kind kind, Launch launch) throws EngineException {
        calls.add("runNow " + name + " " + kind.word());
        CountDownLatch hold = holdRun;
        if (hold != null) {
            try {
                if (!hold.await(10, TimeUnit.SECONDS)) {
                    throw new EngineException("the fake run was never let go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted");
            }
        }
        RunRecord r = nextRun;
        if (r == null) {
            throw new EngineException("The " + kind.word() + " of " + name + " left no record");
        }
        runs.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(r);
        return r;
    }

    @Override
    public Schedule pause(String name, boolean paused, Launch launch) throws EngineException {
        calls.add((paused ? "pause " : "resume ") + name);
        ScheduleStatus s = statuses.stream()
                .filter(x -> x.schedule().name().equals(name))
                .findFirst()
                .orElseThrow(() -> new EngineException("No schedule " + name));
        Schedule p = s.schedule().withPaused(paused);
        statuses.replaceAll(x -> x == s ? waiting(p) : x);
        return p;
    }

    @Override
    public boolean remove(String name) {
        calls.add("remove " + name);
        return statuses.removeIf(x -> x.schedule().name().equals(name));
    }

    @Override
    public List<RunRecord> runs(String name) {
        return List.copyOf(runs.getOrDefault(name, List.of()));
    }

    @Override
    public List<Channel> listChannels() {
        return List.copyOf(channels);
    }

    @Override
    public Channel addChannel(Channel c, char[] secret) {
        channels.removeIf(x -> x.name().equals(c.name()));
        channels.add(c);
        if (secret != null) {
            secrets.put(c.name(), secret.clone());
        }
        return c;
    }

    @Override
    public String test(String channel) {
        tested.add(channel);
        return null;
    }

    // ------------------------------------------------------------------------------------------ made-up data

    public static Schedule schedule(String name, String profile, String app, boolean paused) {
        return new Schedule(
                name,
                profile,
                app,
                "daily 03:00",
                "weekly Sun 04:00",
                null,
                List.of("desktop"),
                SchedulerKind.SYSTEMD_USER,
                "/home/admin/.config/lifeboat/keys/" + profile + "_ed25519",
                null,
                "none",
                "2026-11-01T10:00:00Z",
                paused);
    }

    /** A backup run's record, {@code daysAgo} days before {@code now} at 03:00 local-ish. */
    public static RunRecord backup(
            String name, Instant now, int daysAgo, RunRecord.Outcome outcome, long downtimeMillis, long newDisk) {
        Instant start = now.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(30));
        return new RunRecord(
                name,
                "backup",
                start.toString(),
                start.plusSeconds(40).toString(),
                outcome,
                outcome == RunRecord.Outcome.OK
                        ? "snapshot complete"
                        : outcome == RunRecord.Outcome.FAILED
                                ? "Could not reach 10.200.100.10:22: connection timed out"
                                : "Skipped: the previous run of " + name + " is still running",
                outcome == RunRecord.Outcome.OK ? "up" : "unknown",
                outcome == RunRecord.Outcome.OK ? "/store/x" : null,
                "/store/app",
                outcome == RunRecord.Outcome.OK ? 52_000_000L : 0,
                outcome == RunRecord.Outcome.OK ? newDisk : 0,
                outcome == RunRecord.Outcome.OK ? downtimeMillis : 0,
                40_000,
                List.of());
    }

    /** Three schedules as an admin might have them a month on: one well, one failed last night, one paused. */
    public void aMonthOn(Instant now) {
        aMonthOn(now, true);
    }

    /** The same, without the Papermerge schedule: the one a backup's Summary then offers to make. */
    public void aMonthOn(Instant now, boolean papermerge) {
        ZonedDateTime next =
                RunCalendar.parse("daily 03:00").next(ZonedDateTime.now()).orElseThrow();
        ZonedDateTime drill =
                RunCalendar.parse("weekly Sun 04:00").next(ZonedDateTime.now()).orElseThrow();
        Schedule pm = schedule("srv-a-papermerge", "srv-a", "/opt/papermerge", false);
        List<RunRecord> pmRuns = new ArrayList<>();
        long[] downtime = {1_600, 1_450, 1_700, 1_520, 1_480, 2_900, 1_610, 1_550, 0, 1_500, 1_420, 1_660, 1_580, 1_530
        };
        long[] disk = {
            9_000_000,
            4_100_000,
            3_800_000,
            6_200_000,
            2_900_000,
            14_500_000,
            3_300_000,
            4_000_000,
            0,
            7_700_000,
            3_100_000,
            2_800_000,
            5_400_000,
            3_600_000
        };
        for (int i = 0; i < downtime.length; i++) {
            pmRuns.add(backup(
                    pm.name(),
                    now,
                    downtime.length - i,
                    downtime[i] == 0 ? RunRecord.Outcome.FAILED : RunRecord.Outcome.OK,
                    downtime[i],
                    disk[i]));
        }
        runs.put(pm.name(), new CopyOnWriteArrayList<>(pmRuns));
        RunRecord pmLast = pmRuns.get(pmRuns.size() - 1);
        if (papermerge) {
            statuses.add(new ScheduleStatus(
                    pm,
                    "ok",
                    new ScheduleStatus.Seen(Instant.parse(pmLast.ended()), true, "/store/x", "snapshot complete"),
                    pmLast,
                    new ScheduleStatus.Seen(now.minus(Duration.ofDays(2)), true, "/store/x", "passed"),
                    next,
                    drill,
                    false,
                    false,
                    List.of(),
                    List.of()));
        } else {
            runs.remove(pm.name());
        }

        Schedule ol = schedule("lab-overleaf", "lab", "/home/admin/overleaf-toolkit", false);
        RunRecord olFailed = backup(ol.name(), now, 0, RunRecord.Outcome.FAILED, 0, 0);
        List<RunRecord> olRuns = new ArrayList<>();
        for (int i = 6; i >= 1; i--) {
            olRuns.add(backup(ol.name(), now, i, RunRecord.Outcome.OK, 3_100 + i * 90L, 21_000_000L + i * 1_500_000L));
        }
        olRuns.add(olFailed);
        runs.put(ol.name(), new CopyOnWriteArrayList<>(olRuns));
        statuses.add(new ScheduleStatus(
                ol,
                "failed",
                new ScheduleStatus.Seen(now.minus(Duration.ofDays(1)), true, "/store/y", "snapshot complete"),
                olFailed,
                new ScheduleStatus.Seen(now.minus(Duration.ofDays(5)), true, "/store/y", "passed"),
                next,
                drill,
                false,
                false,
                List.of("the last scheduled backup FAILED (" + olFailed.ended() + "): " + olFailed.message()),
                List.of()));

        Schedule st = schedule("team-seatable", "team", "/opt/seatable-compose", true);
        statuses.add(new ScheduleStatus(
                st,
                "paused",
                new ScheduleStatus.Seen(now.minus(Duration.ofDays(9)), true, "/store/z", "snapshot complete"),
                null,
                null,
                null,
                null,
                false,
                false,
                List.of(),
                List.of()));
    }
}
