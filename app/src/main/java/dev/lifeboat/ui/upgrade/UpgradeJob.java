package dev.lifeboat.ui.upgrade;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import dev.lifeboat.ui.run.RunJob;
import dev.lifeboat.ui.run.RunKind;
import java.util.List;
import java.util.Locale;

/**
 * An upgrade as the Run page runs it: every step of the plan, and an end that is a Summary whatever happened — a
 * failed rehearsal and a rolled-back live part are outcomes to read, not bare errors. What fails before the rehearsal
 * (a pull, the snapshot) is an error, as the same failure of a backup is.
 */
public final class UpgradeJob implements RunJob<UpgradeOutcome> {
    private final UpgradeService engine;
    private final UpgradePlan plan;

    public UpgradeJob(UpgradeService engine, UpgradePlan plan) {
        this.engine = engine;
        this.plan = plan;
    }

    @Override
    public RunKind kind() {
        return RunKind.UPGRADE;
    }

    @Override
    public String subject() {
        return plan.stack().displayName();
    }

    @Override
    public List<PlannedStep> steps() {
        return plan.steps();
    }

    @Override
    public UpgradeOutcome run(ProgressListener listener, CancelToken cancel) throws EngineException {
        try {
            return UpgradeOutcome.upgraded(plan, engine.upgrade(plan, listener, cancel));
        } catch (UpgradeWorkflow.RehearsalFailedException e) {
            return new UpgradeOutcome(plan, UpgradeOutcome.End.REHEARSAL_FAILED, null, e.getMessage(), false);
        } catch (UpgradeWorkflow.RolledBackException e) {
            return new UpgradeOutcome(
                    plan,
                    e.rolledBack() ? UpgradeOutcome.End.ROLLED_BACK : UpgradeOutcome.End.ROLLBACK_FAILED,
                    null,
                    e.getMessage(),
                    cancel.isCancelled());
        }
    }

    @Override
    public Ending ending(UpgradeOutcome o, boolean cancelled) {
        String app = subject();
        return switch (o.end()) {
            case UPGRADED -> Ending.of(
                    app + " upgraded from " + o.result().from() + " to "
                            + o.result().to() + "; the site was down "
                            + seconds(o.result().downtimeMillis()) + " for the live part.",
                    true);
            case REHEARSAL_FAILED -> Ending.of(
                    "The rehearsal of " + plan.target() + " failed on the copy: the live site still runs "
                            + plan.current() + " and was not upgraded. The Summary says why.",
                    false);
            case ROLLED_BACK -> Ending.of(
                    (o.cancelled() ? "Upgrade cancelled on the live site" : "The upgrade failed on the live site")
                            + ": Lifeboat rolled back, " + app + " runs " + plan.current() + " again.",
                    false);
            case ROLLBACK_FAILED -> Ending.of(
                    "The upgrade failed on the live site and so did the way back: the Summary says what to do.", false);
        };
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
