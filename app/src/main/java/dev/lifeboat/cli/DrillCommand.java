package dev.lifeboat.cli;

import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drill SNAPSHOT [TARGET]}: rehearse a restore in a throw-away copy, verify it, time it, remove it. */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = {
            "Rehearse a restore: the snapshot is verified, restored into a throw-away copy (its own compose project,"
                    + " folder under /var/tmp/lifeboat-drill, no published ports) beside the live site or on another"
                    + " server, compared with the snapshot (row, document and key counts; files by checksum), timed,"
                    + " and removed. The result is kept beside the snapshot; 'snapshots' shows it.",
            "TARGET defaults to the server the snapshot came from. Exits 1 when the drill fails."
        })
final class DrillCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    DrillCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot folder, or the id 'snapshots' prints.")
    String snapshot;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "TARGET",
            description = "Where to drill (default: the snapshot's own server).")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    StoreOption storeOption = new StoreOption();

    @Mixin
    FromOption from = new FromOption();

    @Option(names = "--keep", description = "Leave the copy running to look at it (the next drill removes it).")
    boolean keep;

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
        Offsite.Fetched fetched = from.fetch(lb, snapshot, out, err, json); // null without --from
        Path snap = fetched != null ? fetched.snapshot() : store.resolve(snapshot);
        Manifest m = SnapshotStore.readManifest(snap);
        String t = target != null
                ? target
                : m.server().user() + "@" + m.server().host()
                        + (m.server().port() == 22 ? "" : ":" + m.server().port());
        Target where = BackupCommand.BackupOptions.parse(t, spec);
        try (fetched;
                CtrlC ctrlC = new CtrlC(err, "the copy is removed...");
                Server server = ssh.connect(lb, where, err)) {
            EventPrinter printer = new EventPrinter(out, json, quietLogs);
            if (!json) {
                out.println("Drill of " + m.application().name() + " snapshot " + store.idOf(snap) + " on "
                        + server.where() + " as project "
                        + DrillWorkflow.relocation(m).project());
                out.flush();
            }
            DrillRecord r = server.drill(snap, keep, printer, ctrlC.token());
            if (json) {
                out.println("{\"type\":\"Result\",\"passed\":" + r.passed() + ",\"restoreMillis\":" + r.restoreMillis()
                        + ",\"millis\":" + r.millis() + ",\"problems\":"
                        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r.problems())
                        + ",\"leftBehind\":"
                        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r.leftBehind()) + "}");
            } else {
                out.println();
                if (r.passed()) {
                    out.printf(
                            Locale.ROOT,
                            "Drill passed: restored and matching the snapshot in %.1f s (%.1f s in all); nothing left"
                                    + " behind.%n",
                            r.restoreMillis() / 1000.0,
                            r.millis() / 1000.0);
                } else {
                    out.println("Drill FAILED:");
                    r.problems().forEach(p -> out.println("  " + p));
                    r.leftBehind().forEach(p -> out.println("  left behind: " + p));
                }
            }
            out.flush();
            return r.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
