package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreService;

/** After a migration: start the application on the old server again ({@link RestoreService#rollback}). */
record MigrationRollback(RestoreService engine, RestorePlan plan) implements Rollback {

    private String app() {
        return plan.request().stack().displayName();
    }

    @Override
    public String button() {
        return "Roll back: start it on " + plan.source() + " again";
    }

    @Override
    public String offer() {
        return "If the new server is not right: Rollback starts " + app() + " on " + plan.source() + " again. "
                + plan.target() + " keeps running its copy; what changed there is not copied back.";
    }

    @Override
    public String running() {
        return "Starting " + app() + " on " + plan.source() + " again …";
    }

    @Override
    public String done(String unhealthy) {
        return unhealthy == null
                ? app() + " runs again on " + plan.source() + ". " + plan.target()
                        + " still runs its copy: stop it there when you are done with it."
                : app() + " was started again on " + plan.source() + ", but its health check did not pass: "
                        + unhealthy;
    }

    @Override
    public String run(ProgressListener listener, CancelToken cancel) throws EngineException {
        return engine.rollback(plan, listener, cancel);
    }
}
