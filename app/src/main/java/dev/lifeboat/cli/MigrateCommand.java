package dev.lifeboat.cli;

import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migrate SOURCE TARGET [--app APP] [--site-url URL]} and {@code migrate --rollback SOURCE}. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Move an application to another server: the target is checked, the files are copied while the source runs,"
                    + " the source stops, its databases are dumped beside the final copy, and everything is restored"
                    + " on the target (with the new site URL), started and checked. The source stays stopped.",
            "migrate --rollback SOURCE starts the source again. If the restore fails, the source is started again"
                    + " before the error is shown."
        })
final class MigrateCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    MigrateCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The server the application runs on now.")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "The new server.")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    BackupCommand.BackupOptions options = new BackupCommand.BackupOptions();

    @Option(
            names = "--site-url",
            paramLabel = "URL",
            description = "The site's URL on the new server (e.g. https://new.example.org): written into the settings"
                    + " that name the site, as the vendor documents them.")
    String siteUrl;

    @Option(names = "--overwrite", description = "The target already runs the application: replace it.")
    boolean overwrite;

    @Option(
            names = "--no-direct-copy",
            description = "Do not copy the files from SOURCE to TARGET directly first (by default tried while the"
                    + " site runs, with a key used for that copy alone); everything goes through this computer.")
    boolean noDirectCopy;

    @Option(names = "--rollback", description = "Start the application on SOURCE again (after a migration).")
    boolean rollback;

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Option(names = "--quiet-logs", description = "Do not print the containers' own log lines.")
    boolean quietLogs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventPrinter printer = new EventPrinter(out, json, quietLogs);
        Lifeboat lb = options.lifeboat(lifeboat, err);
        Target from = BackupCommand.BackupOptions.parse(source, spec);
        if (rollback) {
            if (target != null) {
                throw new ParameterException(spec.commandLine(), "migrate --rollback takes only SOURCE");
            }
            try (CtrlC ctrlC = new CtrlC(err, "stopping...");
                    Server server = ssh.connect(lb, from, err)) {
                Applications.Chosen app = server.choose(options.app, options.sudo);
                String unhealthy =
                        server.rollback(app.stack().compose().name(), app.maintenance(), printer, ctrlC.token());
                out.println(
                        unhealthy == null
                                ? app.stack().displayName() + " runs again on " + server.where()
                                : "Started again on " + server.where() + ", but its health check did not pass: "
                                        + unhealthy);
                out.flush();
                return unhealthy == null ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "migrate needs SOURCE and TARGET (or --rollback SOURCE)");
        }
        Target to = BackupCommand.BackupOptions.parse(target, spec);
        try (CtrlC ctrlC = new CtrlC(err, "whatever was stopped is started again...");
                Server s1 = ssh.connect(lb, from, err);
                Server s2 = ssh.connect(lb, to, err)) {
            Applications.Chosen app = s1.choose(options.app, options.sudo);
            BackupPlan plan = s1.plan(app.stack(), app.maintenance());
            if (!json) {
                out.println("Migrating " + app.stack().displayName() + " in "
                        + app.stack().installDir() + " from "
                        + s1.where() + " to " + s2.where()
                        + (siteUrl == null ? "" : " (new site URL " + siteUrl + ")"));
                out.flush();
            }
            MigrateWorkflow.Result r =
                    s1.migrate(plan, app.maintenance(), s2, siteUrl, overwrite, !noDirectCopy, printer, ctrlC.token());
            int code = RestoreCommand.report(out, json, r.restore(), "Migration");
            if (!json) {
                out.printf(
                        Locale.ROOT,
                        "  site down %.1f s (from the stop on %s to the health check on %s); %s stays stopped:"
                                + " 'lifeboat migrate --rollback %s' starts it again.%n",
                        r.downtimeMillis() / 1000.0,
                        s1.where(),
                        s2.where(),
                        s1.where(),
                        source);
                out.println("  snapshot: " + r.snapshot());
                out.flush();
            }
            return code;
        }
    }
}
