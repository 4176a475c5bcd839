package dev.lifeboat.engine.offsite;

import static dev.lifeboat.engine.offsite.OffsiteFixture.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-site pushes that are cut, and a repository that is full — with the real restic, no testbed (these take a minute,
 * so they are not in the unit tier): a push killed midway or cancelled leaves the repository valid ({@code restic
 * check --read-data}) and the next push completes; a full repository is said, and the local snapshot is untouched.
 */
class ResticFaultsIT {
    @TempDir
    Path dir;

    /** Runs a push in the background until restic has sent part of the snapshot, then calls {@code cut}. */
    private EngineException cutMidway(OffsiteFixture laptop, Runnable cutWith, CancelToken cancel) throws Exception {
        CountDownLatch midway = new CountDownLatch(1);
        AtomicReference<EngineException> failed = new AtomicReference<>();
        Thread push = new Thread(() -> {
            try {
                laptop.offsite()
                        .push(
                                "nas",
                                null,
                                e -> {
                                    if (e instanceof WorkflowEvent.Progress p
                                            && p.step().equals("offsite:nas")
                                            && p.done() > 0
                                            && p.total().isPresent()
                                            && p.done() < p.total().getAsLong() / 2) {
                                        midway.countDown();
                                    }
                                },
                                cancel);
            } catch (EngineException e) {
                failed.set(e);
            }
        });
        push.start();
        // An upper bound so that a push that never reports cannot hang the build; not a speed assertion.
        assertTrue(midway.await(5, TimeUnit.MINUTES), "restic reported a part of the snapshot sent");
        cutWith.run();
        push.join();
        assertTrue(failed.get() != null, "the cut push failed");
        return failed.get();
    }

    private static void killRestic() {
        List<ProcessHandle> restic = ProcessHandle.current()
                .descendants()
                .filter(h -> h.info().command().orElse("").endsWith("restic"))
                .toList();
        assertFalse(restic.isEmpty(), "restic was running");
        restic.forEach(ProcessHandle::destroyForcibly); // SIGKILL: no chance to clean up
    }

    @Test
    void aPushKilledMidwayLeavesTheRepositoryValidAndTheNextPushCompletes() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        String repo = dir.resolve("repository").toString();
        laptop.add(laptop.repository("nas", repo), true);
        Path snap = laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 400_000_000);

        EngineException e = cutMidway(laptop, ResticFaultsIT::killRestic, CancelToken.NONE);
        assertTrue(e.getMessage().contains("restic failed"), e.getMessage());
        assertTrue(laptop.offsite().snapshots("nas", CancelToken.NONE).isEmpty(), "no snapshot passes for the copy");
        assertFalse(
                OffsiteLocalRepositoryTest.failed(laptop.offsite()
                        .check("nas", 100, x -> {}, CancelToken.NONE)
                        .records()),
                "restic check --read-data finds the repository valid");
        assertTrue(Verifier.verify(snap, b -> {}, CancelToken.NONE).ok(), "the local snapshot is untouched");

        laptop.offsite().push("nas", null, x -> {}, CancelToken.NONE);
        assertEquals(
                List.of(APP + "/20261201T090000Z"),
                laptop.offsite().snapshots("nas", CancelToken.NONE).stream()
                        .map(RemoteSnapshot::id)
                        .toList(),
                "the next push completes");
        OffsiteFixture other = new OffsiteFixture(dir, "other");
        Files.copy(laptop.passwordFile, other.passwordFile, StandardCopyOption.REPLACE_EXISTING);
        other.add(other.repository("nas", repo), false);
        try (Offsite.Fetched f = other.offsite().fetch("nas", "20261201T090000Z", x -> {}, CancelToken.NONE)) {
            assertTrue(Verifier.verify(f.snapshot(), b -> {}, CancelToken.NONE).ok());
        }
    }

    @Test
    void aCancelledPushStopsResticWhichLeavesNoLockAndTheNextPushCompletes() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        Path repo = dir.resolve("repository");
        laptop.add(laptop.repository("nas", repo.toString()), true);
        laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 400_000_000);
        CancelToken cancel = new CancelToken();
        EngineException e = cutMidway(laptop, cancel::cancel, cancel);
        assertTrue(e instanceof CancelledException, e.toString());
        try (var locks = Files.list(repo.resolve("locks"))) {
            assertEquals(List.of(), locks.toList(), "restic removed its lock on SIGINT");
        }
        laptop.offsite().push("nas", null, x -> {}, CancelToken.NONE);
        assertEquals(1, laptop.offsite().snapshots("nas", CancelToken.NONE).size());
        assertFalse(OffsiteLocalRepositoryTest.failed(
                laptop.offsite().check("nas", 0, x -> {}, CancelToken.NONE).records()));
    }

    /**
     * A REST server whose disk is full: rclone serves a tmpfs of 4 MB mounted in a user and mount namespace of its own
     * ({@code unshare -rm}: no root needed). restic retries the refused uploads (about 45 s), then fails.
     */
    @Test
    void aFullRepositoryIsSaidAndTheLocalSnapshotIsUntouched() throws Exception {
        Path rclone = LocalTools.require("rclone", "rclone");
        LocalTools.require("unshare", "util-linux");
        Path data = Files.createDirectories(dir.resolve("small-disk"));
        int port = LocalServer.freePort();
        try (LocalServer server = LocalServer.start(
                List.of(
                        "unshare",
                        "-rm",
                        "sh",
                        "-c",
                        "mount -t tmpfs -o size=4m tmpfs \"$1\" && exec \"$2\" serve restic \"$1\" --addr \"$3\"",
                        "sh",
                        data.toString(),
                        rclone.toString(),
                        "127.0.0.1:" + port),
                port,
                dir.resolve("rclone.log"))) {
            OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
            laptop.add(laptop.repository("small", "rest:http://127.0.0.1:" + port + "/"), true);
            Path snap = laptop.snapshot("20261201T090000Z", null, OffsiteLocalRepositoryTest.FIRST, 12_000_000);
            String index = Files.readString(snap.resolve(SnapshotStore.INDEX));
            EngineException e = assertThrows(
                    EngineException.class, () -> laptop.offsite().push("small", null, x -> {}, CancelToken.NONE));
            assertTrue(
                    e.getMessage().contains("refused to store data")
                            && e.getMessage().contains("may be full"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("local snapshots are untouched"), e.getMessage());
            assertTrue(Verifier.verify(snap, b -> {}, CancelToken.NONE).ok());
            assertEquals(index, Files.readString(snap.resolve(SnapshotStore.INDEX)));
            assertTrue(laptop.offsite().snapshots("small", CancelToken.NONE).isEmpty());
            assertFalse(
                    OffsiteLocalRepositoryTest.failed(laptop.offsite()
                            .check("small", 0, x -> {}, CancelToken.NONE)
                            .records()),
                    "still valid: " + server);
        }
    }
}
