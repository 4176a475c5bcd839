package dev.lifeboat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.stacks.FileEdit;
import dev.lifeboat.engine.stacks.VersionChange;
import dev.lifeboat.engine.workflow.UpgradePlan;
import java.util.List;
import java.util.Locale;

/** {@code plan upgrade}'s output: the plan in words, or as one JSON document. */
final class UpgradePlanText {
    private UpgradePlanText() {}

    static String text(UpgradePlan p) {
        VersionChange c = p.change();
        StringBuilder b = new StringBuilder();
        b.append("Upgrade plan for ")
                .append(p.stack().displayName())
                .append(' ')
                .append(p.current())
                .append(" -> ")
                .append(p.target())
                .append(" in ")
                .append(p.stack().installDir())
                .append(" (compose project ")
                .append(p.backup().project())
                .append(")\n");
        b.append("Version kept in: ").append(c.keptIn()).append('\n');
        b.append("Images pulled before anything stops: ")
                .append(c.pulls().isEmpty() ? "none" : String.join(", ", c.pulls()))
                .append('\n');
        if (!c.builds().isEmpty()) {
            b.append("Built again on the new image: ")
                    .append(String.join(", ", c.builds()))
                    .append('\n');
        }
        b.append("Migrated as it starts:");
        if (p.migrated().isEmpty()) {
            b.append(" no store Lifeboat knows of\n");
        } else {
            b.append('\n');
            for (Component m : p.migrated()) {
                b.append("  ").append(m.path()).append(" (").append(m.kind()).append(")\n");
            }
        }
        if (!c.migration().isEmpty()) {
            b.append("  ").append(c.migration()).append('\n');
        }
        UpgradePlan.Downtime d = p.downtime();
        b.append(String.format(
                Locale.ROOT,
                "Expected downtime: %.1f s for the fresh snapshot; then %.1f s for the live upgrade, plus the new"
                        + " version's migrations (Lifeboat waits at most %d s for them). The images are pulled before;"
                        + " the rehearsal runs beside the live site.%n",
                d.snapshotSeconds(),
                d.liveSeconds(),
                d.migrationWaitSeconds()));
        b.append("  (").append(d.basis()).append(")\n");
        b.append("\nWhat the vendor says about this upgrade:\n");
        if (c.checks().isEmpty()) {
            b.append("  nothing that applies\n");
        }
        for (VersionChange.Check k : c.checks()) {
            b.append(String.format(
                    Locale.ROOT, "  %-6s %s", k.outcome() == VersionChange.Outcome.PASSED ? "ok" : "note", k.why()));
            if (!k.detail().isEmpty()) {
                b.append(" (").append(k.detail()).append(')');
            }
            b.append('\n');
        }
        b.append("\nFiles written:\n");
        for (FileEdit e : c.edits()) {
            b.append("  ").append(e.path()).append('\n');
            for (String ch : e.changes()) {
                b.append("      ").append(ch).append('\n');
            }
        }
        b.append("\nBefore, while the site runs (down for the snapshot's seconds):\n")
                .append(PlanCommand.stepsText(p.steps(UpgradePlan.Phase.PREPARE), null));
        b.append("\nRehearsal on a throw-away copy (compose project ")
                .append(p.copy().project())
                .append(" in ")
                .append(p.copy().root())
                .append("); the live site runs all along:\n")
                .append(PlanCommand.stepsText(p.steps(UpgradePlan.Phase.REHEARSAL), null));
        b.append("\nLive upgrade:\n").append(PlanCommand.stepsText(p.steps(UpgradePlan.Phase.LIVE), null));
        b.append("\nIf the live upgrade fails its health check or is cancelled, Lifeboat goes back to ")
                .append(p.current())
                .append(" by itself:\n")
                .append(PlanCommand.stepsText(p.rollback(), null));
        for (String w : p.warnings()) {
            b.append("Note: ").append(w).append('\n');
        }
        b.append("\nNothing was changed. 'lifeboat upgrade' with the same arguments runs it.");
        // Versions and paths come from the server's files: nothing in them may reach the terminal as a control.
        return String.join("\n", b.toString().lines().map(Text::printable).toList());
    }

    static String json(UpgradePlan p) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = m.createObjectNode();
        VersionChange c = p.change();
        n.put("stack", p.stack().stackId());
        n.put("installDir", p.stack().installDir());
        n.put("project", p.backup().project());
        n.put("current", p.current());
        n.put("target", p.target());
        n.put("keptIn", c.keptIn());
        strings(n.putArray("pulls"), c.pulls());
        strings(n.putArray("builds"), c.builds());
        ArrayNode edits = n.putArray("edits");
        for (FileEdit e : c.edits()) {
            ObjectNode en = edits.addObject().put("path", e.path()).put("newFile", e.before() == null);
            strings(en.putArray("changes"), e.changes());
        }
        ArrayNode migrated = n.putArray("migrated");
        p.migrated().forEach(x -> migrated.addObject().put("path", x.path()).put("kind", x.kind()));
        n.put("migration", c.migration());
        ArrayNode checks = n.putArray("constraints");
        for (VersionChange.Check k : c.checks()) {
            checks.addObject()
                    .put("outcome", k.outcome().jsonName())
                    .put("why", k.why())
                    .put("detail", k.detail());
        }
        ObjectNode d = n.putObject("downtime");
        d.put("snapshotSeconds", p.downtime().snapshotSeconds())
                .put("liveSeconds", p.downtime().liveSeconds())
                .put("migrationWaitSeconds", p.downtime().migrationWaitSeconds())
                .put("basis", p.downtime().basis());
        n.putObject("copy")
                .put("project", p.copy().project())
                .put("root", p.copy().root());
        ObjectNode phases = n.putObject("phases");
        for (UpgradePlan.Phase ph : UpgradePlan.Phase.values()) {
            PlanCommand.stepsJson(phases.putArray(ph.jsonName()), p.steps(ph));
        }
        PlanCommand.stepsJson(n.putArray("rollback"), p.rollback());
        strings(n.putArray("warnings"), p.warnings());
        try {
            return m.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
