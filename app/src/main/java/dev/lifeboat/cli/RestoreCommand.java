package dev.lifeboat.cli;

import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code restore SNAPSHOT TARGET [--overwrite]}: every store of the application back to the snapshot's time. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a snapshot onto a server (the same one, or a new one that has only Docker): files back with their"
                    + " owners and modes, every database loaded from the snapshot's dumps, the application started and"
                    + " checked, and what the databases hold compared with the snapshot.",
            "Exits 1 when what was restored does not match the snapshot; 3 when a preflight check refuses.",
            "A restore that was cut (Ctrl-C, a lost connection) is finished by running it again."
        })
final class RestoreCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    RestoreCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot folder, or the id 'snapshots' prints.")
    String snapshot;

    @Parameters(index = "1", paramLabel = "TARGET", description = "user@host[:port], ssh://... or a Host alias.")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    StoreOption storeOption = new StoreOption();

    @Mixin
    FromOption from = new FromOption();

    @Option(
            names = "--overwrite",
            description = "The target already runs the application: replace its data with the snapshot's.")
    boolean overwrite;

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Option(names = "--quiet-logs", description = "Do not print the steps' output lines.")
    boolean quietLogs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lifeboat lb = storeOption.lifeboat(lifeboat);
        lb.catalogueProblems().forEach(p -> err.println("lifeboat: warning: " + Text.printable(p)));
        SnapshotStore store = lb.store();
        // A snapshot the store does not have is a usage error before anything is contacted.
        Path local = from.repository == null ? store.resolve(snapshot) : null;
        Target where = BackupCommand.BackupOptions.parse(target, spec);
        try (Offsite.Fetched fetched = from.fetch(lb, snapshot, out, err, json);
                CtrlC ctrlC = new CtrlC(err, "the next restore finishes what this one began...");
                Server server = ssh.connect(lb, where, err)) {
            Path snap = fetched != null ? fetched.snapshot() : local;
            Manifest m = SnapshotStore.readManifest(snap);
            EventPrinter printer = new EventPrinter(out, json, quietLogs);
            if (!json) {
                out.println("Restoring " + m.application().name() + " from " + store.idOf(snap) + " onto "
                        + server.where());
                out.flush();
            }
            RestoreWorkflow.Result r =
                    server.restore(snap, RestoreWorkflow.Options.inPlace(overwrite), printer, ctrlC.token());
            return report(out, json, r, "Restore");
        }
    }

    static int report(PrintWriter out, boolean json, RestoreWorkflow.Result r, String what) {
        if (json) {
            StringBuilder b = new StringBuilder("{\"type\":\"Result\",\"ok\":" + r.ok() + ",\"healthy\":" + r.healthy()
                    + ",\"project\":" + Text.jsonString(r.project()) + ",\"loadMillis\":" + r.loadMillis()
                    + ",\"millis\":" + r.millis() + ",\"problems\":[");
            for (int i = 0; i < r.problems().size(); i++) {
                b.append(i == 0 ? "" : ",").append(Text.jsonString(r.problems().get(i)));
            }
            out.println(b.append("]}"));
        } else {
            out.println();
            if (r.ok()) {
                out.printf(
                        java.util.Locale.ROOT,
                        "%s complete: project %s runs, every count matches the snapshot (data back in %.1f s, %.1f s"
                                + " in all)%n",
                        what,
                        r.project(),
                        r.loadMillis() / 1000.0,
                        r.millis() / 1000.0);
            } else {
                out.println(what + " did NOT match the snapshot" + (r.healthy() ? "" : " (health check failed)") + ":");
                r.problems().forEach(p -> out.println("  " + p));
            }
        }
        out.flush();
        return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
