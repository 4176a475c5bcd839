package dev.lifeboat.engine.offsite;

import static dev.lifeboat.engine.offsite.OffsiteFixture.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.steps.StepRecord;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-site copies into a restic repository in a local folder, with the real restic: what a push puts there comes
 * back on a computer that has never seen the site, verified against its manifest, owners and modes (the fake-super
 * xattrs) included; the second push builds on the first; the keep rules forget in the repository; a wrong password or
 * a repository that cannot be reached is said and leaves the local snapshots as they were.
 */
class OffsiteLocalRepositoryTest {
    @TempDir
    Path dir;

    static final Map<String, String> FIRST = Map.of(
            "docker-compose.yml", "services: {}\n",
            "media/a.pdf", "the first document",
            "media/b.pdf", "the second document");

    static Map<String, String> second() {
        Map<String, String> m = new java.util.HashMap<>(FIRST);
        m.put("media/c.pdf", "a third document, added after the first backup");
        return m;
    }

    static List<WorkflowEvent> events() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    static boolean failed(List<StepRecord> records) {
        return records.stream().anyMatch(r -> r.outcome().equals("failed"));
    }

    @Test
    void aSnapshotPushedFromOneComputerComesBackOnAnotherWithItsOwnersAndModesAndVerifies() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        String repo = dir.resolve("repository").toString();
        laptop.add(laptop.repository("nas", repo), true);
        Path snap = laptop.snapshot("20261201T090000Z", null, FIRST, 50_000);
        List<WorkflowEvent> seen = events();
        laptop.offsite().push("nas", null, seen::add, CancelToken.NONE);
        assertTrue(
                seen.stream()
                        .anyMatch(e -> e instanceof WorkflowEvent.StepFinished f
                                && f.step().equals("offsite:nas")),
                "the push is a step of its own: " + seen);

        // A new computer: only the repository and its password.
        OffsiteFixture fresh = new OffsiteFixture(dir, "new-laptop");
        Files.copy(laptop.passwordFile, fresh.passwordFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fresh.add(fresh.repository("nas", repo), false);
        Offsite.Places before = fresh.offsite().places(CancelToken.NONE);
        String id = APP + "/20261201T090000Z";
        assertEquals("off-site", before.where(id, false), before.toString());
        assertEquals(List.of("nas"), before.repositoriesById().get(id));

        try (Offsite.Fetched f = fresh.offsite().fetch("nas", id, e -> {}, CancelToken.NONE)) {
            assertFalse(f.temporary(), "the new computer's store did not have it: it stays there");
            assertEquals(fresh.store.resolve(id), f.snapshot());
            assertTrue(Verifier.verify(f.snapshot(), b -> {}, CancelToken.NONE).ok());
            Path doc = f.snapshot().resolve("files/opt/papermerge/media/a.pdf");
            assertEquals("the first document", Files.readString(doc));
            assertEquals(OffsiteFixture.FILE_STAT, OffsiteFixture.readStat(doc), "the server's owner and mode");
            assertEquals(
                    OffsiteFixture.DIR_STAT,
                    OffsiteFixture.readStat(f.snapshot().resolve("files/opt/papermerge/media")),
                    "a folder's too");
            assertEquals(
                    Files.readString(snap.resolve(SnapshotStore.MANIFEST)),
                    Files.readString(f.snapshot().resolve(SnapshotStore.MANIFEST)));
        }
        assertEquals("both", fresh.offsite().places(CancelToken.NONE).where(id, true));
        assertFalse(Files.exists(fresh.store.resolve(id + ".fetching")), "nothing half-fetched is left beside it");
    }

