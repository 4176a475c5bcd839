package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.stacks.VersionChange;
import dev.lifeboat.engine.steps.PlannedStep;
import java.util.List;

/**
 * Everything an upgrade will do, decided before anything changes (issue 20, ADR 0014): shown by {@code plan upgrade}.
 * An upgrade runs in three phases, one list of steps:
 *
 * <ol>
 *   <li>{@link Phase#PREPARE}: the new images pulled while the site runs (a version that does not exist stops here),
 *       then a fresh snapshot, the normal backup (the site down for seconds);
 *   <li>{@link Phase#REHEARSAL} ({@code rehearsal:} ids): that snapshot restored into a throw-away copy beside the live
 *       site, the new version applied to the copy, started, checked and removed; the live site runs all along;
 *   <li>{@link Phase#LIVE} ({@code live:} ids): a last snapshot with the site stopped (the way back: nothing written on
 *       the site since is lost), the new version written the vendor's way, the application started from the pulled
 *       images, its migrations waited for, its health checked.
 * </ol>
 *
 * {@link #rollback} lists what puts the site back when the live part fails its health check or is cancelled.
 *
 * @param stack the application as detected
 * @param maintenance how it is stopped, started and checked
 * @param compose the compose command the live part starts it with: the vendor's wrapper (the Toolkit's {@code
 *     bin/docker-compose}) or compose with the running project's name and files
 * @param change the version change: current and target, where the version is kept, the files written, the images,
 *     the constraints that apply (none refuses: a refused change never becomes a plan)
 * @param migrated the components whose stores the new version migrates as it starts
 * @param backup the backup both snapshots are taken by
 * @param copy the rehearsal's throw-away copy: its compose project and folder
 * @param downtime how long the site is expected to be down, and why
 * @param steps every step, in order, as the workflow makes them; nothing runs to make them
 * @param rollback the steps of the way back after a failed live part
 * @param warnings things a person should know
 */
public record UpgradePlan(
        DetectedStack stack,
        Maintenance maintenance,
        String compose,
        VersionChange change,
        List<Component> migrated,
        BackupPlan backup,
        RestoreWorkflow.Relocation copy,
        Downtime downtime,
        List<PlannedStep> steps,
        List<PlannedStep> rollback,
        List<String> warnings) {

    public UpgradePlan {
        migrated = List.copyOf(migrated);
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
        warnings = List.copyOf(warnings);
    }

    /** The three parts of an upgrade, by their steps' ids. */
    public enum Phase {
        PREPARE,
        REHEARSAL,
        LIVE;

        /** The phase a step of {@link #steps} belongs to. */
        public static Phase of(PlannedStep s) {
            if (s.id().startsWith(UpgradeWorkflow.REHEARSAL)) {
                return REHEARSAL;
            }
            return s.id().startsWith(UpgradeWorkflow.LIVE) ? LIVE : PREPARE;
        }

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The steps of one phase, in order. */
    public List<PlannedStep> steps(Phase phase) {
        return steps.stream().filter(s -> Phase.of(s) == phase).toList();
    }

    public String current() {
        return change.current();
    }

    public String target() {
        return change.target();
    }

    /** This plan with its steps. */
    UpgradePlan withSteps(List<PlannedStep> all, List<PlannedStep> back) {
        return new UpgradePlan(
                stack, maintenance, compose, change, migrated, backup, copy, downtime, all, back, warnings);
    }

    /**
     * How long the site is down.
     *
     * @param snapshotSeconds the fresh snapshot's window
     * @param liveSeconds the live part's window without the migrations: the last snapshot, writing the version,
     *     building, making the containers again
     * @param migrationWaitSeconds the most the live part waits for the new version's health check, its migrations
     *     included, before it goes back
     * @param basis how the estimate was made
     */
    public record Downtime(double snapshotSeconds, double liveSeconds, int migrationWaitSeconds, String basis) {}
}
