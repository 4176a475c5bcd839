package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradePlan;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plan backup TARGET [--app APP]} (and restore, drill, migrate, upgrade): every step a command would run,
 * changing nothing.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Show what a command would do, changing nothing: the steps, which containers stop and in which order,"
                    + " the commands, the expected downtime and the space needed.",
            "plan backup TARGET | plan restore SNAPSHOT TARGET | plan drill SNAPSHOT [TARGET] |"
                    + " plan migrate SOURCE TARGET [--site-url URL] | plan upgrade TARGET --to VERSION"
        })
final class PlanCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    PlanCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "backup, restore, drill, migrate or upgrade")
    String what;

    @Parameters(
            index = "1..*",
            paramLabel = "ARGS",
            description = "backup: TARGET; restore: SNAPSHOT TARGET; drill: SNAPSHOT [TARGET]; migrate: SOURCE TARGET;"
                    + " upgrade: TARGET")
    java.util.List<String> rest = new java.util.ArrayList<>();

    @Option(names = "--site-url", paramLabel = "URL", description = "plan migrate: the site's new URL.")
    String siteUrl;

    @Option(names = "--overwrite", description = "plan restore/migrate: the target may already run it.")
    boolean overwrite;

    @Option(names = "--to", paramLabel = "VERSION", description = "plan upgrade: the version to upgrade to.")
    String to;

    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    BackupCommand.BackupOptions options = new BackupCommand.BackupOptions();

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        switch (what) {
            case "restore", "drill" -> {
                return planRestore();
            }
            case "migrate" -> {
                if (rest.size() != 2) {
                    throw new ParameterException(spec.commandLine(), "plan migrate SOURCE TARGET");
                }
            }
            case "backup" -> {
                if (rest.size() != 1) {
                    throw new ParameterException(spec.commandLine(), "plan backup TARGET");
                }
            }
            case "upgrade" -> {
                if (rest.size() != 1 || to == null || to.isBlank()) {
                    throw new ParameterException(spec.commandLine(), "plan upgrade TARGET --to VERSION");
                }
            }
            default -> throw new ParameterException(
                    spec.commandLine(), "plan " + what + ": one of backup, restore, drill, migrate, upgrade");
        }
        target = rest.get(0);
        Target where = BackupCommand.BackupOptions.parse(target, spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lifeboat lb = options.lifeboat(lifeboat, err);
        try (Server server = ssh.connect(lb, where, err)) {
            Applications.Chosen app = server.choose(options.app, options.sudo);
            if (what.equals("upgrade")) {
                UpgradePlan up = server.planUpgrade(app.stack(), to, options.sudo);
                out.println(json ? UpgradePlanText.json(up) : UpgradePlanText.text(up));
                out.flush();
                return ExitCodes.OK;
            }
            BackupPlan plan = server.plan(app.stack(), app.maintenance());
            if (what.equals("migrate")) {
                // One list: the backup's steps on the source, then the restore's on the target (target:...).
                List<PlannedStep> steps = lb.planMigration(plan, app.maintenance(), siteUrl, overwrite, true);
                out.println(json ? toJson(plan, steps) : text(plan, steps, "Migration plan", rest.get(1)));
            } else {
                out.println(json ? toJson(plan, plan.steps()) : text(plan, plan.steps(), "Backup plan", null));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** plan restore / plan drill: what the restore will do, from the snapshot alone (nothing is contacted). */
    private int planRestore() throws Exception {
        if (rest.isEmpty() || rest.size() > 2 || (what.equals("restore") && rest.size() != 2)) {
            throw new ParameterException(
                    spec.commandLine(),
                    what.equals("restore") ? "plan restore SNAPSHOT TARGET" : "plan drill SNAPSHOT [TARGET]");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lifeboat lb = options.lifeboat(lifeboat, err);
        SnapshotStore store = lb.store();
        java.nio.file.Path snap = store.resolve(rest.get(0));
        Manifest m = SnapshotStore.readManifest(snap);
        RestoreWorkflow.Options o = what.equals("drill")
                ? new RestoreWorkflow.Options(false, null, DrillWorkflow.relocation(m))
                : new RestoreWorkflow.Options(overwrite, null, null);
        String onto = rest.size() == 2
                ? rest.get(1)
                : m.server().user() + "@" + m.server().host() + " (its own server)";
        List<PlannedStep> steps = what.equals("drill") ? lb.planDrill(m) : lb.planRestore(m, o);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode n = mapper.createObjectNode();
            n.put("what", what).put("snapshot", snap.toString()).put("target", onto);
            n.put("stack", m.application().stack())
                    .put("project", m.application().composeProject());
            stepsJson(n.putArray("steps"), steps);
            out.println(mapper.writeValueAsString(n));
        } else {
            out.println((what.equals("drill") ? "Drill" : "Restore") + " plan for "
                    + m.application().name() + " snapshot " + store.idOf(snap) + " onto " + onto + ":");
            out.print(stepsText(steps, null));
            out.println("Nothing was changed.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A backup's (or a migration's) plan in words.
     *
     * @param target a migration's new server, whose steps ({@code target:...}) are marked so; else null
     */
    static String text(BackupPlan p, List<PlannedStep> steps, String what, String target) {
        StringBuilder b = new StringBuilder();
        b.append(what)
                .append(" for ")
                .append(p.stack().displayName())
                .append(p.stack().version() == null ? "" : " " + p.stack().version())
                .append(" in ")
                .append(p.stack().installDir())
                .append(" (compose project ")
                .append(p.project())
                .append(")\n");
        b.append(String.format(
                Locale.ROOT,
                "Expected downtime: %.1f s (%s)%n",
                p.estimate().downtimeSeconds(),
                p.estimate().basis()));
        b.append("Files to copy: ")
                .append(ByteSizes.human(OptionalLong.of(p.estimate().bytesToCopy())))
                .append("; space needed in the store: at most ")
                .append(ByteSizes.human(OptionalLong.of(p.estimate().spaceNeededBytes())))
                .append(
                        p.previous() == null
                                ? " (first snapshot)"
                                : " (unchanged files are hard-linked to "
                                        + p.previous().getFileName() + ")")
                .append('\n');
        b.append("Into: ").append(p.appDir()).append('\n');
        b.append("Stays up: ")
                .append(
                        p.keptUp().isEmpty()
                                ? "nothing"
                                : String.join(
                                        ", ",
                                        p.keptUp().stream()
                                                .map(ContainerState::label)
                                                .toList()))
                .append('\n');
        b.append("\nSteps:\n").append(stepsText(steps, target));
        b.append("\nComponents:\n");
        for (BackupPlan.Decision d : p.decisions()) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-8s %-13s %s  (%s)%n",
                    d.saved(),
                    "[" + d.component().componentClass().jsonName() + "]",
                    d.component().path(),
                    d.why()));
        }
        if (!p.excludes().isEmpty()) {
            b.append("Left out of the copy: ")
                    .append(String.join(", ", p.excludes()))
                    .append('\n');
        }
        for (String w : p.warnings()) {
            b.append("Note: ").append(w).append('\n');
        }
        b.append("\nNothing was changed. Run 'lifeboat " + (target == null ? "backup" : "migrate")
                + "' with the same arguments to do it.");
        return b.toString();
    }

    /** Numbered steps, the site-down ones marked, each with its commands. */
    static String stepsText(List<PlannedStep> steps, String target) {
        StringBuilder b = new StringBuilder();
        int i = 1;
        for (PlannedStep s : steps) {
            String where = target != null && s.id().startsWith(MigrateWorkflow.TARGET) ? "[on " + target + "] " : "";
            b.append(String.format(
                    Locale.ROOT, "%2d. %s%s%s%n", i++, s.siteDown() ? "[site down] " : "", where, s.title()));
            for (String c : s.commands()) {
                b.append("      ").append(c).append('\n');
            }
        }
        return b.toString();
    }

    static void stepsJson(ArrayNode a, List<PlannedStep> steps) {
        for (PlannedStep s : steps) {
            ObjectNode sn = a.addObject();
            sn.put("id", s.id()).put("title", s.title()).put("siteDown", s.siteDown());
            ArrayNode cmds = sn.putArray("commands");
            s.commands().forEach(cmds::add);
        }
    }

    static String toJson(BackupPlan p, List<PlannedStep> planned) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = m.createObjectNode();
        n.put("stack", p.stack().stackId());
        n.put("installDir", p.stack().installDir());
        n.put("project", p.project());
        n.put("expectedDowntimeSeconds", p.estimate().downtimeSeconds());
        n.put("estimateBasis", p.estimate().basis());
        n.put("bytesToCopy", p.estimate().bytesToCopy());
        n.put("spaceNeededBytes", p.estimate().spaceNeededBytes());
        n.put("snapshotFolder", p.appDir().toString());
        ArrayNode stop = n.putArray("stop");
        p.stop().forEach(c -> stop.add(c.label()));
        ArrayNode start = n.putArray("start");
        p.start().forEach(c -> start.add(c.label()));
        ArrayNode up = n.putArray("keptUp");
        p.keptUp().forEach(c -> up.add(c.label()));
        stepsJson(n.putArray("steps"), planned);
        ArrayNode comps = n.putArray("components");
        for (BackupPlan.Decision d : p.decisions()) {
            comps.addObject()
                    .put("path", d.component().path())
                    .put("class", d.component().componentClass().jsonName())
                    .put("saved", d.saved())
                    .put("service", d.service())
                    .put("why", d.why());
        }
        ArrayNode w = n.putArray("warnings");
        p.warnings().forEach(w::add);
        try {
            return m.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
