package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.stacks.FileEdit;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * An upgrade (issue 20, ADR 0014) as one list of steps for the runner: pull → the backup's steps (a fresh snapshot) →
 * the restore's steps into a throw-away copy ({@code rehearsal:}) → the new version written into the copy, started,
 * checked → the copy removed → the backup's steps again with the site left stopped ({@code live:}, the way back) → the
 * new version written, built where a service is built on it, started → health check (the window closes) → counts
 * compared. {@link #rollbackSteps} is what a failed live part runs: the previous version's files, then the restore of
 * the live snapshot in place.
 *
 * <p>Only the plan is built so far: the steps carry their ids, titles, commands and window edges, and the steps of
 * the backup and the restore are theirs, but the upgrade's own steps have no action yet ({@link #NOT_BUILT}). Nothing
 * here runs; {@link #describe} gives the list to the plan.
 */
public final class UpgradeWorkflow {
    /** Where the rehearsal's steps put their ids. */
    public static final String REHEARSAL = "rehearsal:";
    /** Where the live part's steps put their ids. */
    public static final String LIVE = "live:";
    /** Where the way back's steps put their ids. */
    public static final String ROLLBACK = "rollback:";

    /** The upgrade's own steps until the live run is built: planned, never run. */
    static final Step.Action NOT_BUILT = ctx -> {
        throw new EngineException("The upgrade itself is not built yet (issue 20): 'lifeboat plan upgrade' shows what"
                + " it will do; nothing was changed.");
    };

    private UpgradeWorkflow() {}

    /** The rehearsal's throw-away copy of a compose project: beside a drill's, removed as a drill's is. */
    public static RestoreWorkflow.Relocation copy(String project) {
        String p = ("lifeboat-upgrade-" + project).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return new RestoreWorkflow.Relocation(p, "/var/tmp/lifeboat-drill/" + p);
    }

    /** The steps of the upgrade this plan describes, in order; nothing runs. */
    public static List<PlannedStep> describe(UpgradePlan plan) {
        return PlannedStep.of(steps(plan));
    }

    /** The steps that put the site back after a failed live part; nothing runs. */
    public static List<PlannedStep> describeRollback(UpgradePlan plan) {
        return PlannedStep.of(rollbackSteps(plan));
    }

    static List<Step> steps(UpgradePlan p) {
        String target = p.target();
        List<Step> s = new ArrayList<>();
        s.add(Step.of(
                        "pull",
                        "Pull the new images while the site runs (a version that does not exist stops here)",
                        NOT_BUILT)
                .commands(
                        p.change().pulls().stream().map(i -> "docker pull " + i).toList()));

        // The fresh snapshot: the normal backup, the site down for seconds.
        s.addAll(new BackupWorkflow(null, null, null, null, null, ProgressListener.NONE)
                .start(p.backup())
                .steps());

        // The rehearsal: that snapshot into a throw-away copy, upgraded there; the live site runs all along.
        RestoreWorkflow.Options beside = new RestoreWorkflow.Options(false, null, p.copy());
        Supplier<java.nio.file.Path> none = () -> null;
        s.addAll(new RestoreWorkflow(null, null, p.maintenance(), List.of(), ProgressListener.NONE)
                .start(BackupManifest.planned(p.backup()), beside, REHEARSAL, none)
                .steps());
        s.add(Step.of(REHEARSAL + "version", "Write " + target + " into the copy's files", NOT_BUILT)
                .commands(writes(p.change().edits(), beside)));
        for (String service : p.change().builds()) {
            s.add(Step.of(
                            REHEARSAL + "build:" + service,
                            "Build " + service + " of the copy on the new image",
                            NOT_BUILT)
                    .commands(List.of("docker compose -p " + p.copy().project() + " build " + service)));
        }
        s.add(Step.of(
                        REHEARSAL + "upgrade",
                        "Start the copy with " + target + " (its containers made again from the new images; "
                                + "the application migrates its data as it starts)",
                        NOT_BUILT)
                .commands(List.of("docker compose -p " + p.copy().project() + " up -d   (the copy's compose file)")));
        s.add(Step.of(
                        REHEARSAL + "upgraded-health",
                        "Wait until the copy is up with " + target + ", its migrations included",
                        NOT_BUILT)
                .commands(List.of(waited(p).describe())));
        s.add(Step.of(
                REHEARSAL + "upgraded-compare",
                "Compare what the copy's databases hold after the upgrade with the snapshot's counts",
                NOT_BUILT));
        s.add(Step.of(REHEARSAL + "remove", "Remove the copy: its containers, volumes, networks and folder", NOT_BUILT)
                .commands(List.of("compose project " + p.copy().project() + ", "
                        + p.copy().root())));

        // The live part: a last snapshot with the site left stopped, then the new version.
        for (Step b : new BackupWorkflow(null, null, null, null, null, ProgressListener.NONE)
                .leaveStopped("Leave the application stopped (it starts with " + target + ")")
                .start(p.backup())
                .steps()) {
            s.add(prefixed(LIVE, b));
        }
        s.add(Step.of(LIVE + "version", "Write " + target + " where the version is kept", NOT_BUILT)
                .commands(writes(p.change().edits(), RestoreWorkflow.Options.inPlace(false))));
        for (String service : p.change().builds()) {
            s.add(Step.of(LIVE + "build:" + service, "Build " + service + " on the new image", NOT_BUILT)
                    .commands(List.of(p.compose() + " build " + service)));
        }
        s.add(Step.of(
                        LIVE + "start",
                        "Start " + target + " (the containers made again from the pulled images; the application"
                                + " migrates its data as it starts)",
                        NOT_BUILT)
                .commands(List.of(p.compose() + " up -d")));
        s.add(Step.of(
                        LIVE + "health",
                        "Wait until " + target + " is up, its migrations included (else back to " + p.current() + ")",
                        NOT_BUILT)
                .commands(List.of(waited(p).describe()))
                .closesWindow());
        s.add(Step.of(
                LIVE + "compare",
                "Compare what the databases hold after the upgrade with the snapshot's counts",
                NOT_BUILT));
        return s;
    }

    static List<Step> rollbackSteps(UpgradePlan p) {
        List<Step> s = new ArrayList<>();
        List<String> back = new ArrayList<>();
        for (FileEdit e : p.change().edits()) {
            back.add(e.before() == null ? "remove " + e.path() : "write " + e.path() + " as it was");
        }
        s.add(Step.of(ROLLBACK + "version", "Put back the files of " + p.current(), NOT_BUILT)
                .commands(back));
        s.addAll(new RestoreWorkflow(null, null, p.maintenance(), List.of(), ProgressListener.NONE)
                .start(BackupManifest.planned(p.backup()), RestoreWorkflow.Options.inPlace(true), ROLLBACK, () -> null)
                .steps());
        return s;
    }

    /** The stack's health check, given the time the new version's migrations may take. */
    private static Maintenance.HealthCheck waited(UpgradePlan p) {
        Maintenance.HealthCheck h = p.maintenance().healthCheck();
        return new Maintenance.HealthCheck(
                h.service(), h.port(), h.path(), p.downtime().migrationWaitSeconds());
    }

    /** What a version step writes, each file with what changes in it, where the placement puts the file. */
    private static List<String> writes(List<FileEdit> edits, RestoreWorkflow.Options where) {
        List<String> out = new ArrayList<>();
        for (FileEdit e : edits) {
            for (String c : e.changes()) {
                out.add(where.at(e.path()) + ": " + c);
            }
        }
        return out;
    }

    /** A step (and its children) with its id under a prefix, apart from the same step of another phase. */
    private static Step prefixed(String prefix, Step s) {
        return new Step(
                prefix + s.id(),
                s.title(),
                s.commands(),
                s.window(),
                s.action(),
                s.undo(),
                s.children().stream().map(c -> prefixed(prefix, c)).toList());
    }
}
