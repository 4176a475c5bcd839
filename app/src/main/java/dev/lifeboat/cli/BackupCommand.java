package dev.lifeboat.cli;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backup TARGET [--app APP] [--store DIR] [--json]}: a consistent snapshot into the store. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up one application: copy its files while it runs, stop it for seconds, dump its databases beside the"
                    + " final copy, start it again, then verify and write the snapshot.",
            "Ctrl-C is a safe cancel: whatever was stopped is started again (exit 130)."
        })
final class BackupCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    @Spec
    CommandSpec spec;

    BackupCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Parameters(index = "0", paramLabel = "TARGET", description = "user@host[:port], ssh://... or a Host alias.")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    BackupOptions options = new BackupOptions();

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Option(names = "--quiet-logs", description = "Do not print the containers' own log lines.")
    boolean quietLogs;

    @Override
    public Integer call() throws Exception {
        Target where = BackupOptions.parse(target, spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lifeboat lb = options.lifeboat(lifeboat, err);
        SnapshotStore store = lb.store();
        try (CtrlC ctrlC = new CtrlC(err, "whatever was stopped is started again...");
                Server server = ssh.connect(lb, where, err)) {
            Applications.Chosen app = server.choose(options.app, options.sudo);
            BackupPlan plan = server.plan(app.stack(), app.maintenance());
            EventPrinter printer = new EventPrinter(out, json, quietLogs);
            if (!json) {
                out.println("Backing up " + app.stack().displayName() + " in "
                        + app.stack().installDir() + " on " + server.where() + " into " + plan.appDir());
                out.flush();
            }
            BackupWorkflow.Result r = server.run(plan, printer, ctrlC.token());
            Manifest m = r.manifest();
            if (json) {
                out.println("{\"type\":\"Result\",\"snapshot\":"
                        + Text.jsonString(r.snapshot().toString()) + ",\"id\":"
                        + Text.jsonString(store.idOf(r.snapshot())) + ",\"downtimeMillis\":"
                        + m.downtime().millis()
                        + ",\"healthy\":" + m.downtime().healthy() + "}");
            } else {
                long dumps =
                        m.dumps().stream().mapToLong(Manifest.DumpEntry::bytes).sum();
                out.println();
                out.println("Snapshot " + store.idOf(r.snapshot()) + " complete: " + r.snapshot());
                out.println("  site down " + m.downtime().millis() + " ms"
                        + (m.downtime().healthy() ? "" : " (its health check did not pass in time: look at it)"));
                out.println("  " + m.transfer().files() + " files ("
                        + ByteSizes.human(OptionalLong.of(m.transfer().totalBytes())) + "), "
                        + m.dumps().size() + " dumps ("
                        + ByteSizes.human(OptionalLong.of(dumps)) + " compressed)");
            }
            out.flush();
            return m.downtime().healthy() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** Options every command that backs up or plans shares. */
    static final class BackupOptions {
        @Option(
                names = "--app",
                paramLabel = "APP",
                description = "Which application, on a server that runs several: its install folder as detect"
                        + " prints it, or its stack id when only one of that stack runs there.")
        String app;

        @Option(
                names = "--store",
                paramLabel = "DIR",
                description = "The snapshot store (default: ~/Lifeboat/snapshots).")
        Path store;

        @Option(names = "--sudo", description = "Detect as root (through sudo for a non-root login).")
        boolean sudo;

        /** Lifeboat with this command's store; problems of the user's stack descriptors are said once. */
        Lifeboat lifeboat(Lifeboat lifeboat, PrintWriter err) {
            lifeboat.catalogueProblems().forEach(p -> err.println("lifeboat: warning: " + Text.printable(p)));
            return lifeboat.withStore(store);
        }

        static Target parse(String target, CommandSpec spec) {
            try {
                return Target.parse(target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "TARGET " + target + ": " + e.getMessage());
            }
        }
    }
}
