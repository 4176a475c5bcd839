package dev.lifeboat.ui.restore;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.run.RunJob;
import dev.lifeboat.ui.run.RunKind;
import dev.lifeboat.ui.run.RunViewModel.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A restore, drill or migration as the Run page runs it: the steps it will go through and how it ends. */
public final class RestoreJob implements RunJob<RestoreOutcome> {
    private final RestoreEngine engine;
    private final RestorePlan plan;

    public RestoreJob(RestoreEngine engine, RestorePlan plan) {
        this.engine = engine;
        this.plan = plan;
    }

    public RestorePlan plan() {
        return plan;
    }

    @Override
    public RunKind kind() {
        return switch (plan.kind()) {
            case RESTORE -> RunKind.RESTORE;
            case DRILL -> RunKind.DRILL;
            case MIGRATE -> RunKind.MIGRATION;
        };
    }

    @Override
    public String subject() {
        return plan.request().stack().displayName();
    }

    @Override
    public List<PlannedStep> steps() {
        return steps(plan);
    }

    @Override
    public RestoreOutcome run(ProgressListener listener, CancelToken cancel) throws EngineException {
        return engine.run(plan, listener, cancel);
    }

    @Override
    public Ending ending(RestoreOutcome o, boolean cancelled) {
        String app = subject();
        switch (plan.kind()) {
            case DRILL: {
                DrillRecord d = o.drill();
                if (cancelled) {
                    return new Ending(
                            true,
                            "Drill cancelled; "
                                    + (d.leftBehind().isEmpty()
                                            ? "its copy was removed"
                                            : "left behind on " + plan.target() + ": "
                                                    + String.join("; ", d.leftBehind()))
                                    + " (the snapshot's record says it failed).",
                            false);
                }
                return d.passed()
                        ? Ending.of(
                                "Drill passed: the snapshot restores, matches its manifest and the copy is gone.", true)
                        : Ending.of(
                                "Drill FAILED: "
                                        + count(
                                                d.problems().size()
                                                        + d.leftBehind().size(),
                                                "problem") + ". The Summary lists them.",
                                false);
            }
            case MIGRATE: {
                RestoreWorkflow.Result r = o.migration().restore();
                return r.ok()
                        ? Ending.of(
                                "Migration complete: " + app + " runs on " + plan.target() + "; the site was down "
                                        + seconds(o.migration().downtimeMillis()) + ".",
                                true)
                        : Ending.of(
                                "The migration ran, but " + plan.target() + " does not match the snapshot ("
                                        + differences(r) + "). The old server stays stopped: Rollback on the"
                                        + " Summary starts it again.",
                                false);
            }
            default: {
                RestoreWorkflow.Result r = o.restore();
                return r.ok()
                        ? Ending.of(
                                "Restore complete: " + app + " runs again on " + plan.target()
                                        + " and every count matches the snapshot.",
                                true)
                        : Ending.of(
                                "The restore ran, but it does not match the snapshot (" + differences(r)
                                        + "). The Summary lists what differs.",
                                false);
            }
        }
    }

    private static String differences(RestoreWorkflow.Result r) {
        List<String> what = new ArrayList<>();
        if (!r.problems().isEmpty()) {
            what.add(count(r.problems().size(), "difference"));
        }
        if (!r.healthy()) {
            what.add("the health check did not pass");
        }
        return String.join("; ", what);
    }

    static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * The steps the workflows report, in their order, for the Run page to list before they start. The restore's part
     * follows {@code RestoreWorkflow.run}; the engine gives these ids only as events, so a step it adds later shows up
     * where it happens instead.
     */
    public static List<PlannedStep> steps(RestorePlan p) {
        List<PlannedStep> out = new ArrayList<>();
        switch (p.kind()) {
            case DRILL -> {
                out.add(new PlannedStep("verify", "Verify the snapshot in the store", false));
                out.addAll(restoreSteps(p.manifest(), p.options(), p.maintenance(), false, false));
                out.add(new PlannedStep("remove", "Remove the copy", false));
            }
            case MIGRATE -> {
                boolean down = false; // from the old server's stop until the new one's health check
                for (BackupPlan.Step s : p.backup().steps()) {
                    if (s.id().equals("start") || s.id().equals("health")) {
                        continue; // a migration's backup leaves the old server stopped
                    }
                    down |= s.inDowntime();
                    out.add(new PlannedStep(s.id(), s.title(), down));
                }
                out.addAll(restoreSteps(p.manifest(), p.options(), p.maintenance(), true, true));
            }
            default -> out.addAll(restoreSteps(p.manifest(), p.options(), p.maintenance(), true, false));
        }
        return out;
    }

    /**
     * The restore's own steps; with {@code down}, those from the stop to the health check run while the site is down,
     * with {@code downBefore} (a migration: the old server is stopped) also those before.
     */
    private static List<PlannedStep> restoreSteps(
            Manifest m, RestoreWorkflow.Options o, Maintenance maintenance, boolean down, boolean downBefore) {
        boolean drill = o.drill() != null;
        String project = drill ? o.drill().project() : m.application().composeProject();
        List<PlannedStep> s = new ArrayList<>();
        s.add(new PlannedStep("preflight", "Check the target", downBefore));
        if (!drill) {
            s.add(new PlannedStep("stop", "Stop what runs of " + project, down));
        }
        s.add(new PlannedStep("empty", "Empty the database folders", down));
        s.add(new PlannedStep("files", "Put the files back", down));
        if (drill) {
            s.add(new PlannedStep("check-files", "Compare the files with the snapshot, by checksum", false));
            s.add(new PlannedStep("compose", "Write the drill's compose file", false));
        }
        if (o.siteUrl() != null) {
            s.add(new PlannedStep("site-url", "Set the new site URL", down));
        }
        s.add(new PlannedStep("create", "Create the containers and volumes", down));
        if (!m.dumps().isEmpty()) {
            s.add(new PlannedStep("databases", "Start the databases", down));
            s.add(new PlannedStep("load", "Load the dumps", down));
        }
        s.add(new PlannedStep("start", "Start the application", down));
        for (Maintenance.Hook h : maintenance.afterRestore()) {
            s.add(new PlannedStep(
                    "hook:" + h.service(), h.why().isEmpty() ? "After restore in " + h.service() : h.why(), down));
        }
        s.add(new PlannedStep("health", maintenance.healthCheck().describe(), down));
        s.add(new PlannedStep("compare", "Compare what the databases hold with the manifest", false));
        if (!drill) {
            s.add(new PlannedStep("cleanup", "Remove the database folders kept aside", false));
        }
        return s;
    }
}
