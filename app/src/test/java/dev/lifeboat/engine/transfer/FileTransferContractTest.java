package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.RemoteShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link FileTransfer} keeps (its Javadoc), against a real server: a tree pulled into a snapshot
 * and pushed back elsewhere is the same tree — names, owners, groups, modes, link counts, types, ACLs, xattrs, contents
 * — also when this computer's user is not the owner; excluded paths are left out of a pull and left alone by a push;
 * unchanged files are hard-linked to the previous snapshot; a check (differences) copies nothing and names each
 * difference; progress comes while it copies; a cancel stops it. One subclass per implementation or carrier:
 * rsync over the system ssh ({@code RsyncSystemSshContractIT}) and over Lifeboat's own session with sudo
 * ({@code RsyncBridgeContractIT}).
 */
public abstract class FileTransferContractTest {
    /** Names, owners, modes, link counts, types, sizes, then checksums, ACLs and user xattrs: the same on both ends. */
    static final String LISTING = "cd \"$1\" && find . -mindepth 1 -print0 | LC_ALL=C sort -z"
            + " | xargs -0 stat -c '%n|%u:%g|%a|%h|%F|%s' && find . -type f -print0 | LC_ALL=C sort -z"
            + " | xargs -0 sha256sum && getfacl -R -p . 2>/dev/null | grep -v '^#' ;"
            + " getfattr -R -d -m '^user\\.' . 2>/dev/null | LC_ALL=C sort";

    @TempDir
    protected Path dir;

    /** The transfer under test, logged in to its server. */
    protected abstract FileTransfer transfer();

    /** A shell on the same server that may run commands as root (to make and list the trees). */
    protected abstract RemoteShell server();

    /** A folder of this test's own on the server; emptied first. */
    protected abstract String base();

    private String root(String script, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        a.addAll(List.of(args));
        CommandSpec spec = CommandSpec.write(a).asRoot();
        return server().capture(spec).orThrow(spec).stdout();
    }

    private String listing(String path) throws Exception {
        return root(LISTING, path);
    }

    /** A tree with odd names, foreign owners and modes, a hard link, a symlink, a fifo, an ACL and an xattr. */
    private String makeTree(String name) throws Exception {
        String src = base() + "/" + name;
        root(
                "set -e; rm -rf \"$1\"; mkdir -p \"$1/sub/deeper\" \"$1/skip\"; cd \"$1\";"
                        + " printf 'plain\\n' > plain.txt; printf 'space\\n' > 'with space.txt';"
                        + " printf 'nl\\n' > \"$(printf 'new\\nline')\"; printf 'uni\\n' > 'ünï-日本語.txt';"
                        + " printf 'owned\\n' > sub/foreign; chown 1234:5678 sub/foreign; chmod 640 sub/foreign;"
                        + " printf 'mode\\n' > sub/deeper/secret; chown 999:999 sub/deeper/secret; chmod 600"
                        + " sub/deeper/secret; chmod 2750 sub/deeper; head -c 300000 /dev/urandom > sub/big.bin;"
                        + " ln sub/big.bin hardlink.bin; ln -s sub/big.bin symlink; mkfifo sub/fifo;"
                        + " printf 'acl\\n' > acl.txt; setfacl -m u:4321:r acl.txt;"
                        + " printf 'x\\n' > xattr.txt; setfattr -n user.lifeboat -v kept xattr.txt;"
                        + " printf 'left out\\n' > skip/out.txt",
                src);
        return src;
    }

    @Test
    void aTreePulledAndPushedBackElsewhereIsTheSameTree() throws Exception {
        String src = makeTree("src");
        Path files = dir.resolve("snap1/files");
        List<TransferProgress> progress = Collections.synchronizedList(new ArrayList<>());
        FileTransfer.Result pulled =
                transfer().pullTrees(List.of(src), List.of(), files, null, true, progress::add, CancelToken.NONE);
        assertTrue(pulled.bytes() >= 300_000, "counts what it copied: " + pulled);
        assertFalse(progress.isEmpty(), "progress while it copies");
        assertTrue(Files.exists(files.resolve(src.substring(1)).resolve("sub/big.bin")), "under its full path");

        String dest = base() + "/elsewhere";
        root("rm -rf \"$1\"; mkdir -p \"$1\"", dest);
        transfer().pushTrees(files, List.of(src), List.of(), dest, true, null, p -> {}, CancelToken.NONE);
        String expected = listing(src);
        assertTrue(expected.contains("1234:5678") && expected.contains("user:4321:r--"), expected);
        assertTrue(expected.contains("user.lifeboat=\"kept\""), expected);
        assertEquals(expected, listing(dest + src), "the same tree, owners, modes, ACLs and xattrs");
    }

