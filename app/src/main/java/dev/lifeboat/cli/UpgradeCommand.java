package dev.lifeboat.cli;

import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upgrade TARGET --to VERSION [--app APP]} and {@code upgrade --rollback TARGET [--app APP]} (issue 20). */
@Command(
        name = "upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Upgrade one application with a safety net: a fresh snapshot; the new version rehearsed on a throw-away"
                    + " copy beside the live site (a failed rehearsal stops there: the live site is not upgraded);"
                    + " then the live upgrade, with a last snapshot taken while the site is stopped, rolled back by"
                    + " itself when the new version does not come up.",
            "'lifeboat plan upgrade TARGET --to VERSION' shows every step first.",
            "upgrade --rollback TARGET goes back to the version before the last upgrade, with the data of the"
                    + " snapshot it took with the site stopped.",
            "Exit status: 0 upgraded (or rolled back by --rollback), 1 failed (the live upgrade rolled back: the"
                    + " message says so), 3 refused before anything changed or the rehearsal failed, 130 cancelled."
        })
final class UpgradeCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    @Spec
    CommandSpec spec;

    UpgradeCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Parameters(index = "0", paramLabel = "TARGET", description = "user@host[:port], ssh://... or a Host alias.")
    String target;

    @Option(names = "--to", paramLabel = "VERSION", description = "The version to upgrade to.")
    String to;

    @Option(names = "--rollback", description = "Go back to the version before the last upgrade, with its snapshot.")
    boolean rollback;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    BackupCommand.BackupOptions options = new BackupCommand.BackupOptions();

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Option(names = "--quiet-logs", description = "Do not print the containers' own log lines.")
    boolean quietLogs;

    @Override
    public Integer call() throws Exception {
        if (rollback == (to != null)) {
            throw new ParameterException(
                    spec.commandLine(), "upgrade TARGET --to VERSION, or upgrade --rollback TARGET");
        }
        Target where = BackupCommand.BackupOptions.parse(target, spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lifeboat lb = options.lifeboat(lifeboat, err);
        EventPrinter printer = new EventPrinter(out, json, quietLogs);
        try (CtrlC ctrlC =
                        new CtrlC(err, "stopping; whatever was stopped is started again (an upgrade: rolled back)...");
                Server server = ssh.connect(lb, where, err)) {
            Applications.Chosen app = server.choose(options.app, options.sudo);
            if (rollback) {
                if (!json) {
                    out.println("Rolling back the last upgrade of "
                            + app.stack().displayName() + " in " + app.stack().installDir() + " on " + server.where());
                    out.flush();
                }
                RestoreWorkflow.Result r = server.rollbackUpgrade(app.stack(), printer, ctrlC.token());
                if (json) {
                    out.println("{\"type\":\"Result\",\"rolledBack\":" + r.ok() + "}");
                } else if (r.ok()) {
                    out.println();
                    out.println("Rolled back: " + app.stack().displayName() + " runs its previous version again.");
                } else {
                    out.println();
                    out.println("The rollback did not pass: " + String.join("; ", r.problems()));
                }
                out.flush();
                return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
            }
            UpgradePlan plan = server.planUpgrade(app.stack(), to, options.sudo);
            if (!json) {
                out.println("Upgrading " + app.stack().displayName() + " in "
                        + app.stack().installDir() + " on " + server.where() + " from " + plan.current() + " to "
                        + plan.target());
                out.println("  1. a snapshot, 2. the rehearsal on a copy (the live site runs), 3. the live upgrade"
                        + " (down about " + Math.round(plan.downtime().liveSeconds()) + " s plus its migrations)");
                out.flush();
            }
            UpgradeWorkflow.Result r;
            try {
                r = server.upgrade(plan, printer, ctrlC.token());
            } catch (UpgradeWorkflow.RehearsalFailedException e) {
                err.println("lifeboat: " + Text.printable(e.getMessage()));
                err.flush();
                return ExitCodes.REFUSED_BY_PREFLIGHT;
            } catch (UpgradeWorkflow.RolledBackException e) {
                err.println("lifeboat: " + Text.printable(e.getMessage()));
                err.flush();
                return ExitCodes.FAILED;
            }
            if (json) {
                out.println("{\"type\":\"Result\",\"from\":" + Text.jsonString(r.from()) + ",\"to\":"
                        + Text.jsonString(r.to()) + ",\"snapshot\":"
                        + Text.jsonString(r.liveSnapshot().toString()) + ",\"rehearsalMillis\":"
                        + r.rehearsalMillis() + ",\"downtimeMillis\":" + r.downtimeMillis() + "}");
            } else {
                out.println();
                out.println(app.stack().displayName() + " upgraded from " + r.from() + " to " + r.to() + ".");
                out.println("  rehearsed on a copy in " + Math.round(r.rehearsalMillis() / 1000.0) + " s; site down "
                        + r.downtimeMillis() + " ms for the live part");
                out.println("  the way back: 'lifeboat upgrade --rollback " + target + "' (the snapshot "
                        + r.liveSnapshot().getFileName() + ", taken with the site stopped)");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
