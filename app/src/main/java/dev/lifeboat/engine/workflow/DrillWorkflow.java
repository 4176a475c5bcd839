package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
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
 * A restore drill (DESIGN §6): the snapshot is verified, restored into a throw-away copy — its own compose project and
 * folder, no published ports — compared with the manifest (counts and file checksums), timed, and removed, leaving
 * nothing behind. The outcome is recorded beside the snapshot ({@link DrillRecord}). The live site is not touched.
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
        String project = ("lifeboat-drill-" + m.id()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return new RestoreWorkflow.Relocation(project, "/var/tmp/lifeboat-drill/" + project);
    }

    /**
     * Runs the drill and records it; the record says whether it passed (a failed drill is a result, not an error).
     *
     * @param keep leave the copy running (to look at it); it is removed by the next drill of the snapshot
     */
    public DrillRecord run(Path snapshot, String targetName, boolean keep, CancelToken cancel) throws EngineException {
        long t0 = System.nanoTime();
        Manifest m = SnapshotStore.readManifest(snapshot);
        Steps steps = new Steps(listener);
        List<String> problems = new ArrayList<>();
        List<String> left = List.of();
        long restoreMillis = 0;

        steps.start("verify", "Verify the snapshot in the store");
        Verifier.Result v = Verifier.verify(snapshot, n -> {}, cancel);
        if (!v.ok()) {
            steps.fail("verify", v.problems().size() + " problems");
            problems.addAll(v.problems());
        } else {
            steps.finish("verify", v.dumps() + " dumps and " + v.files() + " files intact");
            RestoreWorkflow.Relocation r = relocation(m);
            RestoreWorkflow restore = new RestoreWorkflow(shell, transfer, maintenance, listener);
            try {
                RestoreWorkflow.Result res = restore.run(snapshot, new RestoreWorkflow.Options(false, null, r), cancel);
                restoreMillis = res.loadMillis();
                problems.addAll(res.problems());
                if (!res.healthy()) {
                    problems.add("the copy did not pass its health check ("
                            + maintenance.healthCheck().describe() + ")");
                }
            } catch (PreflightException | dev.lifeboat.engine.CancelledException e) {
                // A refusal or a cancel is not a drill result: nothing is recorded (the copy is still removed).
                throw e;
            } catch (EngineException e) {
                problems.add("the restore failed: " + e.getMessage());
            } finally {
                if (!keep) {
                    steps.start("remove", "Remove the copy");
                    left = restore.removeDrill(r);
                    if (left.isEmpty()) {
                        steps.finish("remove", "nothing left behind");
                    } else {
                        steps.fail("remove", String.join("; ", left));
                    }
                }
            }
        }
        DrillRecord rec = new DrillRecord(
                Instant.now().toString(),
                targetName,
                problems.isEmpty() && left.isEmpty(),
                problems,
                restoreMillis,
                (System.nanoTime() - t0) / 1_000_000,
                left);
        rec.write(snapshot);
        listener.on(new WorkflowEvent.LogLine(
                Instant.now(), "step:drill", rec.passed() ? "drill passed" : "drill FAILED: " + problems));
        return rec;
    }
}
