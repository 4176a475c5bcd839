package dev.lifeboat.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeIndexTest {
    @TempDir
    Path dir;

    private Path tree() throws Exception {
        Path files = dir.resolve("files");
        Path root = files.resolve("srv/app");
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/one.txt"), "one");
        Files.writeString(root.resolve("a-b.txt"), "ab");
        Files.writeString(root.resolve("line\nbreak\ttab\\.txt"), "odd");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a/one.txt"));
        return files;
    }

    private static String index(Path files, String rel) throws Exception {
        StringWriter w = new StringWriter();
        try (BufferedWriter out = new BufferedWriter(w)) {
            TreeIndex.write(files, rel, null, null, out);
        }
        return w.toString();
    }

    @Test
    void linesAreInWalkOrderWithOddNamesOnOneLine() throws Exception {
        List<String> lines = index(tree(), "srv/app").lines().toList();
        List<String> paths =
                lines.stream().map(l -> TreeIndex.Entry.parse(l).path()).toList();
        assertEquals(
                List.of(
                        "srv/app",
                        "srv/app/a",
                        "srv/app/a/one.txt",
                        "srv/app/a-b.txt",
                        "srv/app/line\nbreak\ttab\\.txt",
                        "srv/app/link"),
                paths,
                "a folder's entries follow it, names sorted");
        assertEquals(6, lines.size(), "one line per entry, whatever the names hold");
        assertTrue(
                lines.get(2)
                        .startsWith("f\t" + "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed\t3\t"),
                "sha256 and size of a file: " + lines.get(2));
        assertTrue(lines.get(5).startsWith("l\t"), lines.get(5));
    }

    @Test
    void theDigestChangesWithOneByte() throws Exception {
        Path files = tree();
        StringWriter w1 = new StringWriter();
        TreeIndex.Summary s1;
        try (BufferedWriter out = new BufferedWriter(w1)) {
            s1 = TreeIndex.write(files, "srv/app", null, null, out);
        }
        Files.writeString(files.resolve("srv/app/a/one.txt"), "onE");
        TreeIndex.Summary s2;
        try (BufferedWriter out = new BufferedWriter(new StringWriter())) {
            s2 = TreeIndex.write(files, "srv/app", null, null, out);
        }
        assertNotEquals(s1.digest(), s2.digest());
        assertEquals(3, s1.files());
    }

    @Test
    void aFileHardLinkedToThePreviousSnapshotIsNotReadAgain() throws Exception {
        Path prev = dir.resolve("prev/files");
        Files.createDirectories(prev.resolve("srv/app"));
        Files.write(prev.resolve("srv/app/big.bin"), new byte[1 << 20]);
        Path prevIndex = dir.resolve("prev/files.index");
        try (BufferedWriter out = Files.newBufferedWriter(prevIndex)) {
            TreeIndex.write(prev, "srv/app", null, null, out);
        }
        Path next = dir.resolve("next/files");
        Files.createDirectories(next.resolve("srv/app"));
        Files.createLink(next.resolve("srv/app/big.bin"), prev.resolve("srv/app/big.bin"));
        Files.writeString(next.resolve("srv/app/new.txt"), "new");
        TreeIndex.Summary s;
        try (BufferedWriter out = new BufferedWriter(new StringWriter())) {
            s = TreeIndex.write(next, "srv/app", prev, TreeIndex.load(prevIndex, "srv/app"), out);
        }
        assertEquals(3, s.bytesRead(), "only the new file is read");
        assertEquals(2, s.files());
    }

    @Test
    void theStreamingLookupFindsEveryUnchangedFileOfEachTreeInWalkOrder() throws Exception {
        // Names whose order as whole paths differs from the walk's ("a-b" < "a/x" as strings, after it in the walk),
        // nested folders, a name with a newline, and two trees in one index: every file hard-linked, none read.
        Path prev = dir.resolve("prev/files");
        List<String> names = List.of(
                "srv/app/a/x.txt",
                "srv/app/a/y/z.txt",
                "srv/app/a-b.txt",
                "srv/app/a.txt",
                "srv/app/b/c/d/e.txt",
                "srv/app/line\nbreak.txt",
                "srv/app/z.txt",
                "srv/data/one.txt",
                "srv/data/sub/two.txt");
        for (String n : names) {
            Files.createDirectories(prev.resolve(n).getParent());
            Files.writeString(prev.resolve(n), n);
        }
        Path prevIndex = dir.resolve("prev/files.index");
        try (BufferedWriter out = Files.newBufferedWriter(prevIndex)) {
            TreeIndex.write(prev, "srv/app", null, null, out);
            TreeIndex.write(prev, "srv/data", null, null, out);
        }
        Path next = dir.resolve("next/files");
        for (String n : names) {
            Files.createDirectories(next.resolve(n).getParent());
            Files.createLink(next.resolve(n), prev.resolve(n));
        }
        for (String rel : List.of("srv/app", "srv/data")) {
            TreeIndex.Summary s;
            try (BufferedWriter out = new BufferedWriter(new StringWriter());
                    TreeIndex.Lookup previous = TreeIndex.load(prevIndex, rel)) {
                s = TreeIndex.write(next, rel, prev, previous, out);
            }
            assertEquals(0, s.bytesRead(), rel + ": every file's digest comes from the previous index");
            assertEquals(names.stream().filter(n -> n.startsWith(rel + "/")).count(), s.files(), rel);
        }
    }

    @Test
    void walkOrderPutsAFoldersEntriesBeforeASiblingItsNameBegins() {
        List<String> walk = List.of("a", "a/b", "a/b/c", "a-c", "a.d", "ab", "b");
        for (int i = 0; i < walk.size(); i++) {
            for (int j = 0; j < walk.size(); j++) {
                assertEquals(
                        Integer.signum(Integer.compare(i, j)),
                        Integer.signum(TreeIndex.compareWalkOrder(walk.get(i), walk.get(j))),
                        walk.get(i) + " against " + walk.get(j));
            }
        }
    }

    @Test
    void escapingRoundTrips() {
        String odd = "a\\b\tc\nd\re";
        assertEquals(odd, TreeIndex.unescape(TreeIndex.escape(odd)));
        assertTrue(!TreeIndex.escape(odd).contains("\n"));
    }

    @Test
    void theVerifierNamesAChangedAMissingAndAnAddedFile() throws Exception {
        Path snap = dir.resolve("snap");
        Path files = snap.resolve("files");
        Files.createDirectories(files.resolve("srv/app"));
        Files.writeString(files.resolve("srv/app/keep.txt"), "keep");
        Files.writeString(files.resolve("srv/app/change.txt"), "before");
        Files.writeString(files.resolve("srv/app/gone.txt"), "gone");
        try (BufferedWriter out = Files.newBufferedWriter(snap.resolve(SnapshotStore.INDEX))) {
            TreeIndex.write(files, "srv/app", null, null, out);
        }
        Manifest m = new Manifest(
                Manifest.FORMAT,
                "t",
                "20261201T000000Z",
                "",
                "",
                null,
                null,
                List.of(new Manifest.ComponentEntry(
                        "/srv/app", "backup", "files", "copy", "copied", null, null, 3L, 0L, "", null, "")),
                List.of(),
                null,
                List.of(),
                null,
                null);
        SnapshotStore.writeManifest(snap, m);
        assertTrue(Verifier.verify(snap, b -> {}, CancelToken.NONE).ok());
        Files.writeString(files.resolve("srv/app/change.txt"), "after!");
        Files.delete(files.resolve("srv/app/gone.txt"));
        Files.writeString(files.resolve("srv/app/added.txt"), "new");
        Verifier.Result r = Verifier.verify(snap, b -> {}, CancelToken.NONE);
        assertTrue(
                r.problems().contains("changed content: srv/app/change.txt"),
                r.problems().toString());
        assertTrue(
                r.problems().contains("missing: srv/app/gone.txt"), r.problems().toString());
        assertTrue(
                r.problems().contains("not in the index (added after the backup): srv/app/added.txt"),
                r.problems().toString());
    }
}
