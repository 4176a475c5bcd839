package dev.lifeboat.ui.restore;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.run.RunJob;
import dev.lifeboat.ui.run.RunKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A restore, drill or migration as the Run page runs it: the steps it will go through and how it ends. */
public final class RestoreJob implements RunJob<RestoreOutcome> {
    private final RestoreService engine;
    private final RestorePlan plan;

    public RestoreJob(RestoreService engine, RestorePlan plan) {
        this.engine = engine;
        this.plan = plan;
    }

    public RestorePlan plan() {
        return plan;
    }

    @Override
    public RunKind kind() {
        return RunKind.of(plan.kind());
    }

    @Override
    public String subject() {
        return plan.request().stack().displayName();
    }

    @Override
    public List<PlannedStep> steps() {
        return plan.steps();
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
}
