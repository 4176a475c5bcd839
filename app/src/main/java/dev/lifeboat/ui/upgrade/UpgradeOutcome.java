package dev.lifeboat.ui.upgrade;

import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;

/**
 * How an upgrade run in the window ended, for its Summary: upgraded, stopped by its rehearsal (the live site not
 * upgraded), or failed on the live site and rolled back (or not: the way back failed too).
 *
 * @param plan what ran
 * @param end how it ended
 * @param result the upgrade's result when it upgraded; else null
 * @param message what the engine said when it did not upgrade; else empty
 * @param cancelled whether it ended because Cancel was pressed during the live part
 */
public record UpgradeOutcome(
        UpgradePlan plan, End end, UpgradeWorkflow.Result result, String message, boolean cancelled) {

    /** How an upgrade ended. */
    public enum End {
        /** The live site runs the new version. */
        UPGRADED,
        /** The copy did not come up healthy: the live site was never upgraded. */
        REHEARSAL_FAILED,
        /** The live part failed or was cancelled, and the site runs the previous version with its data again. */
        ROLLED_BACK,
        /** The live part failed and so did the way back: the site needs the admin. */
        ROLLBACK_FAILED
    }

    public static UpgradeOutcome upgraded(UpgradePlan plan, UpgradeWorkflow.Result result) {
        return new UpgradeOutcome(plan, End.UPGRADED, result, "", false);
    }

    public boolean upgraded() {
        return end == End.UPGRADED;
    }
}
