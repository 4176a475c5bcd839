package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.steps.StepContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves an application to another server (DESIGN §6), as one list of steps: the target is checked first; the files
 * go from server to server while the site runs, where the two can reach each other; then the backup's steps, which
 * leave the source stopped (pre-copy, stop, dumps beside the final copy), and the restore's steps on the target
 * ({@code target:...}) with the new site URL, start, health check. The window opens at the source's stop and closes at
 * the target's health check. The source stays stopped; {@link #rollback} starts it again. If anything after the stop
 * fails, the stop's undo starts the source again before the error is reported: the site is never left down.
 */
public final class MigrateWorkflow {
    /** Where the restore's steps on the new server put their ids, apart from the backup's on the old one. */
    public static final String TARGET = "target:";

    private final ProgressListener listener;

    public MigrateWorkflow(ProgressListener listener) {
        this.listener = listener;
    }

    /**
     * A finished migration.
     *
     * @param snapshot the snapshot it went through (kept in the store)
     * @param restore the restore on the target
     * @param downtimeMillis from the source's stop to the target's passing health check
     */
    public record Result(Path snapshot, RestoreWorkflow.Result restore, long downtimeMillis) {}

    /** The migration's first step, as the plans show it. */
    public static final String DIRECT_COPY_TITLE = "Copy the files from server to server while the site runs";

    public static final String DIRECT_COPY_DETAIL = "rsync on the old server to the new one, with a key made for this"
            + " copy alone and removed after it; where the old server cannot reach the new one, skipped: the files"
            + " then go through this computer (--no-direct-copy: always)";

    /** The steps of a migration of this plan, as the plan shows them; nothing runs. */
    public static List<PlannedStep> describe(
            BackupPlan plan, Maintenance maintenance, String siteUrl, boolean overwrite, boolean direct) {
        BackupWorkflow source = new BackupWorkflow(null, null, null, null, null, ProgressListener.NONE).leaveStopped();
        RestoreWorkflow target = new RestoreWorkflow(null, null, maintenance, List.of(), ProgressListener.NONE);
        DirectCopy.To to = direct ? new DirectCopy.To(null, "", 22, "", List.of()) : null;
        return PlannedStep.of(
                new MigrateWorkflow(ProgressListener.NONE).new Run(plan, source, null, target, to, siteUrl, overwrite)
                        .steps());
    }

    public Result run(
            BackupPlan plan,
            BackupWorkflow source,
            RemoteShell sourceShell,
            RestoreWorkflow target,
            DirectCopy.To direct,
            String siteUrl,
            boolean overwrite,
            CancelToken cancel)
            throws EngineException {
        Run run = new Run(plan, source, sourceShell, target, direct, siteUrl, overwrite);
        Runner.Result ran = new Runner(listener).run(run.steps(), cancel);
        RestoreWorkflow.Result r = run.restore.result();
        if (!r.ok()) {
            listener.on(new WorkflowEvent.Warning(
                    Instant.now(),
                    "The new server does not match the snapshot: the old one stays stopped; "
                            + "'lifeboat migrate --rollback' starts it again."));
        }
        return new Result(run.backup.result().snapshot(), r, ran.window().millis());
    }

    /** One migration: the target's check, the direct copy, the backup's steps, the restore's on the target. */
    private final class Run {
        private final BackupPlan plan;
        private final BackupWorkflow.Run backup;
        private final RestoreWorkflow.Run restore;
        private final RemoteShell sourceShell;
        private final RestoreWorkflow target;
        private final DirectCopy.To direct;
        private final RestoreWorkflow.Options options;

        Run(
                BackupPlan plan,
                BackupWorkflow source,
                RemoteShell sourceShell,
                RestoreWorkflow target,
                DirectCopy.To direct,
                String siteUrl,
                boolean overwrite) {
            this.plan = plan;
            this.sourceShell = sourceShell;
            this.target = target;
            this.direct = direct;
            this.options = new RestoreWorkflow.Options(overwrite, siteUrl, null);
            this.backup = source.start(plan);
            this.restore = target.start(BackupManifest.planned(plan), options, TARGET, () -> backup.result()
                    .snapshot());
        }

