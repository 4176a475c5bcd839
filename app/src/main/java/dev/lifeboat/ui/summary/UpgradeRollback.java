package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.engine.workflow.UpgradePlan;

/**
 * After an upgrade: back to the previous version with the snapshot the upgrade took with the site stopped ({@link
 * UpgradeService#rollbackUpgrade}, what {@code lifeboat upgrade --rollback} does).
 */
record UpgradeRollback(UpgradeService engine, UpgradePlan plan) implements Rollback {

    private String app() {
        return plan.stack().displayName();
    }

    @Override
    public String button() {
        return "Roll back to " + plan.current();
    }

    @Override
    public String offer() {
        return "If " + plan.target() + " is not right: Rollback puts back the files of " + plan.current()
                + " and restores the snapshot taken with the site stopped. What was written on the site since the"
                + " upgrade is lost; the site is down while it runs.";
    }

    @Override
    public String running() {
        return "Rolling " + app() + " back to " + plan.current() + " …";
    }

    @Override
    public String done(String unhealthy) {
        return unhealthy == null
                ? app() + " runs " + plan.current() + " again, with the data it had when the upgrade began."
                : "The rollback did not pass: " + unhealthy;
    }

    @Override
    public String run(ProgressListener listener, CancelToken cancel) throws EngineException {
        RestoreWorkflow.Result r = engine.rollbackUpgrade(plan.stack(), listener, cancel);
        return r.ok() ? null : String.join("; ", r.problems()) + (r.healthy() ? "" : " (health check not passed)");
    }
}
