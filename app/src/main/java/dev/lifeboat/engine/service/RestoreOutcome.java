package dev.lifeboat.engine.service;

import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;

/**
 * A restore, drill or migration that ran to its end (which may still be bad news: counts that differ, a failed
 * drill).
 *
 * @param plan what was run
 * @param restore the restore's result (a restore; a migration's restore on the new server); null for a drill
 * @param drill the drill's record, as kept beside the snapshot; null unless a drill
 * @param migration the migration's result; null unless a migration
 * @param millis how long it took in all
 */
public record RestoreOutcome(
        RestorePlan plan,
        RestoreWorkflow.Result restore,
        DrillRecord drill,
        MigrateWorkflow.Result migration,
        long millis) {

    /** Whether it is what the user wanted: a restore that matches, a drill that passed. */
    public boolean good() {
        return switch (plan.kind()) {
            case DRILL -> drill != null && drill.passed();
            case MIGRATE -> migration != null && migration.restore().ok();
            case RESTORE -> restore != null && restore.ok();
        };
    }
}
