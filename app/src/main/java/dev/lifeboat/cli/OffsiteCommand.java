package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.offsite.Locations;
import dev.lifeboat.engine.offsite.RemoteSnapshot;
import dev.lifeboat.engine.offsite.S3Keys;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.StepRecord;
import dev.lifeboat.engine.store.Retention;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code offsite add|list|remove|test|push|check}: off-site copies of snapshots in restic repositories (ADR 0012).
 * Each sub-command parses, then calls the service's {@link Offsite}.
 */
@Command(
        name = "offsite",
        mixinStandardHelpOptions = true,
        description = {
            "Off-site copies of the snapshots in restic repositories: a folder, sftp:, rest: or s3: (restic's own"
                    + " address forms). Once a repository is added, every backup of the applications it takes is"
                    + " copied there too, after the site is up again. 'restore --from NAME' and 'drill --from NAME'"
                    + " bring a snapshot back from it; 'snapshots' shows where each snapshot is.",
            "The repository password and S3 keys are kept in the desktop's secret store (secret-tool) or in a file"
                    + " of mode 600 you name; restic reads them from there, never from a command line."
        },
        subcommands = {
            OffsiteCommand.Add.class,
            OffsiteCommand.ListRepositories.class,
            OffsiteCommand.Remove.class,
            OffsiteCommand.Test.class,
            OffsiteCommand.Push.class,
            OffsiteCommand.Check.class
        })
final class OffsiteCommand implements Runnable {
    private final Lifeboat lifeboat;

    @Spec
    CommandLine.Model.CommandSpec spec;

    OffsiteCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The parent's Lifeboat, with a sub-command's store. */
    static Lifeboat lifeboat(CommandLine.Model.CommandSpec spec, StoreOption store) {
        OffsiteCommand parent = (OffsiteCommand) spec.parent().userObject();
        return store == null ? parent.lifeboat : store.lifeboat(parent.lifeboat);
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add a restic repository for off-site copies (or change one). REPOSITORY is written as restic writes"
                        + " it: /mnt/backup/lifeboat, sftp:user@host:/srv/restic, rest:http://host:8000/,"
                        + " s3:https://s3.example.org/bucket.",
                "The password is asked and kept in the desktop's secret store, unless --password-file names a file of"
                        + " mode 600 that holds it (for cron jobs, and a computer without a secret store). An S3"
                        + " repository's keys likewise (or --s3-credentials FILE, AWS's credentials file format).",
                "Without --init, the repository must exist and open with the password: that is how a new computer"
                        + " gets at the copies of a lost one."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "What to call it (letters, digits, . _ -).")
        String name;

        @Parameters(index = "1", paramLabel = "REPOSITORY", description = "Where it is, as restic writes it.")
        String location;

