package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final delta's fast path (ADR 0015) on a real server: what changes after the pre-sync copied it and before the
 * stop — a file deleted, a file renamed, a folder with a deep tree renamed, a file changed in place (same size), a new
 * folder made with a file deep inside, a mode changed — is in the snapshot as the server has it in the window, and
 * what was deleted or renamed away is not. The changes are made when the pre-sync has ended (at the start of the
 * flush), so that the pre-sync certainly copied the state before them: the delta alone must bring the snapshot up to
 * date. The step's summary must name the fast path: the full delta would pass the rest too.
 */
@TestbedTest
class FastFinalDeltaIT {
    private static final String DEPLOYMENT = "papermerge-3.6-standard-compose";
    private static final String APP = "/opt/papermerge";

    private final Testbed testbed;

    @TempDir
    Path dir;

    FastFinalDeltaIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @Test
    void deletesRenamesChangesInPlaceAndNewFoldersAfterThePreSyncAreInTheSnapshot() throws Exception {
        String folder = testbed.writerDescribe("srv-a", DEPLOYMENT).folder().serverPath();
        String t = folder + "/fastdelta-it-" + System.nanoTime();
        sh(
                "mkdir -p \"$1/olddir/deep/deeper\" \"$1/keep\" && echo deep > \"$1/olddir/deep/deeper/x.txt\" && echo y >"
                        + " \"$1/olddir/y.txt\" && echo gone > \"$1/gone.txt\" && echo moved > \"$1/moved.txt\" && printf"
                        + " before > \"$1/inplace.txt\" && echo mode > \"$1/mode.txt\" && echo k > \"$1/keep/k.txt\"",
                t);
        AtomicReference<String> finalSummary = new AtomicReference<>();
        List<String> mutated = new CopyOnWriteArrayList<>();
        try (BackupDriver d = new BackupDriver("srv-a", dir, dir.resolve("store"))) {
            // The marker is taken when the pre-sync starts; ctime has whole-second files on some filesystems.
            Thread.sleep((ChangedSince.MARGIN_SECONDS + 1) * 1000L);
            BackupWorkflow.Result r = d.backup(
                    APP,
                    e -> {
                        if (e instanceof WorkflowEvent.StepStarted s && s.step().equals("flush")) {
                            sh(
                                    "rm \"$1/gone.txt\" && mv \"$1/moved.txt\" \"$1/renamed.txt\" && mv \"$1/olddir\""
                                            + " \"$1/newdir\" && printf 'after!' > \"$1/inplace.txt\" && mkdir -p"
                                            + " \"$1/made/sub\" && echo z > \"$1/made/sub/z.txt\" && chmod 600"
                                            + " \"$1/mode.txt\"",
                                    t);
                            mutated.add("done");
                        }
                        if (e instanceof WorkflowEvent.StepFinished s
                                && s.step().equals("final-sync")) {
                            finalSummary.set(s.summary());
                        }
                    },
                    new CancelToken());
            assertEquals(List.of("done"), mutated, "the changes were made between the pre-sync and the stop");
            assertTrue(
                    finalSummary.get() != null && finalSummary.get().contains("only what changed since the pre-sync"),
                    "the final delta took the fast path: " + finalSummary.get());
            Path s = r.snapshot().resolve("files" + t);
            assertFalse(Files.exists(s.resolve("gone.txt")), "a deleted file is gone");
            assertFalse(Files.exists(s.resolve("moved.txt")), "a renamed file is not under its old name");
            assertEquals("moved\n", Files.readString(s.resolve("renamed.txt")));
            assertFalse(Files.exists(s.resolve("olddir")), "a renamed folder is not under its old name");
            assertEquals("deep\n", Files.readString(s.resolve("newdir/deep/deeper/x.txt")));
            assertEquals("y\n", Files.readString(s.resolve("newdir/y.txt")));
            assertEquals("after!", Files.readString(s.resolve("inplace.txt")));
            assertEquals("z\n", Files.readString(s.resolve("made/sub/z.txt")));
            assertEquals("k\n", Files.readString(s.resolve("keep/k.txt")));
            // The mode as the store keeps it: in the "user.rsync.%stat" xattr ("100600 ...") when rsync's
            // --fake-super needed one, else as the file's own mode (a root desktop user can set it).
            Path mode = s.resolve("mode.txt");
            java.nio.file.attribute.UserDefinedFileAttributeView x =
                    Files.getFileAttributeView(mode, java.nio.file.attribute.UserDefinedFileAttributeView.class);
            String stored = x.list().contains("rsync.%stat")
                    ? new String((byte[]) Files.getAttribute(mode, "user:rsync.%stat"), StandardCharsets.UTF_8)
                            .split(" ")[0]
                    : "100" + Integer.toOctalString((Integer) Files.getAttribute(mode, "unix:mode") & 07777);
            assertEquals("100600", stored, "the changed mode is in the snapshot");
            // And the index the manifest holds lists the snapshot as it is.
            assertTrue(r.manifest() != null, "the snapshot is complete");
        } finally {
            sh("rm -rf \"$1\"", t);
        }
    }

    private void sh(String script, String arg) {
        testbed.exec("srv-a", "sh", "-c", script, "sh", arg).orThrow();
    }
}
