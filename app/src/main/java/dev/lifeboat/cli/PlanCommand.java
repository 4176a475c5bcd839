package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import dev.lifeboat.engine.workflow.Applications;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupPlanner;
import java.io.PrintWriter;
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

/** {@code plan backup TARGET [--app APP]}: every step a backup would run, changing nothing. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Show what a command would do, changing nothing: the steps, which containers stop and in which order,"
                    + " the commands, the expected downtime and the space needed.",
            "Only 'plan backup' exists yet."
        })
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "backup")
    String what;

    @Parameters(index = "1", paramLabel = "TARGET", description = "user@host[:port], ssh://... or a Host alias.")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Mixin
    BackupCommand.BackupOptions options = new BackupCommand.BackupOptions();

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!what.equals("backup")) {
            throw new ParameterException(spec.commandLine(), "plan " + what + ": only 'plan backup' exists yet");
        }
        Target where = BackupCommand.BackupOptions.parse(target, spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SshSession session = ssh.open(where, err);
                SshjRemoteShell shell = new SshjRemoteShell(session);
                RsyncTransfer transfer = new RsyncTransfer(shell)) {
            Applications.Chosen app =
                    Applications.choose(shell, options.app, options.sudo, w -> err.println("lifeboat: warning: " + w));
            BackupPlan plan = new BackupPlanner(
                            shell,
                            options.store(),
                            session.target().host(),
                            session.target().port(),
                            transfer.describe())
                    .plan(app.stack(), app.maintenance());
            out.println(json ? toJson(plan) : text(plan));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String text(BackupPlan p) {
        StringBuilder b = new StringBuilder();
        b.append("Backup plan for ")
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
        b.append("\nSteps:\n");
        int i = 1;
        for (BackupPlan.Step s : p.steps()) {
            b.append(String.format(Locale.ROOT, "%2d. %s%s%n", i++, s.inDowntime() ? "[site down] " : "", s.title()));
            for (String c : s.commands()) {
                b.append("      ").append(c).append('\n');
            }
        }
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
        b.append("\nNothing was changed. Run 'lifeboat backup' with the same arguments to do it.");
        return b.toString();
    }

    static String toJson(BackupPlan p) {
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
        ArrayNode steps = n.putArray("steps");
        for (BackupPlan.Step s : p.steps()) {
            ObjectNode sn = steps.addObject();
            sn.put("id", s.id()).put("title", s.title()).put("siteDown", s.inDowntime());
            ArrayNode cmds = sn.putArray("commands");
            s.commands().forEach(cmds::add);
        }
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