        @Option(names = "--init", description = "Create the repository (restic init) with the password.")
        boolean init;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "The repository password is the content of FILE (mode 600); restic reads it there.")
        Path passwordFile;

        @Option(
                names = "--s3-credentials",
                paramLabel = "FILE",
                description = "An S3 repository's keys, in AWS's credentials file format ([default]"
                        + " aws_access_key_id = ..., aws_secret_access_key = ...), mode 600.")
        Path s3Credentials;

        @Option(
                names = "--app",
                paramLabel = "HOST/APP",
                description = "Copy only this application's snapshots after each backup (as 'snapshots' prints the"
                        + " start of their ids; repeat for more). Default: every application.")
        List<String> apps = new ArrayList<>();

        @Option(names = "--keep-last", paramLabel = "N", description = "Keep each application's last N (default 7).")
        int keepLast = Retention.DEFAULT.keepLast();

        @Option(names = "--keep-weekly", paramLabel = "N", description = "... and the newest of N weeks (default 4).")
        int keepWeekly = Retention.DEFAULT.keepWeekly();

        @Option(names = "--keep-monthly", paramLabel = "N", description = "... and the newest of N months (default 6).")
        int keepMonthly = Retention.DEFAULT.keepMonthly();

        @Option(
                names = "--restic-option",
                paramLabel = "KEY=VALUE",
                description = "An extended option for restic (-o), e.g. sftp.command=\"ssh -i KEY user@host -s"
                        + " sftp\" or s3.region=eu-west-1; repeat for more.")
        List<String> options = new ArrayList<>();

        @Option(names = "--batch", description = "Never ask anything on the terminal; fail instead.")
        boolean batch;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!OffsiteRepository.validName(name)) {
                throw new ParameterException(
                        spec.commandLine(), "NAME " + name + ": letters, digits, '.', '_' and '-' only");
            }
            if (keepLast < 1 || keepWeekly < 0 || keepMonthly < 0) {
                throw new ParameterException(spec.commandLine(), "--keep-last is at least 1, the others at least 0");
            }
            for (String o : options) {
                if (!o.contains("=")) {
                    throw new ParameterException(spec.commandLine(), "--restic-option " + o + ": KEY=VALUE");
                }
            }
            boolean s3 = location.startsWith("s3:");
            if (s3Credentials != null && !s3) {
                throw new ParameterException(spec.commandLine(), "--s3-credentials is for s3: repositories");
            }
            Console console = batch ? null : System.console();
            char[] password = null;
            S3Keys keys = null;
            if (passwordFile == null) {
                password = askPassword(console, init);
            }
            if (s3 && s3Credentials == null) {
                keys = askKeys(console);
            }
            OffsiteRepository r = new OffsiteRepository(
                    name,
                    location,
                    passwordFile == null
                            ? OffsiteRepository.Secret.keyring()
                            : OffsiteRepository.Secret.file(passwordFile),
                    !s3
                            ? null
                            : s3Credentials == null
                                    ? OffsiteRepository.Secret.keyring()
                                    : OffsiteRepository.Secret.file(s3Credentials),
                    List.copyOf(new LinkedHashSet<>(apps)),
                    keepLast,
                    keepWeekly,
                    keepMonthly,
                    options);
            try (CtrlC ctrlC = new CtrlC(spec.commandLine().getErr(), "stopping restic...")) {
                List<RemoteSnapshot> there = lifeboat(spec, null).offsite().add(r, password, keys, init, ctrlC.token());
                out.println((init ? "Created and added " : "Added ") + name + ": " + Locations.display(location)
                        + " (password: " + r.password() + (r.s3() == null ? "" : "; S3 keys: " + r.s3()) + ")");
                out.println("  " + there.size() + " Lifeboat snapshot" + (there.size() == 1 ? "" : "s") + " there;"
                        + " after each backup, snapshots of "
                        + (r.apps().isEmpty() ? "every application" : String.join(", ", r.apps()))
                        + " are copied there (keep the last " + keepLast + ", " + keepWeekly + " weekly, "
                        + keepMonthly + " monthly).");
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
                if (keys != null) {
                    keys.clear();
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private char[] askPassword(Console console, boolean twice) throws EngineException {
            if (console == null) {
                throw new EngineException("Without a terminal to ask on, give the repository password with"
                        + " --password-file FILE (a file of mode 600).");
            }
            char[] pw = console.readPassword("Password of the repository %s: ", name);
            if (pw == null || pw.length == 0) {
                throw new EngineException("No password was given.");
            }
            if (twice) {
                char[] again = console.readPassword("The same password again: ");
                boolean same = Arrays.equals(pw, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (!same) {
                    Arrays.fill(pw, '\0');
                    throw new EngineException("The two passwords differ; nothing was created.");
                }
            }
            return pw;
        }

        private S3Keys askKeys(Console console) throws EngineException {
            if (console == null) {
                throw new EngineException("Without a terminal to ask on, give the S3 keys with --s3-credentials FILE"
                        + " (AWS's credentials format, mode 600).");
            }
            String id = console.readLine("S3 access key id: ");
            char[] secret = console.readPassword("S3 secret access key: ");
            if (id == null || id.isBlank() || secret == null || secret.length == 0) {
                throw new EngineException("No S3 keys were given.");
            }
            return new S3Keys(id.strip().toCharArray(), secret);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the off-site repositories.")
    static final class ListRepositories implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<OffsiteRepository> all = lifeboat(spec, null).offsite().repositories();
            if (json) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = m.createObjectNode();
                ArrayNode list = root.putArray("repositories");
                for (OffsiteRepository r : all) {
                    ObjectNode n = list.addObject();
                    n.put("name", r.name()).put("repository", Locations.display(r.location()));
                    n.put("password", r.password().toString());
                    if (r.s3() != null) {
                        n.put("s3Keys", r.s3().toString());
                    }
                    ArrayNode apps = n.putArray("apps");
                    r.apps().forEach(apps::add);
                    n.putObject("keep")
                            .put("last", r.keepLast())
                            .put("weekly", r.keepWeekly())
                            .put("monthly", r.keepMonthly());
                }
                out.println(m.writeValueAsString(root));
            } else if (all.isEmpty()) {
                out.println("No off-site repository yet: 'lifeboat offsite add NAME REPOSITORY --init' adds one.");
            } else {
                out.printf(
                        Locale.ROOT, "%-16s %-44s %-22s %-14s %s%n", "NAME", "REPOSITORY", "PASSWORD", "KEEP", "APPS");
                for (OffsiteRepository r : all) {
                    out.printf(
                            Locale.ROOT,
                            "%-16s %-44s %-22s %-14s %s%n",
                            r.name(),
                            Text.printable(Locations.display(r.location())),
                            Text.printable(r.password().toString()),
                            r.keepLast() + "/" + r.keepWeekly() + "w/" + r.keepMonthly() + "m",
                            r.apps().isEmpty() ? "all" : String.join(", ", r.apps()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Forget an off-site repository and the secrets kept for it; its data stays where it is.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            lifeboat(spec, null).offsite().remove(name);
            spec.commandLine()
                    .getOut()
                    .println("Removed " + name + " from the off-site repositories (the repository itself is left as"
                            + " it is).");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Open an off-site repository with its password and say what it holds.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Offsite offsite = lifeboat(spec, null).offsite();
            OffsiteRepository r = offsite.repository(name);
            String version = offsite.restic().toString();
            List<RemoteSnapshot> there = offsite.snapshots(name, CancelToken.NONE);
            Set<String> apps = new LinkedHashSet<>();
            there.forEach(s -> apps.add(s.appId()));
            out.println("OK: " + name + " (" + Text.printable(Locations.display(r.location())) + ") opens with its"
                    + " password (restic " + version + "); " + there.size() + " snapshot"
                    + (there.size() == 1 ? "" : "s") + " of " + apps.size() + " application"
                    + (apps.size() == 1 ? "" : "s")
                    + (there.isEmpty()
                            ? ""
                            : ", the newest " + there.get(there.size() - 1).id()) + ".");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description = {
                "Copy snapshots to an off-site repository, then forget there what its keep rules let go (restic forget"
                        + " --prune).",
                "Without SNAPSHOT: every snapshot of the applications it takes that is not there yet and that its keep"
                        + " rules keep (a cut push is finished so). Backups do this by themselves; this is for the"
                        + " first copy of an existing store, and for cron."
            })
    static final class Push implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "SNAPSHOT",
                description = "A snapshot folder, or the id 'snapshots' prints.")
        String snapshot;

        @Mixin
        StoreOption storeOption = new StoreOption();

        @Option(names = "--json", description = "Print one JSON event per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (CtrlC ctrlC = new CtrlC(spec.commandLine().getErr(), "restic stops; the next push finishes...")) {
                Runner.Result r = lifeboat(spec, storeOption)
                        .offsite()
                        .push(name, snapshot, new EventPrinter(out, json, false), ctrlC.token());
                return finished(out, json, r);
            }
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Check an off-site repository (restic check), reading back PERCENT of its data.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--read-data",
                paramLabel = "PERCENT",
                description = "Also read back this share of the data (1-100; default: only the structure).")
        int percent;

        @Option(names = "--json", description = "Print one JSON event per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (percent < 0 || percent > 100) {
                throw new ParameterException(spec.commandLine(), "--read-data is a percentage, 1 to 100");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (CtrlC ctrlC = new CtrlC(spec.commandLine().getErr(), "stopping restic...")) {
                Runner.Result r = lifeboat(spec, null)
                        .offsite()
                        .check(name, percent, new EventPrinter(out, json, false), ctrlC.token());
                return finished(out, json, r);
            }
        }
    }

    /** The exit code of a run whose steps were printed: 1 when a step failed. */
    static int finished(PrintWriter out, boolean json, Runner.Result r) {
        boolean failed = r.records().stream().map(StepRecord::outcome).anyMatch("failed"::equals);
        if (json) {
            out.println("{\"type\":\"Result\",\"ok\":" + !failed + "}");
        }
        out.flush();
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
