package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.store.DamagedSnapshotException;
import dev.lifeboat.engine.store.Retention;
import dev.lifeboat.engine.store.SnapshotFolder;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import dev.lifeboat.engine.store.UnknownSnapshotException;
import dev.lifeboat.engine.store.Verifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of damage to a store made by real backups (issue 23, "A damaged store is a fault too"): the damaged
 * snapshot is listed as damaged with the reason and the others as complete, verify says what is wrong, restore and
 * drill refuse it before anything changes, the next backup completes and links to the newest good snapshot, retention
 * counts only good snapshots and never removes a damaged one, the window's browser shows it.
 *
 * <p>Three backups A, B, C; {@code b.txt} changes before each, so each snapshot has a file of its own. Retention keeps
 * the last two good snapshots (no weekly or monthly ones), so that what it removes depends on what counts as good.
 */
class DamagedStoreTest {
    private static final Retention LAST_TWO = new Retention(2, 0, 0);

    @TempDir
    Path dir;

    StoreFixture store;
    Path a;
    Path b;
    Path c;

    @BeforeEach
    void threeBackups() throws Exception {
        store = new StoreFixture(dir);
        store.change("opt/app/data/b.txt", "bravo of A\n");
        a = store.snapshot();
        store.change("opt/app/data/b.txt", "bravo of B, longer\n");
        b = store.snapshot();
        store.change("opt/app/data/b.txt", "bravo of C, longer still\n");
        c = store.snapshot();
        assertEquals(
                Map.of(a, "COMPLETE", b, "COMPLETE", c, "COMPLETE"), states(), "three good snapshots to start from");
        store.retention(LAST_TWO);
    }

    private Map<Path, String> states() throws Exception {
        return store.store.list(store.appDir()).stream()
                .collect(Collectors.toMap(SnapshotFolder::path, f -> f.state().name()));
    }

    private SnapshotFolder folder(Path p) throws Exception {
        return store.store.list(store.appDir()).stream()
                .filter(f -> f.path().equals(p))
                .findFirst()
                .orElseThrow(() -> new AssertionError(p + " is not listed at all"));
    }

    private Lifeboat lifeboat() {
        return new Lifeboat(
                new AppDirs(dir.resolve("config"), dir.resolve("state"), store.store.root()),
                store.store,
                SshOptions.defaults());
    }

    private String id(Path p) {
        return store.store.idOf(p);
    }

    /**
     * What every damaged snapshot gets: listed as damaged with a reason that contains {@code why} (the others
     * complete), verify fails naming it, restore and drill refuse it by id and by folder, the browser shows it with
     * the reason, and the next backup completes, linked to the newest good snapshot, while retention keeps the damaged
     * one (and warns) and removes only good ones beyond the last two good.
     */
    private void damagedEverywhere(Path damaged, String why) throws Exception {
        damagedEverywhere(damaged, why, why);
    }

