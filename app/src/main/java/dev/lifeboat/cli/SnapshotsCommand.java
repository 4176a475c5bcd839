package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotFolder;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snapshots [--store DIR] [--json] [--local]}: every snapshot folder in the store with its state — complete,
 * damaged (with the reason) or incomplete (a run that did not finish) — so that one damaged snapshot never hides the
 * others (docs/snapshot-format.md), and those the off-site repositories hold: WHERE says here, off-site (NAME) or both
 * (NAME). Exits 0 when the store could be listed, also when some snapshots are damaged.
 */
@Command(
        name = "snapshots",
        mixinStandardHelpOptions = true,
        description = "List the snapshots in the store: the complete ones, and those that are damaged (with the"
                + " reason) or incomplete (a run that did not finish); and those the off-site repositories hold:"
                + " WHERE says here, off-site (NAME) or both (NAME).")
final class SnapshotsCommand implements Callable<Integer> {
    /** How many of a damaged snapshot's problems the text lists ('verify' names them all). */
    static final int PROBLEMS_SHOWN = 5;

    private final Lifeboat lifeboat;

    SnapshotsCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--local", description = "Only this store: do not ask the off-site repositories what they hold.")
    boolean local;

    @Override
    public Integer call() throws Exception {
        Lifeboat lb = storeOption.lifeboat(lifeboat);
        SnapshotStore store = lb.store();
        PrintWriter out = spec.commandLine().getOut();
        // Where each snapshot is: every off-site repository is asked once (none: all are here).
        Offsite.Places places = local || lb.offsite().repositories().isEmpty()
                ? null
                : lb.offsite().places(CancelToken.NONE);
        if (places != null) {
            places.problems().forEach(p -> spec.commandLine()
                    .getErr()
                    .println("lifeboat: warning: could not read the off-site repository " + Text.printable(p)));
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("snapshots");
        if (!json) {
            out.printf(
                    Locale.ROOT,
                    "%-52s %-20s %9s %9s %9s  %-20s %-28s %s%n",
                    "ID",
                    "APPLICATION",
                    "SIZE",
                    "NEW DISK",
                    "DOWN",
                    "VERIFIED",
                    "LAST DRILL",
                    "WHERE");
        }
        int damaged = 0;
        int incomplete = 0;
        // The complete snapshots here: an off-site copy of one of them is not listed again.
        java.util.Set<String> here = new java.util.HashSet<>();
        for (SnapshotFolder f : store.listAll()) {
            Path s = f.path();
            Manifest m = f.manifest();
            damaged += f.damaged() ? 1 : 0;
            incomplete += f.incomplete() ? 1 : 0;
            if (f.complete()) {
                here.add(store.idOf(s));
            }
            String where = where(places, store.idOf(s), true);
            StoreStats.Usage u = StoreStats.usage(s);
            String verified = StoreStats.lastVerified(s).orElse("at backup");
            java.util.Optional<DrillRecord> drill = DrillRecord.read(s);
            String drillText = drill.map(d -> (d.passed() ? "passed " : "FAILED ") + d.at() + " ("
                            + String.format(Locale.ROOT, "%.0f s", d.restoreMillis() / 1000.0) + " restore)")
                    .orElse("never");
            Long downtime =
                    m == null || m.downtime() == null ? null : m.downtime().millis();
            if (json) {
                ObjectNode n = list.addObject();
                n.put("id", store.idOf(s))
                        .put("path", s.toString())
                        .put("state", f.state().word());
                if (!f.complete()) {
                    n.put("reason", f.reason());
                    ArrayNode pr = n.putArray("problems");
                    f.problems().forEach(pr::add);
                }
                if (m != null && m.application() != null) {
                    n.put("stack", m.application().stack())
                            .put("installDir", m.application().installDir());
                }
                n.put("time", m == null || m.started() == null ? null : m.started())
                        .put("sizeBytes", u.apparentBytes())
                        .put("newDiskBytes", u.newDiskBytes())
                        .put("downtimeMillis", downtime)
                        .put("verified", verified)
                        .put("where", places == null ? "here" : places.where(store.idOf(s), true));
                offsiteNames(n, places, store.idOf(s));
                drill.ifPresent(d -> {
                    ObjectNode dn = n.putObject("lastDrill");
                    dn.put("at", d.at()).put("passed", d.passed()).put("target", d.target());
                    dn.put("restoreMillis", d.restoreMillis()).put("millis", d.millis());
                    ArrayNode pr = dn.putArray("problems");
                    d.problems().forEach(pr::add);
                });
            } else {
                out.printf(
                        Locale.ROOT,
                        "%-52s %-20s %9s %9s %9s  %-20s %-28s %s%n",
                        Text.printable(store.idOf(s)),
                        m == null || m.application() == null
                                ? "-"
                                : m.application().stack() + " "
                                        + (m.application().version() == null
                                                ? ""
                                                : m.application().version()),
                        ByteSizes.human(OptionalLong.of(u.apparentBytes())),
                        ByteSizes.human(OptionalLong.of(u.newDiskBytes())),
                        downtime == null ? "-" : String.format(Locale.ROOT, "%8.1fs", downtime / 1000.0),
                        f.complete() ? verified : f.damaged() ? "DAMAGED" : "incomplete",
                        f.incomplete() ? "-" : drillText,
                        where);
                if (f.incomplete()) {
                    out.println("    incomplete: " + SnapshotFolder.INCOMPLETE_REASON);
                }
                for (int i = 0; i < f.problems().size() && i < PROBLEMS_SHOWN; i++) {
                    out.println("    damaged: " + Text.printable(f.problems().get(i)));
                }
                if (f.problems().size() > PROBLEMS_SHOWN) {
                    out.println("    ... and " + (f.problems().size() - PROBLEMS_SHOWN) + " more: 'lifeboat verify "
                            + Text.printable(store.idOf(s)) + "' names them all");
                }
            }
        }
        if (places != null) {
            // Snapshots only a repository has (a new computer, or ones the local retention removed).
            for (Offsite.Located l : places.remote()) {
                String id = l.snapshot().id();
                if (here.contains(id) || !here.add(id)) {
                    continue;
                }
                if (json) {
                    ObjectNode n = list.addObject();
                    n.put("id", id)
                            .put("state", "complete")
                            .put("time", l.snapshot().time().toString())
                            .put("where", "off-site");
                    offsiteNames(n, places, id);
                } else {
                    out.printf(
                            Locale.ROOT,
                            "%-52s %-20s %9s %9s %9s  %-20s %-28s %s%n",
                            Text.printable(id),
                            "-",
                            "-",
                            "-",
                            "-",
                            "-",
                            "-",
                            where(places, id, false));
                }
            }
        }
        if (json) {
            root.put("damaged", damaged).put("incomplete", incomplete);
            out.println(mapper.writeValueAsString(root));
        } else if (damaged > 0) {
            out.println();
            out.println(damaged + (damaged == 1 ? " snapshot is" : " snapshots are") + " damaged: restore and drill"
                    + " refuse them, backups do not link to them, and retention keeps them without counting them."
                    + " 'lifeboat verify ID' names everything that differs; remove a damaged folder by hand once you"
                    + " no longer need what is left in it.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code here}, or {@code off-site (NAME, ...)}, or {@code both (NAME, ...)}. */
    private static String where(Offsite.Places places, String id, boolean here) {
        if (places == null) {
            return "here";
        }
        String w = places.where(id, here);
        List<String> names = places.repositoriesById().getOrDefault(id, List.of());
        return names.isEmpty() ? w : w + " (" + String.join(", ", names) + ")";
    }

    private static void offsiteNames(ObjectNode n, Offsite.Places places, String id) {
        ArrayNode a = n.putArray("offsite");
        if (places != null) {
            places.repositoriesById().getOrDefault(id, List.of()).forEach(a::add);
        }
    }
}
