package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.DockerCli;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves an application to another server (DESIGN §6): the target is checked first; then a backup of the source that
 * leaves it stopped (pre-copy while it runs, stop, dumps beside the final copy), a restore of that snapshot onto the
 * target with the new site URL, start, health check. The source stays stopped; {@link #rollback} starts it again. If
 * the restore fails, the source is started again before the error is reported: the site is never left down.
 */
public final class MigrateWorkflow {
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
        RestoreWorkflow.Options o = new RestoreWorkflow.Options(overwrite, siteUrl, null);
        target.check(plan.application(), o);
        if (overwrite) {
            // What the target runs of it is replaced anyway: stopped now, not in the window.
            target.stopProject(plan.project());
        }
        if (direct != null) {
            preCopy(plan, sourceShell, direct, cancel);
        }
        BackupWorkflow.Result b = source.run(plan, cancel);
        Manifest m = b.manifest();
        Instant down = Instant.parse(m.downtime().started());
        RestoreWorkflow.Result r;
        try {
            r = target.run(b.snapshot(), o, cancel);
        } catch (EngineException | RuntimeException e) {
            listener.on(new WorkflowEvent.Warning(
                    Instant.now(),
                    "The restore on the new server failed (" + e.getMessage() + "): starting the old one again."));
            startAgain(sourceShell, source.stoppedForMigration());
            throw e;
        }
        long millis = Duration.between(down, Instant.now()).toMillis();
        listener.on(new WorkflowEvent.DowntimeEnded(Instant.now(), Duration.ofMillis(millis), r.ok()));
        if (!r.ok()) {
            listener.on(new WorkflowEvent.Warning(
                    Instant.now(),
                    "The new server does not match the snapshot: the old one stays stopped; "
                            + "'lifeboat migrate --rollback' starts it again."));
        }
        return new Result(b.snapshot(), r, millis);
    }

    /** The migration's first step, as the plans show it. */
    public static final String DIRECT_COPY_TITLE = "Copy the files from server to server while the site runs";

    public static final String DIRECT_COPY_DETAIL = "rsync on the old server to the new one, with a key made for this"
            + " copy alone and removed after it; where the old server cannot reach the new one, skipped: the files"
            + " then go through this computer (--no-direct-copy: always)";

    /**
     * The files from the old server to the new one directly while the site runs, where the two can reach each other;
     * else nothing, and the restore brings them from this computer's snapshot.
     */
    private void preCopy(BackupPlan plan, RemoteShell sourceShell, DirectCopy.To direct, CancelToken cancel)
            throws EngineException {
        Steps steps = new Steps(listener);
        steps.start("direct", DIRECT_COPY_TITLE);
        String why;
        try {
            why = new DirectCopy(sourceShell, direct, listener).copy(plan.copyRoots(), plan.excludes(), cancel);
        } catch (CancelledException e) {
            throw e;
        } catch (EngineException e) {
            why = e.getMessage(); // nothing is stopped yet: the files go the other way
        }
        if (why == null) {
            steps.finish(
                    "direct",
                    "copied from " + sourceShell.describe() + " to "
                            + direct.shell().describe() + " directly; the restore sends only what changed since");
        } else {
            listener.on(new WorkflowEvent.StepSkipped(
                    Instant.now(), "direct", "not server to server: " + why + "; the files go through this computer"));
        }
    }

    /**
     * Starts the application on the old server again, in its start order, and waits for its health check. Returns
     * null when it is up, else what is wrong.
     */
    public String rollback(RemoteShell shell, String project, Maintenance maintenance, CancelToken cancel)
            throws EngineException {
        DockerCli docker = new DockerCli(shell);
        List<ContainerState> all = docker.project(project);
        if (all.isEmpty()) {
            throw new PreflightException(
                    "Project " + project + " has no containers on " + shell.describe() + ": nothing to start again.");
        }
        List<ContainerState> stopped =
                new ArrayList<>(all.stream().filter(c -> !c.running()).toList());
        List<String> order = maintenance.startOrder();
        stopped.sort((a, b) -> Integer.compare(RestoreWorkflow.rank(order, a), RestoreWorkflow.rank(order, b)));
        for (ContainerState c : stopped) {
            listener.on(new WorkflowEvent.LogLine(Instant.now(), "step:start", "starting " + c.label()));
            shell.capture(docker.start(List.of(c.id()))).orThrow(docker.start(List.of(c.id())));
        }
        List<ContainerState> now = docker.project(project);
        return new HealthChecker(docker)
                .await(
                        maintenance.healthCheck(),
                        now.stream().map(ContainerState::id).toList(),
                        now,
                        what -> listener.on(new WorkflowEvent.LogLine(Instant.now(), "step:health", what)),
                        cancel);
    }

    private void startAgain(RemoteShell shell, List<ContainerState> stopped) {
        DockerCli docker = new DockerCli(shell);
        for (ContainerState c : stopped) {
            try {
                shell.capture(docker.start(List.of(c.id())));
            } catch (EngineException e) {
                listener.on(new WorkflowEvent.Warning(
                        Instant.now(), "Could not start " + c.label() + " again: " + e.getMessage()));
            }
        }
    }
}