    /** The same, when verify, which reads the contents, says it in its own words ({@code verified}). */
    private void damagedEverywhere(Path damaged, String why, String verified) throws Exception {
        SnapshotFolder f = folder(damaged);
        assertEquals(SnapshotFolder.State.DAMAGED, f.state(), f.toString());
        assertTrue(f.reason().contains(why), "reason: " + f.reason());
        for (Path other : List.of(a, b, c)) {
            if (!other.equals(damaged)) {
                assertEquals(SnapshotFolder.State.COMPLETE, folder(other).state(), other + ": " + folder(other));
            }
        }
        assertFalse(store.store.allComplete().contains(damaged), "never listed among the complete ones");

        Verifier.Result v = lifeboat().verify(damaged, x -> {}, CancelToken.NONE);
        assertFalse(v.ok(), "verify fails");
        assertTrue(String.join("\n", v.problems()).contains(verified), "verify names it: " + v.problems());

        DamagedSnapshotException byId =
                assertThrows(DamagedSnapshotException.class, () -> store.store.resolve(id(damaged)));
        assertTrue(byId.getMessage().contains("is damaged") && byId.getMessage().contains(why), byId.getMessage());
        assertTrue(byId.getMessage().contains("nothing was changed"), byId.getMessage());
        assertThrows(DamagedSnapshotException.class, () -> store.store.resolve(damaged.toString()));
        assertThrows(DamagedSnapshotException.class, () -> SnapshotStore.requireComplete(damaged));
        assertEquals(damaged, store.store.find(id(damaged)).path(), "verify can still find it");

        List<SnapshotInfo> browser = SnapshotInfo.recent(store.store, store.appDir(), 3);
        assertEquals(List.of(c, b, a), browser.stream().map(SnapshotInfo::path).toList(), "all three shown");
        SnapshotInfo shown = browser.stream()
                .filter(i -> i.path().equals(damaged))
                .findFirst()
                .orElseThrow();
        assertTrue(shown.damaged() && shown.reason().contains(why), shown.toString());

        Path newestGood = List.of(c, b, a).stream()
                .filter(p -> !p.equals(damaged))
                .findFirst()
                .orElseThrow();
        assertEquals(newestGood, store.plan().previous(), "the next backup links to the newest good snapshot");
        BackupWorkflow.Result d = store.backup();
        assertEquals(newestGood.getFileName().toString(), d.manifest().previous());
        assertEquals(SnapshotFolder.State.COMPLETE, folder(d.snapshot()).state());
        assertTrue(Files.isDirectory(damaged), "retention never removes a damaged snapshot");
        assertTrue(Files.isDirectory(newestGood), "the last two good ones are kept: " + states());
        assertEquals(3, states().size(), "the newest two good ones and the damaged one: " + states());
        assertTrue(
                store.warnings().stream()
                        .anyMatch(w -> w.contains("Kept the damaged snapshot " + id(damaged)) && w.contains(why)),
                "the backup says what it kept and why: " + store.warnings());
    }

    // ------------------------------------------------------------------------------------------ the manifest

    @Test
    void aManifestCutShortIsDamageAndTheSnapshotsBesideItAreStillListed() throws Exception {
        byte[] m = Files.readAllBytes(b.resolve(SnapshotStore.MANIFEST));
        Files.write(b.resolve(SnapshotStore.MANIFEST), java.util.Arrays.copyOf(m, m.length / 2));
        damagedEverywhere(b, "manifest.json is not valid JSON (cut short or garbled: ");
    }

    @Test
    void anEmptyManifestIsDamage() throws Exception {
        Files.write(b.resolve(SnapshotStore.MANIFEST), new byte[0]);
        damagedEverywhere(b, "manifest.json is empty (cut short)");
    }

    @Test
    void aManifestThatCannotBeOpenedIsDamage() throws Exception {
        // What a disk error looks like to a reader (root reads any file, so the manifest is made unreadable as a
        // folder in its place: the read fails with the system's error).
        Files.delete(b.resolve(SnapshotStore.MANIFEST));
        Files.createDirectory(b.resolve(SnapshotStore.MANIFEST));
        damagedEverywhere(b, "manifest.json cannot be read (");
    }

    @Test
    void aManifestOfANewerFormatIsDamageThatSaysToInstallANewerLifeboat() throws Exception {
        Path m = c.resolve(SnapshotStore.MANIFEST);
        Files.writeString(m, Files.readString(m).replaceFirst("\"format\" : 1", "\"format\" : 9"));
        damagedEverywhere(
                c,
                "manifest.json was written by a newer Lifeboat (snapshot format 9; this Lifeboat reads"
                        + " format 1 and older): install a newer Lifeboat to read it");
    }

    @Test
    void aMissingManifestOfASnapshotALaterOneLinksToIsDamageNotAnIncompleteRun() throws Exception {
        Files.delete(b.resolve(SnapshotStore.MANIFEST));
        assertEquals(
                "manifest.json is missing, yet the snapshot was complete (the later snapshot " + c.getFileName()
                        + " is hard-linked to it)",
                folder(b).reason());
        damagedEverywhere(b, "manifest.json is missing, yet the snapshot was complete (");
    }

    @Test
    void theNewestSnapshotsMissingManifestIsDamageWhenItWasVerifiedAndIsNotTakenOver() throws Exception {
        assertTrue(lifeboat().verify(c, x -> {}, CancelToken.NONE).ok());
        Files.delete(c.resolve(SnapshotStore.MANIFEST));
        assertTrue(store.store.resumable(store.appDir()).isEmpty(), "not a run to finish");
        damagedEverywhere(c, "manifest.json is missing, yet the snapshot was complete (verified ");
    }

