package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.service.Lifeboat;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status [--json]}: every scheduled application: last backup and drill, next runs, overdue or failed. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "How the scheduled applications are doing: the last backup and its age, the last drill and its result, the"
                    + " next runs, and whether anything is overdue or failed (also channels that could not be told).",
            "Exits 0 when all is well, 1 when a schedule failed or is overdue."
        })
final class StatusCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    StatusCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<ScheduleStatus> all = lifeboat.unattended().status();
        Instant now = Instant.now();
        boolean bad = all.stream()
                .anyMatch(s -> s.state().equals("failed") || s.state().equals("overdue"));
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            ArrayNode list = root.putArray("applications");
            for (ScheduleStatus s : all) {
                ObjectNode n = list.addObject();
                n.put("schedule", s.schedule().name())
                        .put("profile", s.schedule().profile())
                        .put("app", s.schedule().app())
                        .put("scheduler", s.schedule().scheduler().word())
                        .put("state", s.state());
                ObjectNode b = n.putObject("backup");
                b.put("calendar", s.schedule().backup());
                b.put(
                        "next",
                        s.nextBackup() == null
                                ? null
                                : s.nextBackup().toOffsetDateTime().toString());
                b.put("overdue", s.backupOverdue());
                seen(b.putObject("last"), s.lastBackup(), now);
                if (s.lastBackupRun() != null) {
                    RunRecord r = s.lastBackupRun();
                    b.putObject("lastRun")
                            .put("ended", r.ended())
                            .put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                            .put("message", r.message())
                            .put("siteUp", r.siteUp())
                            .put("sizeBytes", r.sizeBytes())
                            .put("newDiskBytes", r.newDiskBytes())
                            .put("downtimeMillis", r.downtimeMillis())
                            .put("durationMillis", r.durationMillis());
                }
                ObjectNode d = n.putObject("drill");
                d.put("calendar", s.schedule().drill());
                d.put("on", s.schedule().drillOn());
                d.put(
                        "next",
                        s.nextDrill() == null
                                ? null
                                : s.nextDrill().toOffsetDateTime().toString());
                d.put("overdue", s.drillOverdue());
                seen(d.putObject("last"), s.lastDrill(), now);
                ArrayNode p = n.putArray("problems");
                s.problems().forEach(p::add);
                ArrayNode w = n.putArray("notifyWarnings");
                s.notifyWarnings().forEach(w::add);
            }
            out.println(m.writeValueAsString(root));
            out.flush();
            return bad ? ExitCodes.FAILED : ExitCodes.OK;
        }
        if (all.isEmpty()) {
            out.println("No schedules yet ('lifeboat schedule add PROFILE --backup \"daily 03:00\"').");
        }
        for (ScheduleStatus s : all) {
            out.println(s.schedule().name() + "  " + s.state().toUpperCase(java.util.Locale.ROOT) + "  ("
                    + s.schedule().profile()
                    + (s.schedule().app() == null ? "" : " " + s.schedule().app()) + ")");
            out.println("  last backup: " + text(s.lastBackup(), now)
                    + (s.lastBackupRun() != null && s.lastBackupRun().outcome() != RunRecord.Outcome.OK
                            ? "; last scheduled run " + s.lastBackupRun().outcome() + " "
                                    + s.lastBackupRun().ended()
                            : ""));
            out.println("  next backup: " + ScheduleCommand.when(s.nextBackup()) + "  ("
                    + s.schedule().backup() + ")");
            if (s.schedule().drill() != null || s.lastDrill() != null) {
                out.println("  last drill:  "
                        + (s.lastDrill() == null
                                ? "never"
                                : (s.lastDrill().ok() ? "passed " : "FAILED ")
                                        + ScheduleStatus.human(s.lastDrill().age(now)) + " ago ("
                                        + s.lastDrill().at() + ")"));
            }
            if (s.schedule().drill() != null) {
                out.println("  next drill:  " + ScheduleCommand.when(s.nextDrill()) + "  ("
                        + s.schedule().drill()
                        + (s.schedule().drillOn() == null
                                ? ""
                                : " on " + s.schedule().drillOn()) + ")");
            }
            s.problems().forEach(p -> out.println("  ! " + p));
            s.notifyWarnings().forEach(w -> out.println("  warning: " + w));
        }
        out.flush();
        return bad ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static String text(ScheduleStatus.Seen s, Instant now) {
        return s == null ? "never" : ScheduleStatus.human(s.age(now)) + " ago (" + s.at() + ", " + s.summary() + ")";
    }

    private static void seen(ObjectNode n, ScheduleStatus.Seen s, Instant now) {
        if (s == null) {
            return;
        }
        n.put("at", s.at().toString())
                .put("ageSeconds", s.age(now).toSeconds())
                .put("ok", s.ok())
                .put("snapshot", s.snapshot())
                .put("summary", s.summary());
    }
}
