package dev.lifeboat.engine.service;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.ChannelStore;
import dev.lifeboat.engine.config.ScheduleStore;
import dev.lifeboat.engine.config.Secrets;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.dumpers.ToolMissingException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.notify.Dispatch;
import dev.lifeboat.engine.notify.Notice;
import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.AuthenticationException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.ConnectFailedException;
import dev.lifeboat.engine.remote.HostKeyException;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.SudoException;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.LocalProgram;
import dev.lifeboat.engine.schedule.RunCalendar;
import dev.lifeboat.engine.schedule.RunHistory;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.schedule.Scheduler;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.schedule.Schedulers;
import dev.lifeboat.engine.schedule.SystemdCalendar;
import dev.lifeboat.engine.schedule.SystemdTimers;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.LockedException;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.ServerLockedException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unattended runs (issue 18, ADR 0013): schedules saved beside the profiles and fired by the computer's own
 * scheduler, the run a timer starts (the same backup and drill as the window and the CLI), the notification
 * channels, and the status of every scheduled application. Built by {@link Lifeboat#unattended()}; calls block.
 */
public final class Unattended implements ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(Unattended.class);
    /** How many of a run's last log lines a notice carries. */
    static final int LOG_TAIL = 30;

    private final Lifeboat lifeboat;
    private final Map<String, String> env;
    private final Path home;
    private final Secrets secrets;
    private final Dispatch dispatch;

    Unattended(Lifeboat lifeboat, Map<String, String> env, Path home, Path credentialsRoot, Duration retryPause) {
        this.lifeboat = lifeboat;
        this.env = Map.copyOf(env);
        this.home = home;
        this.secrets = new Secrets(lifeboat.dirs().config(), credentialsRoot, env);
        this.dispatch = new Dispatch(secrets, Map.of(), retryPause);
    }

    public ScheduleStore schedules() {
        return new ScheduleStore(lifeboat.dirs().config());
    }

    public ChannelStore channels() {
        return new ChannelStore(lifeboat.dirs().config());
    }

    public Secrets secrets() {
        return secrets;
    }

    /** The records of a schedule's runs. */
    public RunHistory history(String schedule) {
        return new RunHistory(lifeboat.dirs().state(), schedule);
    }

    /** The scheduler of a kind for this user. */
    public Scheduler scheduler(SchedulerKind kind) {
        return Schedulers.of(kind, env, home, lifeboat.dirs().state().resolve("schedules"));
    }

    /** The scheduler a new schedule gets on this computer. */
    public SchedulerKind defaultScheduler() throws EngineException {
        return Schedulers.detect(env, isRoot());
    }

    // ------------------------------------------------------------------------------------------ calendars

    /**
     * Validates a calendar for a scheduler and computes its next runs: systemd's own reading ({@code
     * systemd-analyze calendar}) for a timer; for cron the short forms, computed as cron reads them (and checked by
     * systemd-analyze too where it is installed).
     *
     * @throws IllegalArgumentException when the scheduler does not read it, in words for the admin
     */
    public List<ZonedDateTime> nextRuns(String calendar, SchedulerKind kind, int count) throws EngineException {
        RunCalendar c = RunCalendar.parse(calendar);
        if (kind == SchedulerKind.CRON) {
            if (c.cron().isEmpty()) {
                throw new IllegalArgumentException("cron reads only \"daily HH:MM\", \"weekly DAY HH:MM\", \"monthly D"
                        + " HH:MM\" and \"hourly\", not \"" + calendar + "\"");
            }
            return javaNext(c, count);
        }
        return SystemdCalendar.check(c.onCalendar(), count).next();
    }

    private static List<ZonedDateTime> javaNext(RunCalendar c, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime t = ZonedDateTime.now();
        for (int i = 0; i < count; i++) {
            Optional<ZonedDateTime> n = c.next(t);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            t = n.get();
        }
        return out;
    }

    @Override
    public CalendarReading readCalendar(String calendar, SchedulerKind kind, int count) throws EngineException {
        RunCalendar c = RunCalendar.parse(calendar);
        if (kind == SchedulerKind.CRON) {
            return new CalendarReading("cron " + c.cron().orElse("?"), nextRuns(calendar, kind, count));
        }
        SystemdCalendar.Checked checked = SystemdCalendar.check(c.onCalendar(), count);
        return new CalendarReading("OnCalendar=" + checked.normalized(), checked.next());
    }

    @Override
    public List<RunRecord> runs(String schedule) {
        return history(schedule).all();
    }

    @Override
    public List<Channel> listChannels() throws EngineException {
        return channels().list();
    }

    /** The next runs as status computes them: systemd's when it can tell, else computed like cron. */
    private List<ZonedDateTime> statusNext(RunCalendar c, int count) {
        try {
            if (SystemdCalendar.available()) {
                return SystemdCalendar.check(c.onCalendar(), count).next();
            }
        } catch (EngineException | IllegalArgumentException e) {
            LOG.debug("systemd-analyze could not compute {}: {}", c.text(), e.getMessage());
        }
        return javaNext(c, count);
    }

    // ------------------------------------------------------------------------------------------ logging in alone

    /** A key Lifeboat made for a profile: its file, its public line, its fingerprint. */
    public record Key(Path file, String publicLine, String fingerprint, boolean created) {}

    /**
     * The key without passphrase Lifeboat keeps for a profile ({@code CONFIG/keys/PROFILE_ed25519}), made with
     * {@code ssh-keygen} the first time.
     */
    public Key profileKey(String profile) throws EngineException {
        Path dir = lifeboat.dirs().config().resolve("keys");
        Path file = dir.resolve(profile.replaceAll("[^A-Za-z0-9._-]", "_") + "_ed25519");
        boolean created = false;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new EngineException("Could not make " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.exists(file)) {
            LocalProgram.Result r = LocalProgram.run(
                    List.of(
                            "ssh-keygen",
                            "-q",
                            "-t",
                            "ed25519",
                            "-N",
                            "",
                            "-C",
                            "lifeboat-schedule@" + hostName() + " for " + profile.replaceAll("[^ -~]", "?"),
                            "-f",
                            file.toString()),
                    "openssh-client");
            if (!r.ok()) {
                throw new EngineException("ssh-keygen could not make a key in " + file + ": " + r.said());
            }
            created = true;
        }
        try {
            String pub = Files.readString(Path.of(file + ".pub"), StandardCharsets.UTF_8)
                    .strip();
            LocalProgram.Result fp =
                    LocalProgram.run(List.of("ssh-keygen", "-l", "-f", file + ".pub"), "openssh-client");
            String fingerprint = fp.ok() ? fp.out().strip().split(" ")[1] : "?";
            return new Key(file, pub, fingerprint, created);
        } catch (IOException e) {
            throw new EngineException("Could not read the key " + file + ".pub: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a public key to the login's {@code ~/.ssh/authorized_keys} on a profile's server, as {@code ssh-copy-id}
     * does (once; the file and folder private), logging in the profile's usual way ({@code prompter} asks).
     */
    public void installKey(ConnectionProfile profile, String publicLine, Prompter prompter) throws EngineException {
        if (!publicLine.matches("ssh-[a-z0-9-]+ [A-Za-z0-9+/=]+( [ -~]*)?")) {
            throw new IllegalArgumentException("not a public key line: " + publicLine);
        }
        try (Server server = lifeboat.connect(profile, prompter)) {
            CommandSpec add = CommandSpec.script(
                    "umask 077 && mkdir -p \"$HOME/.ssh\" && f=\"$HOME/.ssh/authorized_keys\" && touch \"$f\""
                            + " && { grep -qxF \"$1\" \"$f\" || printf '%s\\n' \"$1\" >>\"$f\"; }",
                    List.of(publicLine), true);
            server.shell().capture(add).orThrow(add);
        }
    }

    /** Every secret id a schedule's runs may read. */
    static List<String> secretIds(String schedule) {
        return List.of(
                sudoSecret(schedule),
                passphraseSecret(schedule),
                sudoSecret(spareSecrets(schedule)),
                passphraseSecret(spareSecrets(schedule)));
    }

    /** The secret ids of a schedule's login. */
    static String sudoSecret(String schedule) {
        return "schedule." + schedule + ".sudo";
    }

    static String passphraseSecret(String schedule) {
        return "schedule." + schedule + ".passphrase";
    }

    /** What the login check found. */
    public record LoginCheck(String where, Privileges privileges, String application, List<String> secretsKept) {}

    /**
     * Logs in as the schedule's runs will (its key alone, nobody to ask) and checks it may back the application up:
     * the application is there and root is reachable. A key passphrase or sudo password the login needs is asked of
     * {@code admin} once and kept where the runs will find it (the desktop's secret store for a user timer, a systemd
     * credential for a system timer); where there is no such place the schedule is refused with what to do.
     */
    public LoginCheck checkLogin(Schedule s, ConnectionProfile profile, Prompter admin) throws EngineException {
        return checkLogin(s, s.name(), profile, admin, true);
    }

    /**
     * The same for the spare server a schedule drills on ({@code --drill-on}): its login, root, and the secrets it
     * needs (kept apart from the live server's); no application is looked for there.
     */
    public LoginCheck checkSpareLogin(Schedule s, ConnectionProfile spare, Prompter admin) throws EngineException {
        return checkLogin(s, spareSecrets(s.name()), spare, admin, false);
    }

    /** The base of the secret ids of a schedule's spare server. */
    static String spareSecrets(String schedule) {
        return schedule + ".spare";
    }

    private LoginCheck checkLogin(
            Schedule s, String secretBase, ConnectionProfile profile, Prompter admin, boolean findApp)
            throws EngineException {
        Optional<Secrets.Where> place = secretPlace(s.scheduler());
        Map<String, char[]> asked = new LinkedHashMap<>();
        Prompter recording = new Prompter() {
            @Override
            public Optional<char[]> password(String userAtHost, String promptText) {
                return Optional.empty(); // a scheduled run logs in with its key only
            }

            @Override
            public Optional<char[]> passphrase(Path keyFile) {
                return kept(passphraseSecret(secretBase), () -> admin.passphrase(keyFile));
            }

            @Override
            public Optional<char[]> sudoPassword(String userAtHost) {
                return kept(sudoSecret(secretBase), () -> admin.sudoPassword(userAtHost));
            }

            @Override
            public boolean confirmUnknownHostKey(HostKeyInfo key) {
                return admin.confirmUnknownHostKey(key);
            }

            private Optional<char[]> kept(String id, Supplier<Optional<char[]>> ask) {
                try {
                    Optional<char[]> k = secrets.read(id);
                    if (k.isPresent()) {
                        return k;
                    }
                } catch (EngineException e) {
                    LOG.debug("no kept secret {}: {}", id, e.getMessage());
                }
                Optional<char[]> a = ask.get();
                a.ifPresent(v -> asked.put(id, v.clone()));
                return a;
            }
        };
        List<String> kept = new ArrayList<>();
        try (Server server = lifeboat.connect(Lifeboat.target(profile), unattendedSsh(s), recording)) {
            Privileges p = server.shell().privileges();
            if (!p.root() && p.sudo() == Privileges.Sudo.UNAVAILABLE) {
                throw new dev.lifeboat.engine.workflow.PreflightException(server.where() + " cannot become root (no"
                        + " sudo): a backup reads every file as root. Use a login that can (root, or one with sudo).");
            }
            if (!p.root()) {
                // Becomes root once, as the backup will: a sudo password is asked (and kept) now, not at 03:00.
                CommandSpec id = CommandSpec.read("id", "-u").asRoot();
                server.shell().capture(id).orThrow(id);
            }
            String found = "a server to drill on";
            if (findApp) {
                Applications.Chosen app = server.choose(s.app(), false);
                found = app.stack().displayName() + " in " + app.stack().installDir();
            }
            if (!asked.isEmpty()) {
                if (place.isEmpty()) {
                    throw new EngineException(refusal(s, asked.keySet()));
                }
                for (Map.Entry<String, char[]> e : asked.entrySet()) {
                    secrets.store(place.get(), e.getKey(), e.getValue());
                    kept.add(e.getKey() + " (" + place.get().word() + ")");
                }
            }
            return new LoginCheck(server.where(), p, found, kept);
        } finally {
            asked.values().forEach(v -> Arrays.fill(v, '\0'));
        }
    }

    /** Where a scheduler's runs find a login secret; empty when there is no safe place for one. */
    public Optional<Secrets.Where> secretPlace(SchedulerKind kind) {
        return switch (kind) {
            case SYSTEMD_USER -> secrets.secretServiceAvailable()
                    ? Optional.of(Secrets.Where.SECRET_SERVICE)
                    : Optional.empty();
            case SYSTEMD_SYSTEM -> Optional.of(Secrets.Where.CREDENTIAL);
            case CRON -> Optional.empty();
        };
    }

    private static String refusal(Schedule s, java.util.Collection<String> needed) {
        String what = needed.stream().anyMatch(n -> n.endsWith(".sudo")) ? "a sudo password" : "a key passphrase";
        return switch (s.scheduler()) {
            case SYSTEMD_USER -> "The login needs " + what + ", and this desktop has no secret store that answers"
                    + " (secret-tool, the Secret Service: GNOME Keyring or KeePassXC, unlocked). Start one, or use a"
                    + " key without a passphrase (--install-key) and a login that needs no sudo password (root, or"
                    + " sudo NOPASSWD), then add the schedule again.";
            case CRON -> "The login needs " + what + ", and a crontab has no safe place to keep one. Use a key without"
                    + " a passphrase (--install-key) and a login that needs no sudo password (root, or sudo NOPASSWD),"
                    + " or a systemd timer.";
            case SYSTEMD_SYSTEM -> "The login needs " + what + " that could not be kept as a systemd credential.";
        };
    }

    /** SSH as a scheduled run: the schedule's key file alone. */
    private SshOptions unattendedSsh(Schedule s) {
        return lifeboat.ssh().forProfile(AuthMethod.KEY_FILE, s.keyFile());
    }

    /** The prompter of a fired run: what the secret stores hold, never a person. */
    private Prompter unattendedPrompter(Schedule s) {
        return unattendedPrompter(s.name());
    }

    private Prompter unattendedPrompter(String secretBase) {
        return new Prompter() {
            @Override
            public Optional<char[]> password(String userAtHost, String promptText) {
                return Optional.empty();
            }

            @Override
            public Optional<char[]> passphrase(Path keyFile) {
                return quietly(passphraseSecret(secretBase));
            }

            @Override
            public Optional<char[]> sudoPassword(String userAtHost) {
                return quietly(sudoSecret(secretBase));
            }

            @Override
            public boolean confirmUnknownHostKey(HostKeyInfo key) {
                return false;
            }

            private Optional<char[]> quietly(String id) {
                try {
                    return secrets.read(id);
                } catch (EngineException e) {
                    LOG.warn("could not read the secret {}: {}", id, e.getMessage());
                    return Optional.empty();
                }
            }
        };
    }

    // ------------------------------------------------------------------------------------------ schedules

    /**
     * Saves a schedule and installs its timers (or crontab lines), replacing one of the same name.
     *
     * @return the files (or crontab lines) written
     */
    public List<String> install(Schedule s, Launch launch) throws EngineException {
        Map<String, String> credentials = new LinkedHashMap<>();
        if (s.scheduler() == SchedulerKind.SYSTEMD_SYSTEM) {
            for (String id : secretIds(s.name())) {
                secrets.unitLine(id).ifPresent(line -> credentials.put(id, line));
            }
        }
        List<String> written = scheduler(s.scheduler()).install(s, launch, credentials);
        schedules().save(s);
        return written;
    }

    /** Removes a schedule: its timers or crontab lines, its kept secrets, its records. False when there was none. */
    public boolean remove(String name) throws EngineException {
        Optional<Schedule> s = schedules().get(name);
        if (s.isEmpty()) {
            return false;
        }
        scheduler(s.get().scheduler()).remove(name);
        for (String id : secretIds(name)) {
            secrets.delete(id);
        }
        schedules().delete(name);
        try {
            history(name).delete();
        } catch (IOException e) {
            LOG.warn("could not remove the records of {}: {}", name, e.getMessage());
        }
        return true;
    }

    /** Pauses (timers stopped, crontab lines commented out) or resumes a schedule. */
    public Schedule pause(String name, boolean paused, Launch launch) throws EngineException {
        Schedule s = require(name).withPaused(paused);
        Scheduler sch = scheduler(s.scheduler());
        if (sch instanceof SystemdTimers t) {
            t.enable(s, !paused);
            schedules().save(s);
        } else {
            install(s, launch);
        }
        return s;
    }

    /**
     * Starts a run now through the scheduler, as the timer would (for systemd, {@code systemctl start} of its
     * oneshot unit, which returns when the run has ended), and returns its record.
     */
    public RunRecord runNow(String name, Schedule.Kind kind, Launch launch) throws EngineException {
        Schedule s = require(name);
        if (kind == Schedule.Kind.DRILL && s.drill() == null) {
            throw new IllegalArgumentException("the schedule " + name + " has no drill");
        }
        Optional<RunRecord> before = history(name).last(kind);
        LocalProgram.Result r = scheduler(s.scheduler()).start(s, kind, launch);
        Optional<RunRecord> after = history(name).last(kind);
        if (after.isPresent() && !after.equals(before)) {
            return after.get();
        }
        throw new EngineException("The " + kind.word() + " of " + name + " left no record (" + r.said() + "); its"
                + " log: " + scheduler(s.scheduler()).logHint(s, kind));
    }

    public Schedule require(String name) throws EngineException {
        return schedules()
                .get(name)
                .orElseThrow(
                        () -> new EngineException("No schedule " + name + " ('lifeboat schedule list' lists them)."));
    }

    // ------------------------------------------------------------------------------------------ the fired run

    /**
     * The run a timer fires: a backup of the schedule's application (retention after it, as every backup), or a
     * drill of its newest snapshot beside the live site or on the spare server; recorded, and told to the
     * schedule's channels. A run that finds the previous run of the application still going is skipped and says so.
     * Never throws for what went wrong on the server or in the store: that is the record's outcome.
     *
     * @param listener the run's events (also kept in the run's log and the notice's last lines)
     */
    public RunRecord run(String name, Schedule.Kind kind, ProgressListener listener, CancelToken cancel)
            throws EngineException {
        Schedule s = require(name);
        if (kind == Schedule.Kind.DRILL && s.drill() == null) {
            throw new IllegalArgumentException("the schedule " + name + " has no drill");
        }
        RunHistory history = history(name);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Channel> channels = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String c : s.channels()) {
            Optional<Channel> ch = channels().get(c);
            if (ch.isPresent()) {
                channels.add(ch.get());
            } else {
                warnings.add(c + ": no such channel any more (lifeboat notify list)");
            }
        }
        StringBuilder heldBy = new StringBuilder();
        Optional<RunHistory.RunLock> lock = history.tryLock(
                kind.word() + " started " + started + " by process "
                        + ProcessHandle.current().pid(),
                heldBy);
        if (lock.isEmpty()) {
            String msg = "Skipped: the previous run of " + name + " is still running ("
                    + (heldBy.length() == 0 ? "it did not say which" : heldBy) + ").";
            listener.on(new WorkflowEvent.Warning(Instant.now(), msg));
            RunRecord skipped = new RunRecord(
                    name,
                    kind.word(),
                    started.toString(),
                    Instant.now().toString(),
                    RunRecord.Outcome.SKIPPED,
                    msg,
                    "unknown",
                    null,
                    null,
                    0,
                    0,
                    0,
                    0,
                    warnings);
            history.add(skipped);
            return skipped;
        }
        try (RunHistory.RunLock held = lock.get();
                Tail tail = new Tail(history.log(kind), listener)) {
            CompletableFuture<List<String>> startPing = CompletableFuture.supplyAsync(
                    () -> dispatch.tell(
                            channels,
                            new Notice(
                                    Notice.Event.START,
                                    s.name(),
                                    "Lifeboat " + kind.word() + " of " + s.name() + " started",
                                    "",
                                    List.of())),
                    daemon());
            Outcome o =
                    kind == Schedule.Kind.BACKUP ? backup(s, history, tail, cancel) : drill(s, history, tail, cancel);
            long took = Duration.between(started, Instant.now()).toMillis();
            RunRecord r = new RunRecord(
                    name,
                    kind.word(),
                    started.toString(),
                    Instant.now().toString(),
                    o.outcome,
                    o.message,
                    o.siteUp,
                    o.snapshot,
                    o.appDir,
                    o.size,
                    o.newDisk,
                    o.downtime,
                    took,
                    List.of());
            tail.line("== " + r.outcome() + ": " + r.message());
            if (o.outcome != RunRecord.Outcome.SKIPPED) {
                Notice n = notice(s, kind, r, o, tail.lines());
                warnings.addAll(dispatch.tell(channels, n));
            }
            warnings.addAll(
                    0, startPing.join().stream().map(w -> "at the start: " + w).toList());
            warnings.forEach(w -> listener.on(new WorkflowEvent.Warning(Instant.now(), "notification: " + w)));
            r = r.withNotifyWarnings(warnings);
            history.add(r);
            return r;
        }
    }

    /** What a run found, before it is recorded. */
    private static final class Outcome {
        RunRecord.Outcome outcome = RunRecord.Outcome.FAILED;
        String message = "";
        String siteUp = "unknown";
        String snapshot;
        String appDir;
        long size;
        long newDisk;
        long downtime;
        String application;
        String todo = "";
        String event = "FAILURE";
    }

    private Outcome backup(Schedule s, RunHistory history, Tail tail, CancelToken cancel) {
        Outcome o = new Outcome();
        Server server = null;
        String project = null;
        Lifeboat lb = lifeboat.withStore(s.store() == null ? null : Path.of(s.store()));
        try {
            ConnectionProfile profile = profile(s.profile());
            o.application = s.app() == null ? profile.address() : s.app() + " on " + profile.address();
            server = lb.connect(Lifeboat.target(profile), unattendedSsh(s), unattendedPrompter(s));
            Applications.Chosen app = server.choose(s.app(), false);
            o.application = app.stack().displayName() + " in " + app.stack().installDir() + " on " + server.where();
            BackupPlan plan = server.plan(app.stack(), app.maintenance());
            project = plan.project();
            o.appDir = plan.appDir().toString();
            BackupWorkflow.Result r = server.run(plan, tail, cancel);
            Manifest m = r.manifest();
            StoreStats.Usage u = StoreStats.usage(r.snapshot());
            o.snapshot = r.snapshot().toString();
            o.size = u.apparentBytes();
            o.newDisk = u.newDiskBytes();
            o.downtime = m.downtime().millis();
            if (m.downtime().healthy()) {
                o.outcome = RunRecord.Outcome.OK;
                o.siteUp = "up";
                o.event = "SUCCESS";
                o.message = "snapshot " + lb.store().idOf(r.snapshot()) + " complete: " + human(o.size) + " ("
                        + human(o.newDisk) + " new on disk), site down " + seconds(o.downtime);
            } else {
                o.message = "snapshot " + lb.store().idOf(r.snapshot()) + " complete, but the site's health check"
                        + " did not pass after it";
                o.siteUp = siteState(server, project);
                o.todo = "Look at the site now: its containers were started again but it did not answer its health"
                        + " check in time.";
            }
        } catch (LockedException | ServerLockedException e) {
            o.outcome = RunRecord.Outcome.SKIPPED;
            o.message = "Skipped: " + e.getMessage();
            o.siteUp = "up";
        } catch (EngineException | RuntimeException e) {
            failed(o, s, e, lb.store().root());
            o.siteUp = server == null ? "unknown" : siteState(server, project);
        } finally {
            if (server != null) {
                server.close();
            }
        }
        return o;
    }

    private Outcome drill(Schedule s, RunHistory history, Tail tail, CancelToken cancel) {
        Outcome o = new Outcome();
        Server source = null;
        Server target = null;
        Lifeboat lb = lifeboat.withStore(s.store() == null ? null : Path.of(s.store()));
        try {
            ConnectionProfile profile = profile(s.profile());
            o.application = s.app() == null ? profile.address() : s.app() + " on " + profile.address();
            Path appDir = history.lastOk(Schedule.Kind.BACKUP)
                    .map(RunRecord::appDir)
                    .map(Path::of)
                    .orElse(null);
            if (appDir == null) {
                source = lb.connect(Lifeboat.target(profile), unattendedSsh(s), unattendedPrompter(s));
                Applications.Chosen app = source.choose(s.app(), false);
                appDir = lb.store()
                        .appDir(
                                source.target().host(),
                                source.target().port(),
                                app.stack().stackId(),
                                app.stack().compose() == null
                                        ? null
                                        : app.stack().compose().name());
            }
            o.appDir = appDir.toString();
            Path newest = lb.store()
                    .latestComplete(appDir)
                    .orElseThrow(() -> new EngineException(
                            "There is no complete snapshot of " + s.name() + " to" + " drill yet."));
            Manifest m = SnapshotStore.readManifest(newest);
            o.snapshot = newest.toString();
            o.application = m.application().name() + " in " + m.application().installDir() + " (snapshot "
                    + lb.store().idOf(newest) + ")";
            if (s.drillOn() != null) {
                target = lb.connect(
                        Lifeboat.target(profile(s.drillOn())),
                        unattendedSsh(s),
                        unattendedPrompter(spareSecrets(s.name())));
            } else {
                target = source != null
                        ? source
                        : lb.connect(Lifeboat.target(profile), unattendedSsh(s), unattendedPrompter(s));
            }
            DrillRecord d = target.drill(newest, false, tail, cancel);
            o.siteUp = "up (a drill does not touch the live site)";
            if (d.passed()) {
                o.outcome = RunRecord.Outcome.OK;
                o.event = "SUCCESS";
                o.message = "drill of " + lb.store().idOf(newest) + " passed on " + d.target() + ": restored in "
                        + seconds(d.restoreMillis()) + " (" + seconds(d.millis()) + " in all)"
                        + (d.leftBehind().isEmpty() ? "" : "; left behind: " + String.join(", ", d.leftBehind()));
            } else {
                o.event = "DRILL_FAILED";
                o.message = "drill of " + lb.store().idOf(newest) + " on " + d.target() + " did NOT pass: "
                        + String.join("; ", d.problems());
                o.todo = "The restore did not bring back what the snapshot holds: check the snapshot ('lifeboat verify "
                        + lb.store().idOf(newest) + "'), take a new backup ('lifeboat schedule run-now " + s.name()
                        + "') and drill it again; if it fails again, the restore of this application needs looking"
                        + " at before it is needed."
                        + (d.leftBehind().isEmpty()
                                ? ""
                                : " Left behind on the server: " + String.join(", ", d.leftBehind()) + ".");
            }
        } catch (LockedException | ServerLockedException e) {
            o.outcome = RunRecord.Outcome.SKIPPED;
            o.message = "Skipped: " + e.getMessage();
        } catch (EngineException | RuntimeException e) {
            failed(o, s, e, lb.store().root());
            o.siteUp = "unknown (a drill does not touch the live site)";
        } finally {
            if (target != null && target != source) {
                target.close();
            }
            if (source != null) {
                source.close();
            }
        }
        return o;
    }

    private void failed(Outcome o, Schedule s, Exception e, Path store) {
        o.outcome = RunRecord.Outcome.FAILED;
        o.event = "FAILURE";
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        o.message = msg;
        if (!(e instanceof EngineException)) {
            LOG.error("the scheduled run of {} failed unexpectedly", s.name(), e);
        }
        String all = chain(e);
        if (e instanceof ConnectFailedException) {
            o.todo = "Check that the server is on and that this computer reaches it (lifeboat detect with the"
                    + " profile's address); the site itself was not touched. The next run tries again.";
        } else if (e instanceof AuthenticationException) {
            o.todo = "The schedule's key no longer logs in: install it again ('lifeboat schedule add " + s.profile()
                    + " ... --install-key') or check the server's authorized_keys.";
        } else if (e instanceof HostKeyException) {
            o.todo = "The server's host key is not the one Lifeboat knows: find out why before you trust it again"
                    + " (lifeboat detect shows its fingerprint).";
        } else if (e instanceof SudoException) {
            o.todo = "sudo refused the kept password: add the schedule again to keep the new one.";
        } else if (all.contains("No space left on device")
                || all.toLowerCase(Locale.ROOT).contains("disk full")) {
            o.todo = "The snapshot store " + store + " is full: free space there (or move the store with 'lifeboat"
                    + " schedule add ... --store DIR'); retention removes old snapshots only after a backup that"
                    + " completed. The site was started again.";
        } else if (e instanceof ToolMissingException
                || all.toLowerCase(Locale.ROOT).contains("dump")) {
            o.todo = "A database dump failed: read the run's log for the database's own words. The site was started"
                    + " again; no snapshot was made.";
        } else if (e instanceof CancelledException) {
            o.todo = "The run was stopped before it ended; the site was started again.";
        } else {
            o.todo = "Read the run's log, then run it again with 'lifeboat schedule run-now " + s.name() + "'.";
        }
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(' ');
        }
        return b.toString();
    }

    /** Whether the application's containers run after a run: {@code up}, {@code DOWN: ...} or {@code unknown}. */
    private static String siteState(Server server, String project) {
        if (project == null) {
            return "unknown (Lifeboat did not get as far as finding the application)";
        }
        try {
            List<ContainerState> cs = new Docker(server.shell()).project(project);
            if (cs.isEmpty()) {
                return "unknown (no container of " + project + " found)";
            }
            List<String> stopped = cs.stream()
                    .filter(c -> !c.running())
                    .map(ContainerState::name)
                    .toList();
            return stopped.isEmpty()
                    ? "up (its " + cs.size() + " containers run)"
                    : "DOWN: " + String.join(", ", stopped) + " not running";
        } catch (EngineException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private Notice notice(Schedule s, Schedule.Kind kind, RunRecord r, Outcome o, List<String> logTail) {
        Notice.Event ev = Notice.Event.valueOf(o.event);
        String app = o.application == null ? s.name() : o.application;
        String title =
                switch (ev) {
                    case SUCCESS -> "Lifeboat: " + kind.word() + " of " + s.name() + " done";
                    case DRILL_FAILED -> "Lifeboat: the drill of " + s.name() + " did NOT pass";
                    default -> "Lifeboat: the " + kind.word() + " of " + s.name() + " FAILED";
                };
        StringBuilder b = new StringBuilder();
        b.append("Application: ").append(app).append('\n');
        if (ev == Notice.Event.SUCCESS) {
            b.append(capital(r.message())).append('\n');
            if (kind == Schedule.Kind.BACKUP) {
                b.append("Size: ")
                        .append(human(r.sizeBytes()))
                        .append(" (")
                        .append(human(r.newDiskBytes()))
                        .append(" new on disk)\n");
                b.append("Downtime: ").append(seconds(r.downtimeMillis())).append('\n');
            }
            b.append("Duration: ").append(seconds(r.durationMillis())).append('\n');
        } else {
            b.append("What failed: ").append(r.message()).append('\n');
            b.append("Site: ").append(r.siteUp()).append('\n');
            b.append("What to do: ").append(o.todo).append('\n');
        }
        b.append("Schedule: ")
                .append(s.name())
                .append(" (")
                .append(kind.word())
                .append(", started ")
                .append(r.started())
                .append(")\n");
        b.append("Log: ").append(history(s.name()).log(kind));
        return new Notice(ev, app, title, b.toString(), logTail);
    }

    /** A test message over one channel: null when it was told, else the warning. */
    public String test(String channel) throws EngineException {
        Channel c = channels()
                .get(channel)
                .orElseThrow(() -> new EngineException("No channel " + channel + " ('lifeboat notify list')."));
        return dispatch.tell(
                c,
                new Notice(
                        Notice.Event.TEST,
                        "Lifeboat",
                        "Lifeboat: a test message",
                        "This is a test from Lifeboat on " + hostName() + ": the channel " + channel
                                + " works. Failed backups and drills that do not pass are told here.",
                        List.of()));
    }

    /**
     * Saves a channel; its password or token, if any, goes to the desktop's secret store, else to a file only this
     * user reads.
     */
    public Channel addChannel(Channel c, char[] secret) throws EngineException {
        Channel saved = c;
        if (secret != null) {
            String id = Channel.secretId(c.name());
            Secrets.Where where = secrets.secretServiceAvailable() ? Secrets.Where.SECRET_SERVICE : Secrets.Where.FILE;
            secrets.store(where, id, secret);
            saved = new Channel(
                    c.name(),
                    c.type(),
                    c.onSuccess(),
                    c.url(),
                    c.host(),
                    c.port(),
                    c.security(),
                    c.user(),
                    c.from(),
                    c.to(),
                    c.priority(),
                    c.tags(),
                    id,
                    c.caFile());
        }
        channels().save(saved);
        return saved;
    }

    public boolean removeChannel(String name) throws EngineException {
        secrets.delete(Channel.secretId(name));
        return channels().delete(name);
    }

    // ------------------------------------------------------------------------------------------ status

    /** Every schedule's application as {@code status} shows it, by schedule name. */
    public List<ScheduleStatus> status() throws EngineException {
        List<ScheduleStatus> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Schedule s : schedules().list()) {
            RunHistory h = history(s.name());
            Optional<ScheduleStatus.Seen> backup = Optional.empty();
            Optional<ScheduleStatus.Seen> drill = Optional.empty();
            Optional<String> appDir = h.lastOk(Schedule.Kind.BACKUP).map(RunRecord::appDir);
            if (appDir.isPresent()) {
                SnapshotStore store = lifeboat.withStore(s.store() == null ? null : Path.of(s.store()))
                        .store();
                Optional<Path> newest = store.latestComplete(Path.of(appDir.get()));
                if (newest.isPresent()) {
                    Manifest m = SnapshotStore.readManifest(newest.get());
                    backup = Optional.of(new ScheduleStatus.Seen(
                            Instant.parse(m.finished() == null ? m.started() : m.finished()),
                            true,
                            newest.get().toString(),
                            store.idOf(newest.get())));
                }
                drill = newestDrill(store, Path.of(appDir.get()));
            }
            out.add(ScheduleStatus.of(s, h, backup, drill, now, this::statusNext));
        }
        return out;
    }

    private static Optional<ScheduleStatus.Seen> newestDrill(SnapshotStore store, Path appDir) throws EngineException {
        ScheduleStatus.Seen best = null;
        for (Path p : store.snapshotDirs(appDir)) {
            Optional<DrillRecord> d = DrillRecord.read(p);
            if (d.isPresent()) {
                Instant at = Instant.parse(d.get().at());
                if (best == null || at.isAfter(best.at())) {
                    best = new ScheduleStatus.Seen(
                            at,
                            d.get().passed(),
                            p.toString(),
                            d.get().passed()
                                    ? "passed"
                                    : String.join("; ", d.get().problems()));
                }
            }
        }
        return Optional.ofNullable(best);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ConnectionProfile profile(String name) throws EngineException {
        return lifeboat.profiles().list().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new EngineException("The saved profile " + name + " is gone: save it again in the"
                        + " window, or remove the schedule."));
    }

    private boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this computer";
        }
    }

    private static java.util.concurrent.Executor daemon() {
        return r -> {
            Thread t = new Thread(r, "lifeboat-notify");
            t.setDaemon(true);
            t.start();
        };
    }

    static String human(long bytes) {
        return dev.lifeboat.engine.model.ByteSizes.human(java.util.OptionalLong.of(bytes));
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Forwards a run's events, keeps its last lines for the notice, and writes them all to the run's log file. */
    static final class Tail implements ProgressListener, AutoCloseable {
        private final ProgressListener next;
        private final Deque<String> last = new ArrayDeque<>();
        private final Writer file;

        Tail(Path log, ProgressListener next) throws EngineException {
            this.next = next;
            try {
                Files.createDirectories(log.getParent());
                this.file = Files.newBufferedWriter(
                        log,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new EngineException("Could not write the run's log " + log + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void on(WorkflowEvent e) {
            if (!(e instanceof WorkflowEvent.Progress)) {
                String text = e instanceof WorkflowEvent.LogLine l
                        ? "    | " + l.source() + ": " + l.line()
                        : EventText.line(e);
                line(text);
            }
            next.on(e);
        }

        synchronized void line(String text) {
            last.addLast(text);
            while (last.size() > LOG_TAIL) {
                last.removeFirst();
            }
            try {
                file.write(Instant.now() + " " + text + "\n");
                file.flush();
            } catch (IOException e) {
                LOG.debug("could not write the run's log: {}", e.getMessage());
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(last);
        }

        @Override
        public void close() {
            try {
                file.close();
            } catch (IOException e) {
                LOG.debug("could not close the run's log: {}", e.getMessage());
            }
        }
    }
}