    @Test
    void aFolderWithFilesButNoManifestIsStillAnIncompleteRunThatTheNextBackupFinishes() throws Exception {
        // What a failed run leaves: the files copied, no manifest, no sign it was ever complete.
        Path cut = store.appDir()
                .resolve(SnapshotStore.idFor(java.time.Instant.now().plusSeconds(3600)));
        Files.createDirectories(cut.resolve("files/opt/app/data"));
        Files.writeString(cut.resolve("files/opt/app/data/a.txt"), "alpha\n");
        assertEquals(SnapshotFolder.State.INCOMPLETE, folder(cut).state());
        assertEquals(SnapshotFolder.INCOMPLETE_REASON, folder(cut).reason());
        assertEquals(cut, store.store.resumable(store.appDir()).orElseThrow());
        assertThrows(UnknownSnapshotException.class, () -> store.store.resolve(id(cut)));
        assertThrows(UnknownSnapshotException.class, () -> store.store.find(id(cut)));
        assertEquals(
                List.of(c, b, a),
                SnapshotInfo.recent(store.store, store.appDir(), 5).stream()
                        .map(SnapshotInfo::path)
                        .toList(),
                "the browser shows snapshots, not a run that did not finish");

        BackupWorkflow.Result d = store.backup();
        assertFalse(Files.exists(cut), "taken over: renamed to the new snapshot's id");
        assertEquals(c.getFileName().toString(), d.manifest().previous());
        assertEquals(SnapshotFolder.State.COMPLETE, folder(d.snapshot()).state());
    }

    // ------------------------------------------------------------------------------------------ files and dumps

    @Test
    void aMissingFileIsDamage() throws Exception {
        Files.delete(b.resolve("files/opt/app/data/b.txt"));
        damagedEverywhere(b, "missing: opt/app/data/b.txt");
    }

    @Test
    void aFileThatChangedSizeIsDamage() throws Exception {
        Files.writeString(b.resolve("files/opt/app/data/b.txt"), "x", StandardOpenOption.APPEND);
        damagedEverywhere(b, "changed content: opt/app/data/b.txt");
    }

    @Test
    void aFileChangedInPlaceIsFoundByVerifyAndFromThenOnListedAsDamaged() throws Exception {
        Path f = b.resolve("files/opt/app/data/b.txt");
        byte[] bytes = Files.readAllBytes(f);
        bytes[0] = (byte) (bytes[0] ^ 1); // same size: only reading the contents can tell
        Files.write(f, bytes);
        assertEquals(
                SnapshotFolder.State.COMPLETE, folder(b).state(), "the listing reads no contents: it cannot tell yet");
        Verifier.Result v = lifeboat().verify(b, x -> {}, CancelToken.NONE);
        assertEquals(List.of("changed content: opt/app/data/b.txt"), v.problems());
        assertEquals(
                List.of("changed content: opt/app/data/b.txt"),
                StoreStats.lastVerification(b).orElseThrow().problems(),
                "verified.txt keeps what differed");
        damagedEverywhere(b, "its last verification (", "changed content: opt/app/data/b.txt");
        assertTrue(
                folder(b).reason().contains("failed: changed content: opt/app/data/b.txt"),
                folder(b).reason());
    }

    @Test
    void aMissingDumpIsDamage() throws Exception {
        Files.delete(b.resolve("dumps/db-appdb.sql.zst"));
        damagedEverywhere(b, "dump missing: dumps/db-appdb.sql.zst");
    }

