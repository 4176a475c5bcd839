package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.LocalShell;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.transfer.RsyncTransfer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedSinceTest {
    @TempDir
    Path dir;

    private static ChangedSince.Mark mark(Map<String, Long> inodes) {
        return new ChangedSince.Mark(1000, Optional.of(50.0), inodes, Map.of(), Set.of("ext4"));
    }

    private static ChangedSince.Changes changes(long epoch, double up, List<String> files, Map<String, Long> dirs) {
        return new ChangedSince.Changes(epoch, Optional.of(up), files, dirs, Map.of());
    }

    @Test
    void theMarkerListsEveryFolderWithItsInodeAndFilesystemAndPrunesTheExcludedPaths() {
        assertEquals(
                List.of(
                        "sh",
                        "-c",
                        "printf '%s %s\\0' \"$(date +%s)\" \"$(cut -d' ' -f1 /proc/uptime 2>/dev/null)\"; for r in"
                                + " /srv/app /etc/app.conf; do printf 'T %s %s %s\\0' \"$(stat -f -c %T \"$r\""
                                + " 2>/dev/null || echo unknown)\" \"$(stat -c %d \"$r\" 2>/dev/null || echo 0)\""
                                + " \"$r\"; done; exec find \"$@\"",
                        "sh",
                        "/srv/app",
                        "/etc/app.conf",
                        "(",
                        "-name",
                        ".lifeboat-frozen-*",
                        "-o",
                        "-path",
                        "/srv/app/cache",
                        "-o",
                        "-path",
                        "/srv/app/we\\[ir\\]d\\*",
                        ")",
                        "-prune",
                        "-o",
                        "-type",
                        "d",
                        "-printf",
                        "%i %D %F %p\\0"),
                ChangedSince.markSpec(
                                List.of("/srv/app/", "/etc/app.conf"),
                                List.of("/srv/app/cache/", "/srv/app/we[ir]d*"),
                                false)
                        .args());
        assertTrue(ChangedSince.markSpec(List.of("/srv/app"), List.of(), true).sudo());
    }

    @Test
    void theWindowAsksForWhatChangedSinceTheMarkerMinusTheMargin() {
        ChangedSince.Mark m = mark(Map.of());
        assertEquals(1000 - ChangedSince.MARGIN_SECONDS, m.since());
        List<String> a = ChangedSince.changedSpec(List.of("/srv/app"), List.of(), m.since(), false)
                .args();
        assertEquals(
                List.of(
                        "/srv/app",
                        "(",
                        "-name",
                        ".lifeboat-frozen-*",
                        ")",
                        "-prune",
                        "-o",
                        "-newerct",
                        "@998",
                        "(",
                        "-type",
                        "d",
                        "-printf",
                        "d %i %D %p\\0",
                        "-o",
                        "-printf",
                        "f %p\\0",
                        ")"),
                a.subList(4, a.size()));
    }

    @Test
    void withoutAMarkerOrOnAFilesystemWithoutTrustedChangeTimesEveryFileIsCopied() {
        ChangedSince.Decision d = ChangedSince.decide(
                Optional.empty(),
                "find ended with status 1",
                Optional.of(changes(1010, 60, List.of(), Map.of())),
                p -> true);
        assertEquals(
                "no marker was taken before the pre-sync (find ended with status 1)",
                assertInstanceOf(ChangedSince.Full.class, d).reason());
        ChangedSince.Mark nfs =
                new ChangedSince.Mark(1000, Optional.of(50.0), Map.of(), Map.of(), Set.of("ext4", "nfs4"));
        d = ChangedSince.decide(Optional.of(nfs), "", Optional.of(changes(1010, 60, List.of(), Map.of())), p -> true);
        assertTrue(assertInstanceOf(ChangedSince.Full.class, d).reason().contains("nfs4"), d.toString());
        d = ChangedSince.decide(Optional.of(mark(Map.of())), "", Optional.empty(), p -> true);
        assertInstanceOf(ChangedSince.Full.class, d);
    }

    @Test
    void aClockThatWentBackOrWasSetOrAServerThatRestartedIsNotTrusted() {
        Optional<ChangedSince.Mark> m = Optional.of(mark(Map.of()));
        ChangedSince.Decision back =
                ChangedSince.decide(m, "", Optional.of(changes(990, 70, List.of(), Map.of())), p -> true);
        assertTrue(assertInstanceOf(ChangedSince.Full.class, back).reason().contains("went back"), back.toString());
        // 20 s by the uptime, 200 s by the clock: the clock was set forward (or back and forward).
        ChangedSince.Decision set =
                ChangedSince.decide(m, "", Optional.of(changes(1200, 70, List.of(), Map.of())), p -> true);
        assertTrue(assertInstanceOf(ChangedSince.Full.class, set).reason().contains("was set"), set.toString());
        ChangedSince.Decision restarted =
                ChangedSince.decide(m, "", Optional.of(changes(1020, 12, List.of(), Map.of())), p -> true);
        assertTrue(
                assertInstanceOf(ChangedSince.Full.class, restarted).reason().contains("restarted"),
                restarted.toString());
        // Rounding of whole seconds is no reason: 21 s by the clock, 19.5 s up.
        assertInstanceOf(
                ChangedSince.Fast.class,
                ChangedSince.decide(m, "", Optional.of(changes(1021, 69.5, List.of(), Map.of())), p -> true));
    }

    @Test
    void aChangedFolderThatIsTheOneThePreSyncCopiedGivesItsEntriesAnyOtherIsCopiedWhole() {
        Map<String, Long> before = Map.of("/srv/app", 1L, "/srv/app/a", 2L, "/srv/app/b", 3L, "/srv/app/c", 4L);
        Map<String, Long> now = new TreeMap<>(Map.of(
                "/srv/app", 1L, // an entry added or removed: same folder
                "/srv/app/a", 9L, // another folder renamed onto the path
                "/srv/app/new", 10L, // made since the marker
                "/srv/app/new/sub", 11L, // inside it
                "/srv/app/c", 4L)); // same inode, but the pre-sync did not see it there
        ChangedSince.Decision d = ChangedSince.decide(
                Optional.of(mark(before)),
                "",
                Optional.of(changes(
                        1010,
                        60,
                        List.of("/srv/app/f.txt", "/srv/app/new/g.txt", "/srv/app/a/h.txt", "/srv/app/b/i.txt"),
                        now)),
                p -> !p.equals("/srv/app/c"));
        ChangedSince.Fast f = assertInstanceOf(ChangedSince.Fast.class, d);
        assertEquals(List.of("/srv/app"), f.dirs());
        assertEquals(List.of("/srv/app/a", "/srv/app/c", "/srv/app/new"), f.trees());
        assertEquals(List.of("/srv/app/b/i.txt", "/srv/app/f.txt"), f.files());
        assertEquals(
                List.of(
                        "/srv/app/b/i.txt",
                        "/srv/app/f.txt",
                        "/srv/app/.",
                        "/srv/app/a/.",
                        "/srv/app/c/.",
                        "/srv/app/new/.",
                        "/srv/app/new/sub/.",
                        "/srv/app/new/g.txt"),
                f.entries(List.of("/srv/app/new/sub/.", "/srv/app/new/g.txt")));
    }

    /**
     * Inode numbers repeat across btrfs subvolumes (every subvolume's root is inode 256): a folder that has the
     * marker's inode on another device (a subvolume put in its place) is not the one the pre-sync copied.
     */
    @Test
    void aFolderWithTheMarkersInodeOnAnotherDeviceIsCopiedWhole() {
        ChangedSince.Mark m = new ChangedSince.Mark(
                1000, Optional.of(50.0), Map.of("/srv/app", 256L), Map.of("/srv/app", 61L), Set.of("btrfs"));
        ChangedSince.Changes swapped = new ChangedSince.Changes(
                1010, Optional.of(60.0), List.of(), Map.of("/srv/app", 256L), Map.of("/srv/app", 77L));
        ChangedSince.Fast d =
                (ChangedSince.Fast) ChangedSince.decide(Optional.of(m), "", Optional.of(swapped), p -> true);
        assertEquals(List.of("/srv/app"), d.trees());
        assertEquals(List.of(), d.dirs());
        // Read from a snapshot, the devices are the snapshot's: not compared (a folder on another device was refused).
        ChangedSince.Fast frozen = (ChangedSince.Fast)
                ChangedSince.decide(Optional.of(m), "", Optional.of(swapped.withoutDevices()), p -> true);
        assertEquals(List.of("/srv/app"), frozen.dirs());
        assertEquals(List.of(), frozen.trees());
    }

    @Test
    void theListingsAreNulSeparatedUtf8AndAnythingElseIsNotUnderstood() {
        byte[] ok = "1000 50.25\0f /srv/a b\nc\0d 12 64769 /srv/d\0".getBytes(StandardCharsets.UTF_8);
        ChangedSince.Changes c = ChangedSince.parseChanges(ok).orElseThrow();
        assertEquals(1000, c.epoch());
        assertEquals(Optional.of(50.25), c.uptime());
        assertEquals(List.of("/srv/a b\nc"), c.files());
        assertEquals(Map.of("/srv/d", 12L), c.dirs());
        assertTrue(ChangedSince.parseChanges("1000 50\0f /srv/cut".getBytes(StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(ChangedSince.parseChanges(new byte[] {'1', ' ', '2', 0, 'f', ' ', '/', (byte) 0xff, 0})
                .isEmpty());
        assertTrue(ChangedSince.parseChanges(new byte[0]).isEmpty());
        ChangedSince.Mark m = ChangedSince.parseMark(
                        "1000 \0007 64769 ext4 /srv/x y\0".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(Optional.empty(), m.uptime());
        assertEquals(Map.of("/srv/x y", 7L), m.dirInodes());
        assertEquals(Map.of("/srv/x y", 64769L), m.dirDevices());
        assertEquals(Set.of("ext4"), m.filesystems());
    }

    /**
     * The commands for real (this machine's find and rsync, as a server's): a tree copied, then changed as a site
     * changes while the pre-sync runs (a file deleted, a file renamed, a folder renamed, a file changed in place, a
     * new folder with files, a mode changed); the fast delta of what changed makes the copy equal to the tree again.
     */
    @Test
    void theFastDeltaMakesTheCopyEqualToTheTreeAfterDeletesRenamesAndNewFolders() throws Exception {
        Path rsync = LocalTools.require("rsync", "rsync");
        Path src = Files.createDirectories(dir.resolve("srv/app"));
        Files.createDirectories(src.resolve("old/deep/deeper"));
        Files.writeString(src.resolve("old/deep/deeper/x.txt"), "deep");
        Files.writeString(src.resolve("old/y.txt"), "y");
        Files.writeString(src.resolve("gone.txt"), "gone");
        Files.writeString(src.resolve("moved.txt"), "moved");
        Files.writeString(src.resolve("inplace.txt"), "before");
        Files.writeString(src.resolve("mode.txt"), "mode");
        Files.createDirectories(src.resolve("keep"));
        Files.writeString(src.resolve("keep/k.txt"), "k");
        Files.createDirectories(src.resolve("cache"));
        Files.writeString(src.resolve("cache/c.txt"), "excluded");
        Path copy = dir.resolve("copy");
        LocalShell shell = new LocalShell();
        String root = src.toString();
        List<String> excludes = List.of(root + "/cache");
        Thread.sleep((ChangedSince.MARGIN_SECONDS + 1) * 1000L);
        ChangedSince.Mark m = ChangedSince.parseMark(out(shell, ChangedSince.markSpec(List.of(root), excludes, false)))
                .orElseThrow();
        assertEquals(
                List.of(),
                m.dirInodes().keySet().stream().filter(p -> p.contains("cache")).toList());
        // The pre-sync: everything as it is now.
        run(List.of(rsync.toString(), "-aHAX", "-R", "--exclude=" + root + "/cache", root, copy + "/"));
        // While it ran:
        Files.delete(src.resolve("gone.txt"));
        Files.move(src.resolve("moved.txt"), src.resolve("renamed.txt"));
        Files.move(src.resolve("old"), src.resolve("new-name"));
        Files.writeString(src.resolve("inplace.txt"), "after!");
        Files.createDirectories(src.resolve("made/sub"));
        Files.writeString(src.resolve("made/sub/z.txt"), "z");
        Files.setPosixFilePermissions(
                src.resolve("mode.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(src.resolve("cache/c2.txt"), "excluded too");
        ChangedSince.Changes c = ChangedSince.parseChanges(
                        out(shell, ChangedSince.changedSpec(List.of(root), excludes, m.since(), false)))
                .orElseThrow();
        assertTrue(!c.files().contains(root + "/keep/k.txt"), "an unchanged file is not listed: " + c.files());
        ChangedSince.Fast f = assertInstanceOf(
                ChangedSince.Fast.class,
                ChangedSince.decide(
                        Optional.of(m), "", Optional.of(c), p -> Files.isDirectory(copy.resolve(p.substring(1)))));
        assertEquals(List.of(root + "/made", root + "/new-name"), f.trees());
        List<String> below = ChangedSince.parsePaths(out(shell, ChangedSince.treeSpec(f.trees(), excludes, false)))
                .orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(rsync.toString(), "-aHAX"));
        cmd.addAll(RsyncTransfer.listedArgs(excludes).stream()
                .filter(a -> !a.equals("--fake-super"))
                .toList());
        cmd.addAll(List.of("/", copy + "/"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(RsyncTransfer.filesFrom(f.entries(below)));
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertEquals(
                tree(src.resolve(".."), true),
                tree(copy.resolve(src.toString().substring(1)).resolve(".."), true));
    }

    /** Every path below {@code top} with its type, mode and content (the excluded cache left out). */
    private static String tree(Path top, boolean withContent) throws Exception {
        StringBuilder b = new StringBuilder();
        Path base = top.normalize();
        try (Stream<Path> s = Files.walk(base)) {
            for (Path x : s.sorted().toList()) {
                String rel = base.relativize(x).toString();
                if (rel.contains("cache")) {
                    continue;
                }
                b.append(rel)
                        .append(' ')
                        .append(java.nio.file.attribute.PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(x, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
                if (withContent && Files.isRegularFile(x)) {
                    b.append(' ').append(Files.readString(x));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static byte[] out(LocalShell shell, dev.lifeboat.engine.remote.CommandSpec spec) throws Exception {
        OutputSink.Captured c = OutputSink.capture(1 << 20);
        CommandResult r = shell.run(spec, null, c, CancelToken.NONE);
        assertTrue(r.ok(), spec.display() + ": " + c.stderrText());
        return c.stdoutBytes();
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + log);
    }
}
