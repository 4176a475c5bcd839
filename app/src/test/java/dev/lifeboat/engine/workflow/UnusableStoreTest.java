package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.store.SnapshotFolder;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot be written — permission denied, a read-only filesystem, a full disk — says why and what to do
 * before a backup changes anything, while listing, verifying (its result not recorded, with a warning) and choosing a
 * snapshot to restore keep working.
 *
 * <p>The read-only store is a read-only bind mount and the full one a 1 MB tmpfs, both made here (root with the right
 * to mount, as the unit tier has in CI). Without root the test is skipped on a developer's machine and fails in CI
 * ({@code CI=true}); as root without the right to mount it fails with what is missing. Root writes through any
 * permission, so the permission case runs its check in a child JVM as {@code nobody} (setpriv), as a desktop user
 * meets it.
 */
class UnusableStoreTest {
    @TempDir
    Path dir;

    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            StoreFixture.sh("umount \"$1\" 2>/dev/null || umount -l \"$1\"", mounted.get(i));
        }
    }

    private static boolean root() throws Exception {
        return StoreFixture.sh("id -u").strip().equals("0");
    }

    /** Root, or a skip (a failure in CI, where the unit tier runs as root). */
    private static void requireRoot(String what) throws Exception {
        if (root()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI runs the unit tier as root; this test needs root for " + what);
        }
        Assumptions.abort("needs root for " + what);
    }

    /** Runs a mount command, failing with what is missing when this root may not mount. */
    private void mount(Path at, String script) throws Exception {
        try {
            StoreFixture.sh(script, at);
        } catch (IOException e) {
            fail("Could not mount for this test (" + e.getMessage().strip() + "). It needs root with the right to mount"
                    + " (CAP_SYS_ADMIN; in a container: --cap-add SYS_ADMIN --security-opt apparmor=unconfined).");
        }
        mounted.add(at);
    }

    private static Lifeboat lifeboat(Path dir, SnapshotStore store) {
        return new Lifeboat(
                new AppDirs(dir.resolve("config"), dir.resolve("state"), store.root()), store, SshOptions.defaults());
    }

    @Test
    void aReadOnlyStoreIsListedVerifiedAndRestoredFromButABackupIsRefusedWithWhatToDo() throws Exception {
        requireRoot("a read-only bind mount");
        StoreFixture f = new StoreFixture(dir);
        Path snap = f.snapshot();
        Path root = f.store.root();
        mount(root, "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\"");
        assertThrows(IOException.class, () -> Files.writeString(root.resolve("probe"), "x"), "it is read-only");

        List<SnapshotFolder> listed = f.store.listAll();
        assertEquals(1, listed.size());
        assertEquals(SnapshotFolder.State.COMPLETE, listed.get(0).state(), listed.toString());
        assertEquals(snap, f.store.resolve(f.store.idOf(snap)), "a restore can take it from there");

        Verifier.Result v = lifeboat(dir, f.store).verify(snap, b -> {}, CancelToken.NONE);
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(1, v.warnings().size(), v.warnings().toString());
        assertTrue(
                v.warnings()
                        .get(0)
                        .startsWith("Could not record the verification in " + snap + ": the filesystem is read-only"),
                v.warnings().get(0));

        PreflightException e = assertThrows(PreflightException.class, f::plan);
        assertEquals(
                "The snapshot store " + root + " is on a read-only filesystem (" + root + "): its snapshots can be"
                        + " listed, verified and restored, but no backup can be written there. Remount it read-write"
                        + " (e.g. sudo mount -o remount,rw " + root + ") or choose another store with --store DIR.",
                e.getMessage());
    }

    @Test
    void aFullStoreIsListedAndVerifiedButABackupIsRefusedWithWhatToDo() throws Exception {
        requireRoot("a tmpfs");
        // The snapshot is made on this disk and copied in: it holds no xattrs, so any tmpfs keeps it whole.
        StoreFixture onDisk = new StoreFixture(dir.resolve("disk"), dev.lifeboat.engine.store.Retention.DEFAULT, false);
        Path made = onDisk.snapshot();
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        mount(small, "mount -t tmpfs -o size=1m,mode=0755 lifeboat-unit-test \"$1\"");
        StoreFixture f = new StoreFixture(small, dev.lifeboat.engine.store.Retention.DEFAULT, false);
        StoreFixture.sh("cp -a \"$1\" \"$2\"", onDisk.store.root(), f.store.root());
        Path snap = f.store.root().resolve(onDisk.store.root().relativize(made));
        StoreFixture.sh("dd if=/dev/zero of=\"$1\"/filler bs=64k 2>/dev/null; true", small);
        assertEquals(0, Files.getFileStore(small).getUsableSpace(), "the disk is full");

        List<SnapshotFolder> listed = f.store.listAll();
        assertEquals(1, listed.size());
        assertEquals(SnapshotFolder.State.COMPLETE, listed.get(0).state(), listed.toString());

        Verifier.Result v = lifeboat(dir, f.store).verify(snap, b -> {}, CancelToken.NONE);
        assertTrue(v.ok(), v.problems().toString());
        assertTrue(
                v.warnings().size() == 1 && v.warnings().get(0).contains(": the disk is full"),
                v.warnings().toString());

        PreflightException e = assertThrows(PreflightException.class, f::plan);
        assertEquals(
                "The snapshot store " + f.store.root() + " is full (0 B free of 1.0 MB on " + small + "): no backup"
                        + " can be written there. Free some space (the oldest snapshots: 'lifeboat snapshots --store "
                        + f.store.root() + "' lists them) or choose another store with --store DIR.",
                e.getMessage());
    }

    @Test
    void aStoreThatCannotBeWrittenForPermissionSaysWhoOwnsItAndWhatToDo() throws Exception {
        Path store = dir.resolve("theirs/store");
        Files.createDirectories(store);
        String message;
        if (root()) {
            message = asNobody(store);
        } else {
            StoreFixture.sh("chmod 555 \"$1\"", store);
            try {
                new SnapshotStore(store).checkWritable();
                message = "writable";
            } catch (EngineException e) {
                message = e.getMessage();
            } finally {
                StoreFixture.sh("chmod 755 \"$1\"", store);
            }
        }
        String user = root() ? "nobody" : System.getProperty("user.name");
        String owner = root() ? "root" : System.getProperty("user.name");
        String mode = root() ? "rwxr-xr-x" : "r-xr-xr-x";
        assertEquals(
                "The snapshot store " + store + " cannot be written: permission denied on " + store + " (owner " + owner
                        + ", mode " + mode + "; Lifeboat runs as " + user + "). Give " + user + " write access to it"
                        + " (e.g. sudo chown -R " + user + " " + store + ") or choose another store with --store DIR.",
                message);
    }

    /** What {@link SnapshotStore#checkWritable} says in a JVM that runs as {@code nobody}. */
    private String asNobody(Path store) throws Exception {
        // nobody reads the classes in place; the libraries from the local Maven repository (private to root) are
        // copied to a folder it may read.
        StoreFixture.sh("chmod 755 \"$1\"", dir);
        Path libs = Files.createDirectories(dir.resolve("libs"));
        List<String> cp = new ArrayList<>(List.of(
                location(SnapshotStore.class).toString(),
                location(UnusableStoreTest.class).toString()));
        for (Class<?> c : List.of(ObjectMapper.class, JsonFactory.class, JsonInclude.class)) {
            Path jar = location(c);
            Path copy = libs.resolve(jar.getFileName());
            Files.copy(jar, copy);
            cp.add(copy.toString());
        }
        StoreFixture.sh("chmod -R a+rX \"$1\"", libs);
        List<String> argv = List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(":", cp),
                CheckWritable.class.getName(),
                store.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the check ended");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Runs the store's check on the folder it is given and prints what it says. */
    public static final class CheckWritable {
        private CheckWritable() {}

        public static void main(String[] args) {
            try {
                new SnapshotStore(Path.of(args[0])).checkWritable();
                System.out.println("writable");
            } catch (EngineException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