    @Test
    void aDumpCutShortIsDamage() throws Exception {
        try (FileChannel ch = FileChannel.open(b.resolve("dumps/db-appdb.sql.zst"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        damagedEverywhere(
                b, "dump changed: dumps/db-appdb.sql.zst has ", "dump changed: dumps/db-appdb.sql.zst (sha256 ");
    }

    // ------------------------------------------------------------------------------------------ the index

    @Test
    void anIndexCutShortInALineIsDamage() throws Exception {
        cutIndex(c, text -> text.substring(0, text.lastIndexOf('\t') - 3));
        damagedEverywhere(c, "files.index is damaged at line ");
    }

    @Test
    void anIndexCutShortAtALineEndIsDamage() throws Exception {
        cutIndex(c, text -> text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1));
        damagedEverywhere(c, "files.index does not match the manifest for /opt/app");
    }

    @Test
    void aMissingIndexIsDamage() throws Exception {
        Files.delete(c.resolve(SnapshotStore.INDEX));
        damagedEverywhere(c, "files.index is missing");
    }

    private static void cutIndex(Path snap, Function<String, String> cut) throws IOException {
        Path index = snap.resolve(SnapshotStore.INDEX);
        String text = Files.readString(index, StandardCharsets.UTF_8);
        String shorter = cut.apply(text);
        assertTrue(shorter.length() < text.length() && !shorter.isEmpty(), "the index was cut");
        Files.writeString(index, shorter, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ copies

    @Test
    void aStoreCopiedWithCpRSaysPreciselyWhyItsSnapshotsDoNotVerify() throws Exception {
        Path copy = dir.resolve("copied-with-cp-r");
        StoreFixture.sh("cp -r \"$1\" \"$2\"", store.store.root(), copy);
        SnapshotStore copied = new SnapshotStore(copy);
        Path appDir = copied.appDir("host", 22, "generic-compose", "app");
        List<SnapshotFolder> all = copied.list(appDir);
        assertEquals(3, all.size());
        for (SnapshotFolder f : all) {
            assertEquals(SnapshotFolder.State.DAMAGED, f.state(), f.toString());
            assertEquals(1, f.problems().size(), f.problems().toString());
            assertTrue(
                    f.reason()
                            .startsWith("owners and modes lost: 3 entries have no user.rsync.%stat extended"
                                    + " attribute (e.g. opt/app/data/a.txt)"),
                    f.reason());
            assertTrue(f.reason().contains("cp -r") && f.reason().contains("cp -a or rsync -aHAX"), f.reason());
        }
        Verifier.Result v = Verifier.verify(appDir.resolve(c.getFileName()), x -> {}, CancelToken.NONE);
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(
                v.problems().get(0).endsWith("(every file's content matches the index)"),
                v.problems().toString());
    }

    @Test
    void aSnapshotCopiedAloneWithCpAHasNoHardLinksAndStillVerifies() throws Exception {
        Path other = new SnapshotStore(dir.resolve("other")).appDir("host", 22, "generic-compose", "app");
        Files.createDirectories(other);
        StoreFixture.sh("cp -a \"$1\" \"$2\"/", b, other);
        Path copy = other.resolve(b.getFileName());
        assertEquals(
                "1",
                StoreFixture.sh("stat -c %h \"$1\"", copy.resolve("files/opt/app/data/a.txt"))
                        .strip(),
                "its files are no longer linked to the other snapshots");
        assertEquals(SnapshotFolder.State.COMPLETE, SnapshotStore.inspect(copy).state());
        assertTrue(Verifier.verify(copy, x -> {}, CancelToken.NONE).ok());
        assertEquals(copy, new SnapshotStore(dir.resolve("other")).resolve(copy.toString()));
    }

    // ------------------------------------------------------------------------------------------ retention

    @Test
    void retentionCountsOnlyGoodSnapshotsAndNeverRemovesADamagedOne() throws Exception {
        // C, the newest, is damaged. Counting it, "the last two" would be D and C, and B would go.
        Files.delete(c.resolve("dumps/db-appdb.sql.zst"));
        BackupWorkflow.Result d = store.backup();
        assertEquals(
                Map.of(b, "COMPLETE", c, "DAMAGED", d.snapshot(), "COMPLETE"),
                states(),
                "A went; B and D are the last two good ones; C is kept");
        assertFalse(Files.exists(a));
        BackupWorkflow.Result e = store.backup();
        assertEquals(
                Map.of(c, "DAMAGED", d.snapshot(), "COMPLETE", e.snapshot(), "COMPLETE"),
                states(),
                "B went when E came; C stays, however old");
        assertEquals(
                2,
                store.warnings().stream()
                        .filter(w -> w.startsWith("Kept the damaged snapshot " + id(c)))
                        .count(),
                "every backup says so: " + store.warnings());
    }
}
