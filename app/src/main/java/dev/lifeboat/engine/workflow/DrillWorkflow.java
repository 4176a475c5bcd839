package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Detector;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.steps.Runner;
import dev.lifeboat.engine.steps.Step;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.transfer.FileTransfer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A restore drill (DESIGN §6): the snapshot is verified, restored into a throw-away copy — a placement of the restore
 * beside the live site or on another server: its own compose project and folder, no published ports — compared with
 * the manifest (counts and file checksums), timed, and removed, leaving nothing behind (also when it fails: the
 * removal is the undo of the step that made the copy). The outcome is recorded beside the snapshot ({@link
 * DrillRecord}). The live site is not touched.
 */
public final class DrillWorkflow {
    private final RemoteShell shell;
    private final FileTransfer transfer;
    private final Maintenance maintenance;
    private final ProgressListener listener;

    public DrillWorkflow(RemoteShell shell, FileTransfer transfer, Maintenance maintenance, ProgressListener listener) {
        this.shell = shell;
        this.transfer = transfer;
        this.maintenance = maintenance;
        this.listener = listener;
    }

    /** The throw-away copy's project and folder for a snapshot. */
    public static RestoreWorkflow.Relocation relocation(Manifest m) {
        String project = (Detector.DRILL_PROJECT_PREFIX + m.id())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]", "");
        return new RestoreWorkflow.Relocation(project, "/var/tmp/lifeboat-drill/" + project);
    }

    /** The options of a drill's restore. */
    public static RestoreWorkflow.Options options(Manifest m) {
        return new RestoreWorkflow.Options(false, null, relocation(m));
    }

    /** The steps of a drill of this snapshot, as the plan shows them; nothing runs. */
    public static List<PlannedStep> describe(Manifest m, Maintenance maintenance) {
        DrillWorkflow w = new DrillWorkflow(null, null, maintenance, ProgressListener.NONE);
        return PlannedStep.of(w.new Run(null, m, false).steps());
    }

    /**
     * Runs the drill and records it; the record says whether it passed (a failed drill is a result, not an error).
     *
     * @param keep leave the copy running (to look at it); it is removed by the next drill of the snapshot
     */
    public DrillRecord run(Path snapshot, String targetName, boolean keep, CancelToken cancel) throws EngineException {
        long t0 = System.nanoTime();
        Run run = new Run(snapshot, SnapshotStore.readManifest(snapshot), keep);
        List<String> problems = new ArrayList<>();
        try {
            new Runner(listener).run(run.steps(), cancel);
            RestoreWorkflow.Result res = run.restore.result();
            problems.addAll(res.problems());
            if (!res.healthy()) {
                problems.add("the copy did not pass its health check ("
                        + maintenance.healthCheck().describe() + ")");
            }
        } catch (PreflightException | CancelledException e) {
            // A refusal or a cancel is not a drill result: nothing is recorded (the copy is still removed).
            throw e;
        } catch (EngineException e) {
            if (!run.unverified.isEmpty()) {
                problems.addAll(run.unverified);
            } else {
                problems.add("the restore failed: " + e.getMessage());
            }
        }
        DrillRecord rec = new DrillRecord(
                Instant.now().toString(),
                targetName,
                problems.isEmpty() && run.left.isEmpty(),
                problems,
                run.restore.result().loadMillis(),
                (System.nanoTime() - t0) / 1_000_000,
                run.left);
        rec.write(snapshot);
        listener.on(new WorkflowEvent.LogLine(
                Instant.now(), "step:drill", rec.passed() ? "drill passed" : "drill FAILED: " + problems));
        return rec;
    }

    /** One drill: verify, the restore's steps as a throw-away copy, remove. */
    private final class Run {
        private final Path snapshot;
        private final RestoreWorkflow.Relocation copy;
        private final RestoreWorkflow restoreWorkflow;
        private final RestoreWorkflow.Run restore;
        private final boolean keep;
        private List<String> unverified = List.of();
        private List<String> left = List.of();
        private boolean removed;

        Run(Path snapshot, Manifest m, boolean keep) {
            this.snapshot = snapshot;
            this.copy = relocation(m);
            this.keep = keep;
            this.restoreWorkflow = new RestoreWorkflow(shell, transfer, maintenance, List.of(), listener);
            this.restore = restoreWorkflow.start(m, options(m), "", () -> snapshot);
        }

        List<Step> steps() {
            List<Step> s = new ArrayList<>();
            s.add(Step.of("verify", "Verify the snapshot in the store", ctx -> {
                Verifier.Result v = Verifier.verify(snapshot, n -> {}, ctx.cancel());
                if (!v.ok()) {
                    unverified = v.problems();
                    throw new EngineException(
                            "the snapshot does not verify: " + v.problems().size() + " problems");
                }
                return Step.Done.ok(v.dumps() + " dumps and " + v.files() + " files intact");
            }));
            Step remove = Step.of("remove", "Remove the copy: its containers, volumes, networks and folder", ctx -> {
                        left = restoreWorkflow.removeDrill(copy);
                        removed = true;
                        return left.isEmpty()
                                ? Step.Done.ok("nothing left behind")
                                : Step.Done.failed(String.join("; ", left));
                    })
                    .commands(List.of("compose project " + copy.project() + ", " + copy.root()));
            for (Step r : restore.steps()) {
                // From the moment the copy exists, a failure or a cancel removes it.
                s.add(
                        r.id().equals("empty") && !keep
                                ? r.undo(ctx -> {
                                    if (!removed) {
                                        ctx.runChild(remove);
                                    }
                                })
                                : r);
            }
            if (!keep) {
                s.add(remove);
            }
            return s;
        }
    }
}
