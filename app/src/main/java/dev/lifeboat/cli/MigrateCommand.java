package dev.lifeboat.cli;

import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupPlanner;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.DirectCopy;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
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
        Target from = BackupCommand.BackupOptions.parse(source, spec);
        if (rollback) {
            if (target != null) {
                throw new ParameterException(spec.commandLine(), "migrate --rollback takes only SOURCE");
            }
            try (CtrlC ctrlC = new CtrlC(err, "stopping...");
                    SshSession session = ssh.open(from, err);
                    SshjRemoteShell shell = new SshjRemoteShell(session)) {
                Applications.Chosen app = Applications.choose(
                        shell, options.app, options.sudo, w -> err.println("lifeboat: warning: " + w));
                String unhealthy = new MigrateWorkflow(printer)
                        .rollback(shell, app.stack().compose().name(), app.maintenance(), ctrlC.token());
                out.println(
                        unhealthy == null
                                ? app.stack().displayName() + " runs again on " + shell.describe()
                                : "Started again on " + shell.describe() + ", but its health check did not pass: "
                                        + unhealthy);
                out.flush();
                return unhealthy == null ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "migrate needs SOURCE and TARGET (or --rollback SOURCE)");
        }
        Target to = BackupCommand.BackupOptions.parse(target, spec);
        SnapshotStore store = options.store();
        try (CtrlC ctrlC = new CtrlC(err, "whatever was stopped is started again...");
                SshSession s1 = ssh.open(from, err);
                SshjRemoteShell shell1 = new SshjRemoteShell(s1);
                RsyncTransfer t1 = new RsyncTransfer(shell1);
                SshSession s2 = ssh.open(to, err);
                SshjRemoteShell shell2 = new SshjRemoteShell(s2);
                RsyncTransfer t2 = new RsyncTransfer(shell2)) {
            Applications.Chosen app =
                    Applications.choose(shell1, options.app, options.sudo, w -> err.println("lifeboat: warning: " + w));
            BackupPlan plan = new BackupPlanner(
                            shell1, store, s1.target().host(), s1.target().port(), t1.describe())
                    .plan(app.stack(), app.maintenance());
            if (!json) {
                out.println("Migrating " + app.stack().displayName() + " in "
                        + app.stack().installDir() + " from "
                        + shell1.describe() + " to " + shell2.describe()
                        + (siteUrl == null ? "" : " (new site URL " + siteUrl + ")"));
                out.flush();
            }
            t2.prepare();
            BackupWorkflow backup = new BackupWorkflow(
                            shell1, t1, store, BackupWorkflow.server(s1), Retention.DEFAULT, printer)
                    .leaveStopped();
            RestoreWorkflow restore = new RestoreWorkflow(shell2, t2, app.maintenance(), printer);
            DirectCopy.To direct = noDirectCopy ? null : DirectCopy.To.of(s2, shell2);
            MigrateWorkflow.Result r = new MigrateWorkflow(printer)
                    .run(plan, backup, shell1, restore, direct, siteUrl, overwrite, ctrlC.token());
            int code = RestoreCommand.report(out, json, r.restore(), "Migration");
            if (!json) {
                out.printf(
                        Locale.ROOT,
                        "  site down %.1f s (from the stop on %s to the health check on %s); %s stays stopped:"
                                + " 'lifeboat migrate --rollback %s' starts it again.%n",
                        r.downtimeMillis() / 1000.0,
                        shell1.describe(),
                        shell2.describe(),
                        shell1.describe(),
                        source);
                out.println("  snapshot: " + r.snapshot());
                out.flush();
            }
            return code;
        }
    }
}
