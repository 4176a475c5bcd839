package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.RunCalendar;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.schedule.Units;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Unattended;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code schedule add|list|remove|run-now|pause|resume|run}: unattended backups and drills fired by the computer's
 * own scheduler (systemd timers or cron), over the engine's {@link Unattended}.
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = {
            "Unattended backups and restore drills, fired by this computer's scheduler (a systemd user timer on a"
                    + " desktop, a systemd system timer as root on a headless host, a crontab line without systemd):"
                    + " no Lifeboat daemon. 'lifeboat status' shows how they went."
        },
        subcommands = {
            ScheduleCommand.Add.class,
            ScheduleCommand.ListSchedules.class,
            ScheduleCommand.Remove.class,
            ScheduleCommand.RunNow.class,
            ScheduleCommand.Pause.class,
            ScheduleCommand.Resume.class,
            ScheduleCommand.Run.class
        })
final class ScheduleCommand implements Runnable {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ROOT);
    private final Lifeboat lifeboat;

    ScheduleCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The Lifeboat of the {@code schedule} command, from a sub-command's parent spec. */
    static Lifeboat lifeboat(CommandSpec parent) {
        return ((ScheduleCommand) parent.userObject()).lifeboat;
    }

    static String when(ZonedDateTime t) {
        return t == null ? "-" : WHEN.format(t);
    }

    // ------------------------------------------------------------------------------------------ add

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Back up a saved profile's application on a calendar, and optionally drill its newest snapshot. The"
                        + " calendar is checked the way the scheduler reads it and the next runs are shown; the login is"
                        + " tried as the runs will log in (a key alone, nobody to ask) before anything is saved.",
                "CALENDAR: \"daily 03:00\", \"weekly Sun 04:00\", \"weekly Mon,Thu 04:00\", \"monthly 1 05:00\","
                        + " \"hourly\", or (systemd timers only) any systemd calendar expression."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROFILE", description = "A saved connection profile (the window's).")
        String profile;

        @Option(names = "--app", paramLabel = "APP", description = "The application, on a server that runs several.")
        String app;

        @Option(names = "--backup", required = true, paramLabel = "CALENDAR", description = "When to back up.")
        String backup;

        @Option(names = "--drill", paramLabel = "CALENDAR", description = "When to drill the newest snapshot.")
        String drill;

        @Option(
                names = "--drill-on",
                paramLabel = "PROFILE",
                description = "Drill on this spare server (a saved profile) instead of beside the live site.")
        String drillOn;

        @Option(
                names = "--notify",
                paramLabel = "CHANNEL",
                arity = "1..*",
                description = "Tell these channels ('lifeboat notify add'): failures and drills that do not pass.")
        List<String> notify = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "The schedule's name (default: from the profile).")
        String name;

        @Option(
                names = "--scheduler",
                paramLabel = "KIND",
                description = "systemd-user, systemd-system or cron (default: what this computer has).")
        String scheduler;

        @Option(
                names = "--store",
                paramLabel = "DIR",
                description = "The snapshot store (default: ~/Lifeboat/snapshots).")
        Path store;

        @Option(
                names = "--install-key",
                description = "Make a key without passphrase for this profile, show it, and install it in the server's"
                        + " authorized_keys once you agree (as ssh-copy-id does).")
        boolean installKey;

        @Option(
                names = "--key",
                paramLabel = "FILE",
                description = "Log in with this private key of yours (its passphrase, if any, is kept in the secret"
                        + " store).")
        Path key;

        @Option(names = "--yes", description = "Agree to installing the key without asking (for scripts).")
        boolean yes;

        @Option(
                names = "--accept-host-key",
                paramLabel = "SHA256:...",
                description = "Trust this host key fingerprint if the server is not in known_hosts yet.")
        List<String> acceptHostKeys = new ArrayList<>();

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "The login and sudo password for installing the key and checking the login (first line"
                        + " of FILE) instead of asking.")
        Path passwordFile;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Lifeboat lb = lifeboat(spec.parent());
            Unattended u = lb.unattended();
            ConnectionProfile p = profile(lb, profile);
            if (drillOn != null) {
                profile(lb, drillOn);
                if (drill == null) {
                    throw new ParameterException(spec.commandLine(), "--drill-on needs --drill CALENDAR");
                }
            }
            for (String c : notify) {
                if (u.channels().get(c).isEmpty()) {
                    throw new ParameterException(
                            spec.commandLine(), "no channel " + c + " (add it first: lifeboat notify add " + c + ")");
                }
            }
            SchedulerKind kind = scheduler == null ? u.defaultScheduler() : parseKind();
            String n = name != null ? name : Schedule.defaultName(p.name(), app);
            try {
                Schedule.checkName(n);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + " (give --name NAME)");
            }

            out.println("Schedule " + n + ": " + p.name() + " (" + p.address() + ")" + (app == null ? "" : " " + app)
                    + ", fired by " + kind.word());
            showCalendar(u, out, "backup", backup, kind);
            if (drill != null) {
                showCalendar(u, out, "drill", drill, kind);
                out.println("  drill on: " + (drillOn == null ? "beside the live site" : drillOn));
            }
            out.flush();

            Prompter admin = prompter(err);
            String keyFile = keyFile(u, lb, p, admin, out, err);
            Schedule s = new Schedule(
                    n,
                    p.name(),
                    app,
                    backup,
                    drill,
                    drillOn,
                    notify,
                    kind,
                    keyFile,
                    store == null ? null : store.toAbsolutePath().toString(),
                    null,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    false);
            Unattended.LoginCheck check = u.checkLogin(s, p, admin);
            out.println("Logs in alone: " + check.where() + " with " + keyFile + "; finds " + check.application());
            if (drillOn != null) {
                Unattended.LoginCheck spare = u.checkSpareLogin(s, profile(lb, drillOn), admin);
                out.println("Logs in alone on the spare server: " + spare.where());
            }
            check.secretsKept().forEach(k -> out.println("Kept for the runs: " + k));
            s = new Schedule(
                    s.name(),
                    s.profile(),
                    s.app(),
                    s.backup(),
                    s.drill(),
                    s.drillOn(),
                    s.channels(),
                    s.scheduler(),
                    s.keyFile(),
                    s.store(),
                    check.secretsKept().isEmpty() ? "none" : String.join(", ", check.secretsKept()),
                    s.created(),
                    false);
            List<String> written = u.install(s, Launch.current());
            out.println("Installed:");
            written.forEach(w -> out.println("  " + w));
            out.println("Runs: "
                    + String.join(
                            " ",
                            Launch.current()
                                    .with(Units.runArgs(n, Schedule.Kind.BACKUP).toArray(String[]::new))));
            out.println("Its log: " + u.scheduler(kind).logHint(s, Schedule.Kind.BACKUP)
                    + "; 'lifeboat status' shows how the runs went.");
            if (kind == SchedulerKind.SYSTEMD_USER) {
                out.println("A user timer runs while you are logged in, and catches up a missed run when you log in"
                        + " again. To run it also when nobody is logged in: loginctl enable-linger "
                        + System.getProperty("user.name"));
            } else if (kind == SchedulerKind.CRON) {
                out.println("cron does not catch up a run missed while this computer was off: 'lifeboat status' says"
                        + " when one is overdue.");
            }
            out.flush();
            return ExitCodes.OK;
        }

        private SchedulerKind parseKind() {
            try {
                return SchedulerKind.of(scheduler);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private void showCalendar(Unattended u, PrintWriter out, String what, String cal, SchedulerKind kind)
                throws EngineException {
            List<ZonedDateTime> next;
            RunCalendar c;
            try {
                c = RunCalendar.parse(cal);
                next = u.nextRuns(cal, kind, 3);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--" + what + " \"" + cal + "\": " + e.getMessage());
            }
            if (next.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), "--" + what + " \"" + cal + "\" never runs again (it lies in the past)");
            }
            out.println("  " + what + ": " + c.text() + "  ("
                    + (kind == SchedulerKind.CRON ? "cron " + c.cron().orElse("?") : "OnCalendar=" + c.onCalendar())
                    + ")");
            out.println("    next: "
                    + String.join(", ", next.stream().map(ScheduleCommand::when).toList()));
        }

        private Prompter prompter(PrintWriter err) throws EngineException {
            char[] password = passwordFile == null ? null : SecretFile.firstLine(passwordFile, passwordFile.toString());
            Prompter terminal = new TerminalPrompter(System.console(), err, password);
            List<String> accepted = acceptHostKeys.stream().map(String::strip).toList();
            return new Prompter() {
                @Override
                public Optional<char[]> password(String userAtHost, String promptText) {
                    return terminal.password(userAtHost, promptText);
                }

                @Override
                public Optional<char[]> passphrase(Path keyFile) {
                    return terminal.passphrase(keyFile);
                }

                @Override
                public Optional<char[]> sudoPassword(String userAtHost) {
                    return terminal.sudoPassword(userAtHost);
                }

                @Override
                public boolean confirmUnknownHostKey(HostKeyInfo k) {
                    return accepted.contains(k.fingerprint()) || terminal.confirmUnknownHostKey(k);
                }
            };
        }

        /** The key the runs log in with: Lifeboat's own (installed once agreed), the admin's, or the profile's. */
        private String keyFile(
                Unattended u, Lifeboat lb, ConnectionProfile p, Prompter admin, PrintWriter out, PrintWriter err)
                throws EngineException {
            if (key != null && installKey) {
                throw new ParameterException(spec.commandLine(), "--key and --install-key: choose one");
            }
            if (key != null) {
                if (!Files.isReadable(key)) {
                    throw new ParameterException(spec.commandLine(), "--key " + key + ": not a file this user reads");
                }
                return key.toAbsolutePath().toString();
            }
            if (installKey) {
                Unattended.Key k = u.profileKey(p.name());
                out.println((k.created() ? "Made a key without passphrase for " : "Lifeboat's key for ") + p.name()
                        + ": " + k.file());
                out.println("  " + k.publicLine());
                out.println("  fingerprint " + k.fingerprint());
                List<ConnectionProfile> servers = new ArrayList<>(List.of(p));
                if (drillOn != null) {
                    servers.add(profile(lb, drillOn));
                }
                for (ConnectionProfile server : servers) {
                    if (!agree("Install this key in " + server.address() + "'s ~/.ssh/authorized_keys?", err)) {
                        throw new EngineException("The key was not installed on " + server.address()
                                + ": the schedule was not saved. Without it a scheduled run cannot log in; give"
                                + " --key FILE to use a key of yours.");
                    }
                    u.installKey(server, k.publicLine(), admin);
                    out.println("Installed on " + server.address() + ".");
                }
                return k.file().toString();
            }
            if (p.auth() == AuthMethod.KEY_FILE && !p.keyFile().isBlank()) {
                return Path.of(p.keyFile()).toAbsolutePath().toString();
            }
            throw new ParameterException(
                    spec.commandLine(),
                    "the profile " + p.name() + " logs in with "
                            + p.auth().label().toLowerCase(Locale.ROOT)
                            + ", which a scheduled run cannot use (nobody is there"
                            + " to type a password, and a timer has no ssh-agent). Add --install-key (Lifeboat makes a key for"
                            + " this profile and installs it once you agree) or --key FILE (a key of yours).");
        }

        private boolean agree(String question, PrintWriter err) {
            if (yes) {
                return true;
            }
            Console c = System.console();
            if (c == null) {
                err.println("lifeboat: no terminal to ask \"" + question + "\" on: add --yes to agree ahead.");
                err.flush();
                return false;
            }
            String a = c.readLine("%s [y/N] ", question);
            return a != null && (a.strip().equalsIgnoreCase("y") || a.strip().equalsIgnoreCase("yes"));
        }
    }

    static ConnectionProfile profile(Lifeboat lb, String name) throws EngineException {
        List<ConnectionProfile> all = lb.profiles().list();
        return all.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new EngineException("No saved profile " + name
                        + (all.isEmpty()
                                ? " (none is saved yet: save one on the window's Connect page)"
                                : " (saved: "
                                        + String.join(
                                                ", ",
                                                all.stream()
                                                        .map(ConnectionProfile::name)
                                                        .toList()) + ")")
                        + "."));
    }

    // ------------------------------------------------------------------------------------------ list, remove

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the schedules.")
    static final class ListSchedules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Schedule> all =
                    lifeboat(spec.parent()).unattended().schedules().list();
            if (all.isEmpty()) {
                out.println("No schedules yet ('lifeboat schedule add PROFILE --backup \"daily 03:00\"').");
            }
            for (Schedule s : all) {
                out.println(s.name() + (s.paused() ? "  (paused)" : ""));
                out.println("  " + s.profile() + (s.app() == null ? "" : " " + s.app()) + ", "
                        + s.scheduler().word() + ", key " + s.keyFile());
                out.println("  backup: " + s.backup());
                if (s.drill() != null) {
                    out.println("  drill:  " + s.drill() + (s.drillOn() == null ? "" : " on " + s.drillOn()));
                }
                if (!s.channels().isEmpty()) {
                    out.println("  tells:  " + String.join(", ", s.channels()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove a schedule: its timers or crontab lines, its kept secrets and its records (the"
                    + " snapshots stay).")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!lifeboat(spec.parent()).unattended().remove(name)) {
                throw new ParameterException(spec.commandLine(), "no schedule " + name);
            }
            spec.commandLine().getOut().println("Removed the schedule " + name + "; its snapshots stay in the store.");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop a schedule's timers; keep it.")
    static final class Pause implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            lifeboat(spec.parent()).unattended().pause(name, true, Launch.current());
            spec.commandLine().getOut().println("Paused " + name + " ('lifeboat schedule resume " + name + "').");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Start a paused schedule's timers again.")
    static final class Resume implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            lifeboat(spec.parent()).unattended().pause(name, false, Launch.current());
            spec.commandLine().getOut().println("Resumed " + name + ".");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    // ------------------------------------------------------------------------------------------ runs

    @Command(
            name = "run-now",
            mixinStandardHelpOptions = true,
            description = "Start a schedule's backup (or drill) now, through its scheduler as the timer would, and"
                    + " wait for it.")
    static final class RunNow implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--drill", description = "The drill instead of the backup.")
        boolean drill;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Unattended u = lifeboat(spec.parent()).unattended();
            Schedule.Kind kind = drill ? Schedule.Kind.DRILL : Schedule.Kind.BACKUP;
            Schedule s = u.require(name);
            out.println("Starting the " + kind.word() + " of " + name + " ("
                    + s.scheduler().word() + "); its log: "
                    + u.scheduler(s.scheduler()).logHint(s, kind));
            out.flush();
            RunRecord r = u.runNow(name, kind, Launch.current());
            printRecord(out, r);
            return exit(r);
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "The run a timer fires (the headless backup or drill of a schedule, recorded and told to its"
                    + " channels). Exits 0 when it went well or was skipped, 1 when it failed.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--backup", description = "The backup (the default).")
        boolean backup;

        @Option(names = "--drill", description = "The drill of the newest snapshot.")
        boolean drill;

        @Option(names = "--json", description = "Print one JSON event per line, and the record last.")
        boolean json;

        @Option(names = "--quiet-logs", description = "Do not print the containers' own log lines.")
        boolean quietLogs;

        @Override
        public Integer call() throws Exception {
            if (backup && drill) {
                throw new ParameterException(spec.commandLine(), "--backup or --drill, not both");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Unattended u = lifeboat(spec.parent()).unattended();
            Schedule.Kind kind = drill ? Schedule.Kind.DRILL : Schedule.Kind.BACKUP;
            try (CtrlC ctrlC = new CtrlC(err, "whatever was stopped is started again...")) {
                RunRecord r = u.run(name, kind, new EventPrinter(out, json, quietLogs), ctrlC.token());
                if (json) {
                    ObjectNode n = new ObjectMapper().valueToTree(r);
                    n.put("type", "RunRecord");
                    out.println(n);
                } else {
                    out.println();
                    printRecord(out, r);
                }
                out.flush();
                return exit(r);
            }
        }
    }

    static void printRecord(PrintWriter out, RunRecord r) {
        out.println(r.kind() + " of " + r.schedule() + ": " + r.outcome() + " - " + r.message());
        if (r.outcome() == RunRecord.Outcome.FAILED) {
            out.println("  site: " + r.siteUp());
        }
        r.notifyWarnings().forEach(w -> out.println("  warning: " + w));
        out.flush();
    }

    static int exit(RunRecord r) {
        return r.outcome() == RunRecord.Outcome.FAILED ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