    @Test
    void aSnapshotTheStoreHasIsFetchedIntoAFolderOfItsOwnThatIsRemovedAfterwards() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        laptop.add(laptop.repository("nas", dir.resolve("repository").toString()), true);
        Path snap = laptop.snapshot("20261201T090000Z", null, FIRST, 10_000);
        laptop.offsite().push("nas", snap.toString(), e -> {}, CancelToken.NONE);
        Path copy;
        try (Offsite.Fetched f = laptop.offsite().fetch("nas", "20261201T090000Z", e -> {}, CancelToken.NONE)) {
            assertTrue(f.temporary());
            copy = f.snapshot();
            assertNotEquals(snap, copy);
            assertTrue(Verifier.verify(copy, b -> {}, CancelToken.NONE).ok());
            assertEquals(List.of(snap), laptop.lifeboat.store().allComplete(), "the store does not list the copy");
        }
        assertFalse(Files.exists(copy), "removed when closed");
        assertTrue(Verifier.verify(snap, b -> {}, CancelToken.NONE).ok(), "the store's own copy is untouched");
    }

    @Test
    void theSecondPushHasTheFirstAsParentAndAddsOnlyWhatChanged() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        OffsiteRepository r = laptop.repository("nas", dir.resolve("repository").toString());
        laptop.add(r, true);
        // The dump is the same in both (a database that did not change): restic stores it once.
        byte[] dump = OffsiteFixture.randomBytes(2_000_000, 7);
        Path first = laptop.snapshot("20261201T090000Z", null, FIRST, dump);
        Path second = laptop.snapshot("20261202T090000Z", first, second(), dump);
        laptop.offsite().push("nas", first.toString(), e -> {}, CancelToken.NONE);
        long afterFirst = size(dir.resolve("repository"));
        laptop.offsite().push("nas", second.toString(), e -> {}, CancelToken.NONE);
        long growth = size(dir.resolve("repository")) - afterFirst;
        assertTrue(growth < dump.length / 4, "the second push did not store the dump again: " + growth + " bytes");

        JsonNode list = Restic.open(r, new Keyring()).runForJson(ResticCommand.snapshots(r), CancelToken.NONE);
        assertEquals(2, list.size(), list.toString());
        assertEquals(list.get(0).path("id").asText(), list.get(1).path("parent").asText(), "the first is the parent");
        assertEquals(OffsiteFixture.HOST, list.get(1).path("hostname").asText());
        assertEquals("2026-12-02T09:00:00Z", list.get(1).path("time").asText(), "the snapshot's own time");
        assertTrue(
                list.get(1).path("tags").toString().contains("snapshot:" + APP + "/20261202T090000Z"), list.toString());
    }

    @Test
    void anOwnerChangedInPlaceOnAHardLinkedFileReachesTheRepository() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        String repo = dir.resolve("repository").toString();
        laptop.add(laptop.repository("nas", repo), true);
        Path first = laptop.snapshot("20261201T090000Z", null, FIRST, 1000);
        laptop.offsite().push("nas", first.toString(), e -> {}, CancelToken.NONE);
        // ADR 0006's known gap: the second backup's rsync finds the document's owner changed on the server and sets it
        // on the inode it shares with the first snapshot (a hard link). The second snapshot is right (its index says
        // 1000:1000); the push must not take the parent's metadata for the unchanged content.
        Path second = laptop.snapshot(
                "20261202T090000Z",
                first,
                FIRST,
                OffsiteFixture.randomBytes(1000, 2),
                tree -> OffsiteFixture.stat(tree.resolve("media/a.pdf"), "100600 0,0 1000:1000"));
        Path doc = second.resolve("files/opt/papermerge/media/a.pdf");
        assertEquals(
                Files.getAttribute(doc, "unix:ino"),
                Files.getAttribute(first.resolve("files/opt/papermerge/media/a.pdf"), "unix:ino"),
                "a hard link to the first snapshot's file");
        laptop.offsite().push("nas", second.toString(), e -> {}, CancelToken.NONE);

        OffsiteFixture other = new OffsiteFixture(dir, "other");
        Files.copy(laptop.passwordFile, other.passwordFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        other.add(other.repository("nas", repo), false);
        try (Offsite.Fetched f = other.offsite().fetch("nas", APP + "/20261202T090000Z", e -> {}, CancelToken.NONE)) {
            // The fetch verified the copy against its manifest and index, owners included.
            assertEquals(
                    "100600 0,0 1000:1000",
                    OffsiteFixture.readStat(f.snapshot().resolve("files/opt/papermerge/media/a.pdf")),
                    "restic took the new owner");
        }
    }

    private static void fail(Offsite.Fetched f) {
        throw new AssertionError("the fetch should have failed its verification: " + f);
    }

    @Test
    void theKeepRulesForgetOldSnapshotsThereAndTheRepositoryStaysValid() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        laptop.add(laptop.repository("nas", dir.resolve("repository").toString(), 2, 0, 0), true);
        Path s1 = laptop.snapshot("20261201T090000Z", null, FIRST, 100_000);
        Path s2 = laptop.snapshot("20261202T090000Z", s1, FIRST, 100_000);
        Path s3 = laptop.snapshot("20261203T090000Z", s2, second(), 100_000);
        for (Path s : List.of(s1, s2, s3)) {
            List<WorkflowEvent> seen = events();
            laptop.offsite().push("nas", s.toString(), seen::add, CancelToken.NONE);
            if (s == s3) {
                assertTrue(
                        seen.stream()
                                .anyMatch(e -> e instanceof WorkflowEvent.StepFinished f
                                        && f.step().equals("offsite-forget:nas")
                                        && f.summary().startsWith("1 forgotten")),
                        seen.toString());
            }
        }
        List<String> there = laptop.offsite().snapshots("nas", CancelToken.NONE).stream()
                .map(RemoteSnapshot::id)
                .toList();
        assertEquals(List.of(APP + "/20261202T090000Z", APP + "/20261203T090000Z"), there);
        assertFalse(failed(
                laptop.offsite().check("nas", 100, e -> {}, CancelToken.NONE).records()));
        for (Path s : List.of(s1, s2, s3)) {
            assertTrue(SnapshotStore.complete(s), "the local snapshots are not the repository's keep rules' business");
        }
    }

    @Test
    void aPushWithoutASnapshotSendsWhatIsMissingThatTheKeepRulesKeepAndSkipsWhatIsThere() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        laptop.add(laptop.repository("nas", dir.resolve("repository").toString(), 1, 0, 0), true);
        Path s1 = laptop.snapshot("20261201T090000Z", null, FIRST, 1000);
        Path s2 = laptop.snapshot("20261202T090000Z", s1, second(), 1000);
        laptop.offsite().push("nas", null, e -> {}, CancelToken.NONE);
        assertEquals(
                List.of(APP + "/20261202T090000Z"),
                laptop.offsite().snapshots("nas", CancelToken.NONE).stream()
                        .map(RemoteSnapshot::id)
                        .toList(),
                "keep-last 1: the older one would be forgotten at once, so it is not sent");
        List<WorkflowEvent> seen = events();
        laptop.offsite().push("nas", null, seen::add, CancelToken.NONE);
        assertTrue(
                seen.stream()
                        .anyMatch(e -> e instanceof WorkflowEvent.StepSkipped k
                                && k.step().equals("offsite:nas")
                                && k.reason().contains("there already")),
                seen.toString());
        assertTrue(SnapshotStore.complete(s2));
    }

    @Test
    void aWrongPasswordIsNamedAndTheLocalSnapshotsAreUntouched() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        laptop.add(laptop.repository("nas", dir.resolve("repository").toString()), true);
        Path snap = laptop.snapshot("20261201T090000Z", null, FIRST, 10_000);
        String index = Files.readString(snap.resolve(SnapshotStore.INDEX));
        OffsiteFixture.writePrivate(laptop.passwordFile, "not the password");
        EngineException e = assertThrows(
                EngineException.class, () -> laptop.offsite().push("nas", null, x -> {}, CancelToken.NONE));
        assertTrue(e.getMessage().contains("password of the off-site repository nas is wrong"), e.getMessage());
        assertTrue(Verifier.verify(snap, b -> {}, CancelToken.NONE).ok());
        assertEquals(index, Files.readString(snap.resolve(SnapshotStore.INDEX)));

        OffsiteFixture other = new OffsiteFixture(dir, "other");
        EngineException add = assertThrows(
                EngineException.class,
                () -> other.add(
                        other.repository("nas", dir.resolve("repository").toString()), false));
        assertTrue(add.getMessage().contains("is wrong"), add.getMessage());
        assertTrue(other.offsite().repositories().isEmpty(), "a repository that does not open is not added");
    }

    @Test
    void aRepositoryThatCannotBeReachedOrIsNotThereIsNamed() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        EngineException e = assertThrows(
                EngineException.class,
                () -> laptop.add(laptop.repository("gone", "rest:http://127.0.0.1:" + port + "/"), false));
        assertTrue(
                e.getMessage().contains("cannot be opened") && e.getMessage().contains("connection refused"),
                e.getMessage());
        EngineException none = assertThrows(
                EngineException.class,
                () -> laptop.add(
                        laptop.repository("none", dir.resolve("no-repository").toString()), false));
        assertTrue(none.getMessage().contains("--init"), "says how to make one: " + none.getMessage());
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        Files.setPosixFilePermissions(
                laptop.passwordFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        EngineException e = assertThrows(
                EngineException.class,
                () -> laptop.add(
                        laptop.repository("nas", dir.resolve("repository").toString()), true));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("repository")), "nothing was created");
    }

    @Test
    void aCopyThatDoesNotMatchItsManifestIsRefused() throws Exception {
        OffsiteFixture laptop = new OffsiteFixture(dir, "laptop");
        laptop.add(laptop.repository("nas", dir.resolve("repository").toString()), true);
        Path snap = laptop.snapshot("20261201T090000Z", null, FIRST, 1000);
        // Changed in place with the same size: the store's structural check cannot see it, only a verify can, so the
        // push takes it and the fetch's verification must refuse it.
        Files.writeString(snap.resolve("files/opt/papermerge/docker-compose.yml"), "services: []\n");
        laptop.offsite().push("nas", snap.toString(), e -> {}, CancelToken.NONE);
        OffsiteFixture other = new OffsiteFixture(dir, "other");
        Files.copy(laptop.passwordFile, other.passwordFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        other.add(other.repository("nas", dir.resolve("repository").toString()), false);
        OffsiteException e = assertThrows(OffsiteException.class, () -> other.offsite()
                .fetch("nas", "20261201T090000Z", x -> {}, CancelToken.NONE));
        assertTrue(e.getMessage().contains("changed content: opt/papermerge/docker-compose.yml"), e.getMessage());
        assertFalse(
                Files.exists(other.store.resolve(APP))
                        && Files.list(other.store.resolve(APP)).findAny().isPresent(),
                "nothing is left in the store");
    }

    static long size(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