        List<Step> steps() {
            List<Step> s = new ArrayList<>();
            s.add(Step.of(TARGET + "check", "Check the new server before anything stops here", ctx -> {
                target.check(plan.application(), options);
                if (options.overwrite()) {
                    // What the target runs of it is replaced anyway: stopped now, not in the window.
                    int n = target.stopProject(plan.project());
                    return Step.Done.ok("ready" + (n > 0 ? "; " + n + " of its containers stopped there" : ""));
                }
                return Step.Done.ok("ready");
            }));
            if (direct != null) {
                s.add(Step.of("direct", DIRECT_COPY_TITLE, ctx -> preCopy(ctx, plan, sourceShell, direct))
                        .commands(List.of(DIRECT_COPY_DETAIL)));
            }
            s.addAll(backup.steps());
            s.addAll(restore.steps());
            return s;
        }
    }

    /**
     * The files from the old server to the new one directly while the site runs, where the two can reach each other;
     * else nothing, and the restore brings them from this computer's snapshot.
     */
    private Step.Done preCopy(StepContext ctx, BackupPlan plan, RemoteShell sourceShell, DirectCopy.To direct)
            throws EngineException {
        String why;
        try {
            why = new DirectCopy(sourceShell, direct, ctx.events())
                    .copy(plan.copyRoots(), plan.excludes(), ctx.cancel());
        } catch (CancelledException e) {
            throw e;
        } catch (EngineException e) {
            why = e.getMessage(); // nothing is stopped yet: the files go the other way
        }
        if (why == null) {
            return Step.Done.ok("copied from " + sourceShell.describe() + " to "
                    + direct.shell().describe() + " directly; the restore sends only what changed since");
        }
        return Step.Done.skipped("not server to server: " + why + "; the files go through this computer");
    }

    /**
     * Starts the application on the old server again, in its start order, and waits for its health check. Returns
     * null when it is up, else what is wrong.
     */
    public String rollback(RemoteShell shell, String project, Maintenance maintenance, CancelToken cancel)
            throws EngineException {
        Docker docker = new Docker(shell);
        String[] unhealthy = {null};
        List<Step> steps = List.of(
                Step.of("start", "Start the application again, in its start order", ctx -> {
                    List<ContainerState> all = docker.project(project);
                    if (all.isEmpty()) {
                        throw new PreflightException("Project " + project + " has no containers on " + shell.describe()
                                + ": nothing to start again.");
                    }
                    List<ContainerState> stopped = new ArrayList<>(
                            all.stream().filter(c -> !c.running()).toList());
                    List<String> order = maintenance.startOrder();
                    stopped.sort(
                            (a, b) -> Integer.compare(RestoreWorkflow.rank(order, a), RestoreWorkflow.rank(order, b)));
                    for (ContainerState c : stopped) {
                        ctx.log("starting " + c.label());
                        shell.capture(docker.start(List.of(c.id()))).orThrow(docker.start(List.of(c.id())));
                    }
                    return Step.Done.ok(stopped.size() + " started");
                }),
                Step.of("health", maintenance.healthCheck().describe(), ctx -> {
                    List<ContainerState> now = docker.project(project);
                    unhealthy[0] = new HealthChecker(docker)
                            .await(
                                    maintenance.healthCheck(),
                                    now.stream().map(ContainerState::id).toList(),
                                    now,
                                    ctx::log,
                                    ctx.cancel());
                    return unhealthy[0] == null ? Step.Done.ok("up") : Step.Done.failed(unhealthy[0]);
                }));
        new Runner(listener).run(steps, cancel);
        return unhealthy[0];
    }
}
