package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The btrfs window's decisions and commands (ADR 0017); the real thing runs in BackupConsistencyIT on the testbed. */
class FrozenTreesTest {

    @Test
    void foldersAreGroupedByTheirSubvolumeAndOneWhoseSnapshotWouldLieInACopiedFolderIsNotFrozen() {
        String probe = "/opt/app/data\0/opt\0/opt/app/conf\0/opt\0/srv/x\0/srv/x\0/home/u/y\0/\0";
        List<FrozenTrees.Subvolume> svs = FrozenTrees.parseProbe(
                probe,
                List.of("/opt/app/data", "/var/lib/docker/volumes/v/_data", "/opt/app/conf", "/srv/x", "/home/u/y"));
        // /srv/x is its own subvolume: its snapshot would be /srv/x/.lifeboat-frozen-…, inside what is copied.
        assertEquals(
                List.of(
                        new FrozenTrees.Subvolume("/opt", List.of("/opt/app/data", "/opt/app/conf")),
                        new FrozenTrees.Subvolume("/", List.of("/home/u/y"))),
                svs);
        assertEquals(List.of(), FrozenTrees.parseProbe("", List.of("/opt/app")));
    }

    @Test
    void theSnapshotOfEachSubvolumeIsBoundOverEachOfItsFoldersInTheWrapper() {
        String token = FrozenTrees.token("my app", Instant.ofEpochMilli(1234));
        assertEquals("my_app@1234", token);
        FrozenTrees.Subvolume opt = new FrozenTrees.Subvolume("/opt", List.of("/opt/a/", "/opt/b"));
        FrozenTrees.Subvolume root = new FrozenTrees.Subvolume("/", List.of("/home/u"));
        assertEquals("/opt/.lifeboat-frozen-my_app@1234", opt.snapshot(token));
        assertEquals("/.lifeboat-frozen-my_app@1234", root.snapshot(token));
        List<String> w = FrozenTrees.wrapper(List.of(opt, root), token);
        assertEquals(List.of("unshare", "-m", "sh", "-c"), w.subList(0, 4));
        assertEquals(
                List.of(
                        "sh",
                        "/opt/.lifeboat-frozen-my_app@1234/a",
                        "/opt/a",
                        "/opt/.lifeboat-frozen-my_app@1234/b",
                        "/opt/b",
                        "/.lifeboat-frozen-my_app@1234/home/u",
                        "/home/u",
                        "--"),
                w.subList(5, w.size()));
        assertTrue(FrozenTrees.snapshotSpec(List.of(opt), token).sudo());
        assertTrue(FrozenTrees.snapshotSpec(List.of(opt), token).mutating());
        assertTrue(FrozenTrees.deleteSpec(List.of(opt), token).args().contains("/opt/.lifeboat-frozen-my_app@1234"));
        // An earlier run's leftovers of this project only (another project's name is another prefix).
        assertTrue(FrozenTrees.leftoversSpec(List.of(opt), "my app").args().contains(".lifeboat-frozen-my_app@[0-9]*"));
    }

    /**
     * The wrapper for real (this machine's sh and readlink; {@code unshare} and {@code mount} are stand-ins that note
     * what they were given): each snapshot folder is bound over its folder, paths with spaces, quotes and dollars
     * intact, and the command runs with its own arguments; a path with a symbolic link in it is refused (97).
     */
    @Test
    void theWrapperBindsEachPairAndRunsTheCommandAndRefusesASymlinkedPath(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        Path noted = dir.resolve("noted");
        stub(bin.resolve("unshare"), "[ \"$1\" = -m ] || exit 3; shift; exec \"$@\"");
        stub(bin.resolve("mount"), "printf '%s|' \"$@\" >> \"$NOTED\"; printf '\\n' >> \"$NOTED\"");
        Path snap = java.nio.file.Files.createDirectories(dir.resolve("snap/it's a $x"));
        Path live = java.nio.file.Files.createDirectories(dir.resolve("live/it's a $x"));
        FrozenTrees.Subvolume sv = new FrozenTrees.Subvolume(dir.toString(), List.of(live.toString()));
        List<String> cmd = new java.util.ArrayList<>(List.of("unshare", "-m", "sh", "-c"));
        List<String> w = FrozenTrees.wrapper(List.of(sv), "t");
        cmd.addAll(w.subList(4, w.size() - 3));
        cmd.addAll(List.of(snap.toString(), live.toString(), "--", "sh", "-c", "printf '%s' \"$1\"", "sh", "a 'b' $c"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("NOTED", noted.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("a 'b' $c", out);
        assertEquals("--make-rprivate|/|\n--bind|" + snap + "|" + live + "|\n", java.nio.file.Files.readString(noted));
        // A symbolic link on the snapshot's side: refused before anything is bound.
        Path link = dir.resolve("link");
        java.nio.file.Files.createSymbolicLink(link, snap);
        cmd.set(cmd.indexOf(snap.toString()), link.toString());
        Process q = pb.command(cmd).start();
        q.getInputStream().readAllBytes();
        assertEquals(97, q.waitFor());
    }

    private static void stub(Path file, String body) throws java.io.IOException {
        java.nio.file.Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    @Test
    void aSubvolumeOrAMountInsideACopiedFolderKeepsItInTheWindowsWalk() {
        FrozenTrees.Subvolume opt = new FrozenTrees.Subvolume("/opt", List.of("/opt/app"));
        ChangedSince.Mark plain = mark(Map.of("/opt/app", 61L, "/opt/app/data", 61L, "/opt/other", 70L));
        assertEquals(Optional.empty(), FrozenTrees.whyNot(opt, plain));
        ChangedSince.Mark nested = mark(Map.of("/opt/app", 61L, "/opt/app/data", 62L));
        assertTrue(FrozenTrees.whyNot(opt, nested).orElseThrow().contains("/opt/app/data is another subvolume"));
        assertTrue(FrozenTrees.whyNot(opt, mark(Map.of("/opt/x", 61L)))
                .orElseThrow()
                .contains("not in the marker's listing"));
    }

    @Test
    void findsUnknownFilesystemOnABtrfsSubvolumeIsTheRootsOwnTypeFromStatfs() {
        // find prints "unknown" for a btrfs subvolume's folders: its device is not the mount table's.
        byte[] out = nul(
                "1000 50",
                "T btrfs 61 /opt/app",
                "T ext2/ext3 65024 /var/v",
                "256 61 unknown /opt/app",
                "300 61 unknown /opt/app/d",
                "12 65024 ext4 /var/v");
        ChangedSince.Mark m = ChangedSince.parseMark(out).orElseThrow();
        assertEquals(Set.of("btrfs", "ext4"), m.filesystems());
        assertEquals(Map.of("/opt/app", 61L, "/opt/app/d", 61L, "/var/v", 65024L), m.dirDevices());
        // Another device that find cannot name stays unknown (and is not trusted).
        byte[] other = nul("1000 50", "T btrfs 61 /opt/app", "400 77 unknown /opt/app/m");
        assertEquals(
                Set.of("unknown"), ChangedSince.parseMark(other).orElseThrow().filesystems());
    }

    /** NUL-terminated fields, as the server prints them. */
    private static byte[] nul(String... fields) {
        return (String.join("\u0000", fields) + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ChangedSince.Mark mark(Map<String, Long> devices) {
        return new ChangedSince.Mark(1000, Optional.of(50.0), Map.of(), devices, Set.of("btrfs"));
    }
}