    @Test
    void excludedPathsAreLeftOutOfAPullAndLeftAloneByAPush() throws Exception {
        String src = makeTree("excl");
        Path files = dir.resolve("excl/files");
        transfer().pullTrees(List.of(src), List.of(src + "/skip"), files, null, true, p -> {}, CancelToken.NONE);
        assertFalse(Files.exists(files.resolve(src.substring(1)).resolve("skip/out.txt")), "left out of the pull");
        root("printf 'theirs\\n' > \"$1/skip/out.txt\"; printf 'extra\\n' > \"$1/extra.txt\"", src);
        transfer().pushTrees(files, List.of(src), List.of(src + "/skip"), "/", true, null, p -> {}, CancelToken.NONE);
        assertEquals("theirs", root("cat \"$1/skip/out.txt\"", src).strip(), "an excluded path is left alone");
        assertEquals(
                "gone",
                root("[ -e \"$1/extra.txt\" ] && echo there || echo gone", src).strip(),
                "what the snapshot does not hold is deleted");
    }

    @Test
    void whatDidNotChangeIsHardLinkedToThePreviousSnapshot() throws Exception {
        String src = makeTree("links");
        Path first = dir.resolve("s1/files");
        Path second = dir.resolve("s2/files");
        transfer().pullTrees(List.of(src), List.of(), first, null, true, p -> {}, CancelToken.NONE);
        root("printf 'changed\\n' > \"$1/plain.txt\"", src);
        FileTransfer.Result r =
                transfer().pullTrees(List.of(src), List.of(), second, first, true, p -> {}, CancelToken.NONE);
        String rel = src.substring(1);
        assertEquals(
                Files.getAttribute(first.resolve(rel).resolve("sub/big.bin"), "unix:ino"),
                Files.getAttribute(second.resolve(rel).resolve("sub/big.bin"), "unix:ino"),
                "unchanged: one file on disk");
        assertEquals("changed\n", Files.readString(second.resolve(rel).resolve("plain.txt")));
        assertTrue(r.bytes() < 300_000, "only what changed was sent: " + r);
    }

    @Test
    void aCheckCopiesNothingAndNamesEachDifference() throws Exception {
        String src = makeTree("check");
        Path files = dir.resolve("check/files");
        transfer().pullTrees(List.of(src), List.of(), files, null, true, p -> {}, CancelToken.NONE);
        root("printf 'tampered\\n' > \"$1/plain.txt\"; chmod 600 \"$1/with space.txt\"", src);
        List<String> differences = Collections.synchronizedList(new ArrayList<>());
        transfer().pushTrees(files, List.of(src), List.of(), "/", true, differences::add, p -> {}, CancelToken.NONE);
        assertTrue(differences.stream().anyMatch(d -> d.contains("plain.txt")), differences.toString());
        assertTrue(differences.stream().anyMatch(d -> d.contains("with space.txt")), differences.toString());
        assertEquals("tampered", root("cat \"$1/plain.txt\"", src).strip(), "nothing was copied");
    }

    @Test
    void aCancelStopsTheCopy() throws Exception {
        String big = base() + "/big";
        root(
                "rm -rf \"$1\"; mkdir -p \"$1\"; i=0; while [ $i -lt 64 ]; do head -c 1048576 /dev/urandom > \"$1/f$i\";"
                        + " i=$((i+1)); done",
                big);
        CancelToken cancel = new CancelToken();
        assertThrows(CancelledException.class, () -> transfer()
                .pullTrees(
                        List.of(big),
                        List.of(),
                        dir.resolve("cancelled/files"),
                        null,
                        true,
                        p -> {
                            if (!cancel.isCancelled()) {
                                cancel.cancel();
                            }
                        },
                        cancel));
    }
}
