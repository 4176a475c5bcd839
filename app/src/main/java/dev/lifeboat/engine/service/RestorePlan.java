package dev.lifeboat.engine.service;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.DrillWorkflow;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import java.util.List;

/**
 * What a restore, drill or migration will do, as read before anything changes: the facts the Plan page puts in
 * words.
 *
 * @param request what was asked for
 * @param manifest the snapshot's manifest; for a migration, the one its backup will write as planned (no sizes)
 * @param options how the restore runs
 * @param maintenance how the application is stopped, started and checked, and which settings name the site
 * @param source where the application runs now, e.g. {@code root@srv-a}
 * @param target where it is restored (the same server for a restore and a drill)
 * @param existing the containers of the project on the target now: a restore replaces them; for a drill, the copy
 *     left by an earlier drill, which is removed first
 * @param backup for a migration, the backup of the source it starts with; else null
 * @param warnings things a person should know
 */
public record RestorePlan(
        RestoreRequest request,
        Manifest manifest,
        RestoreWorkflow.Options options,
        Maintenance maintenance,
        String source,
        String target,
        List<ContainerState> existing,
        BackupPlan backup,
        List<String> warnings) {

    public RestorePlan {
        existing = List.copyOf(existing);
        warnings = List.copyOf(warnings);
    }

    public RestoreRequest.Kind kind() {
        return request.kind();
    }

    /**
     * Every step the run will go through, as the workflow makes its list (the same list runs): for a migration the
     * backup's steps on the source, then the restore's on the target ({@code target:...}). Changes nothing.
     */
    public List<PlannedStep> steps() {
        return switch (kind()) {
            case DRILL -> DrillWorkflow.describe(manifest, maintenance);
            case MIGRATE -> MigrateWorkflow.describe(backup, maintenance, options.siteUrl(), options.overwrite(), true);
            case RESTORE -> RestoreWorkflow.describe(manifest, options, maintenance);
        };
    }

    /** Whether a step of {@link #steps} runs on the target (of a migration; else every step does). */
    public boolean onTarget(PlannedStep s) {
        return kind() != RestoreRequest.Kind.MIGRATE || s.id().startsWith(MigrateWorkflow.TARGET);
    }

    /** This plan with the replacement of what runs on the target agreed or not. */
    public RestorePlan withOverwrite(boolean yes) {
        return new RestorePlan(
                request.withOverwrite(yes),
                manifest,
                new RestoreWorkflow.Options(yes, options.siteUrl(), options.drill()),
                maintenance,
                source,
                target,
                existing,
                backup,
                warnings);
    }
}
