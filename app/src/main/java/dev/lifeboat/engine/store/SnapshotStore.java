package dev.lifeboat.engine.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local snapshot store (DESIGN §5, docs/snapshot-format.md):
 *
 * <pre>
 * STORE/HOST/APP/ID/            one snapshot; ID = UTC time 20261122T031500Z
 *   files/SERVER-PATH...       rsync copy, hard-linked to the previous snapshot
 *   files.index                 one line per copied entry (TreeIndex)
 *   dumps/NAME.EXT.zst          database dumps
 *   manifest.json               written last: its presence makes the snapshot complete
 *   run.log                     what the run did
 * STORE/HOST/APP/.lock          held while a run writes (an OS file lock: released when the process dies)
 * </pre>
 *
 * APP is the stack id, plus {@code .PROJECT} when the compose project has another name (two Overleafs on one server
 * are two applications). Thread-safe for reading; one run writes an application's folder at a time (the lock).
 */
public final class SnapshotStore {
    public static final String MANIFEST = "manifest.json";
    public static final String INDEX = "files.index";
    public static final String RUN_LOG = "run.log";
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ID_PATTERN = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern SAFE = Pattern.compile("[^A-Za-z0-9._@-]");
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    public SnapshotStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The default store: {@code ~/Lifeboat/snapshots}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), "Lifeboat", "snapshots");
    }

    /** The folder of one application's snapshots. */
    public Path appDir(String host, int port, String stackId, String composeProject) {
        String h = port == 22 ? host : host + "_" + port;
        String app = composeProject == null || composeProject.isBlank() || composeProject.equals(stackId)
                ? stackId
                : stackId + "." + composeProject;
        return root.resolve(safe(h)).resolve(safe(app));
    }

    /** A snapshot id for a moment. */
    public static String idFor(Instant t) {
        return ID.format(t);
    }

    /**
     * Takes the application's lock for a run: an OS lock on {@code APP/.lock}, so a run that died (killed, power
     * cut) leaves nothing held. Refuses while another run holds it, saying which one.
     */
    public Lock lock(Path appDir, String who) throws EngineException {
        try {
            Files.createDirectories(appDir);
            Path file = appDir.resolve(".lock");
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                throw new LockedException("Another Lifeboat run is writing snapshots of this application into " + appDir
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + ". Wait for it to end.");
            }
            String before = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(who + "\n"), 0);
            ch.force(false);
            return new Lock(ch, l, before.isEmpty() ? Optional.empty() : Optional.of(before));
        } catch (IOException e) {
            throw new EngineException("Could not lock the snapshot folder " + appDir + ": " + e.getMessage(), e);
        }
    }

    /** A held application lock. {@link #previousHolder} names a run that held it and did not release it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final Optional<String> previousHolder;

        Lock(FileChannel channel, FileLock lock, Optional<String> previousHolder) {
            this.channel = channel;
            this.lock = lock;
            this.previousHolder = previousHolder;
        }

        /** A run that took the lock before and ended without releasing it (it died), if any. */
        public Optional<String> previousHolder() {
            return previousHolder;
        }

        @Override
        public void close() {
            try {
                channel.truncate(0);
            } catch (IOException e) {
                // A full disk may refuse even this; the lock goes with the channel anyway.
            }
            try {
                lock.release();
            } catch (IOException e) {
                // Released when the channel closes.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }

    /** Snapshot folders of an application, oldest first, complete or not. */
    public List<Path> snapshotDirs(Path appDir) throws EngineException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(appDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(appDir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)
                        && ID_PATTERN.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new EngineException("Could not list " + appDir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /** Whether a snapshot folder is complete: it has its manifest. */
    public static boolean complete(Path snapshotDir) {
        return Files.isRegularFile(snapshotDir.resolve(MANIFEST));
    }

    /** The newest complete snapshot of an application. */
    public Optional<Path> latestComplete(Path appDir) throws EngineException {
        List<Path> all = snapshotDirs(appDir);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (complete(all.get(i))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest incomplete snapshot newer than every complete one: what a failed run left to finish. */
    public Optional<Path> resumable(Path appDir) throws EngineException {
        List<Path> all = snapshotDirs(appDir);
        if (!all.isEmpty() && !complete(all.get(all.size() - 1))) {
            return Optional.of(all.get(all.size() - 1));
        }
        return Optional.empty();
    }

    /** Every complete snapshot in the store, oldest first per application. */
    public List<Path> allComplete() throws EngineException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> hosts = Files.list(root)) {
            for (Path h : hosts.sorted().toList()) {
                if (!Files.isDirectory(h)) {
                    continue;
                }
                try (Stream<Path> apps = Files.list(h)) {
                    for (Path a : apps.sorted().toList()) {
                        for (Path s : snapshotDirs(a)) {
                            if (complete(s)) {
                                out.add(s);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new EngineException("Could not list the store " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Finds a snapshot by folder path or by the id {@code snapshots} prints ({@code HOST/APP/ID} or a unique ID). */
    public Path resolve(String snapshot) throws EngineException {
        Path p = Path.of(snapshot);
        if (Files.isDirectory(p) && complete(p)) {
            return p.toAbsolutePath().normalize();
        }
        Path inStore = root.resolve(snapshot);
        if (Files.isDirectory(inStore) && complete(inStore)) {
            return inStore;
        }
        List<Path> matches = allComplete().stream()
                .filter(s -> s.getFileName().toString().equals(snapshot))
                .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new UnknownSnapshotException(
                    "Several snapshots have the id " + snapshot + ": give HOST/APP/" + snapshot + ".");
        }
        if (Files.isDirectory(p)) {
            throw new UnknownSnapshotException(snapshot + " is not a complete snapshot (it has no " + MANIFEST + ").");
        }
        throw new UnknownSnapshotException(
                "No snapshot " + snapshot + " in " + root + " ('lifeboat snapshots --store " + root + "' lists them).");
    }

    /** The id {@code snapshots} prints for a snapshot folder: {@code HOST/APP/ID}. */
    public String idOf(Path snapshotDir) {
        Path abs = snapshotDir.toAbsolutePath().normalize();
        // A snapshot folder outside this store (named by its path) is named by its path again, not by ../../..
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /**
     * Reads a snapshot's manifest. Its {@code format} is checked first: a newer format than this Lifeboat reads is
     * refused with what to do; fields this version does not know are ignored (adding one is a compatible change,
     * docs/snapshot-format.md).
     */
    public static Manifest readManifest(Path snapshotDir) throws EngineException {
        JsonNode tree;
        try {
            tree = JSON.readTree(snapshotDir.resolve(MANIFEST).toFile());
        } catch (IOException e) {
            throw new EngineException("Could not read the manifest of " + snapshotDir + ": " + e.getMessage(), e);
        }
        JsonNode format = tree == null ? null : tree.get("format");
        if (format == null || !format.canConvertToInt() || format.asInt() < 1) {
            throw new EngineException("The manifest of " + snapshotDir + " is not a Lifeboat manifest (it says no"
                    + " format): the snapshot cannot be read.");
        }
        if (format.asInt() > Manifest.FORMAT) {
            throw new EngineException("The snapshot " + snapshotDir + " was written by a newer Lifeboat (snapshot"
                    + " format " + format.asInt() + "; this Lifeboat reads format " + Manifest.FORMAT + " and older):"
                    + " install a newer Lifeboat to read it.");
        }
        try {
            return JSON.treeToValue(tree, Manifest.class);
        } catch (IOException e) {
            throw new EngineException("Could not read the manifest of " + snapshotDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes everything of a snapshot durable before its manifest is written: the copied files (rsync does not sync),
     * the index, the dumps. Uses {@code sync -f} (syncfs of the store's filesystem).
     */
    public static void syncToDisk(Path snapshotDir) throws EngineException {
        try {
            Process p = new ProcessBuilder("sync", "-f", snapshotDir.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("sync -f failed");
            }
        } catch (IOException e) {
            throw new EngineException("Could not flush the snapshot " + snapshotDir + " to disk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.lifeboat.engine.CancelledException("Interrupted while flushing the snapshot to disk.");
        }
    }

    /** Writes the manifest (to a temp file first, then renamed: the snapshot becomes complete in one step). */
    public static void writeManifest(Path snapshotDir, Manifest m) throws EngineException {
        Path tmp = snapshotDir.resolve(MANIFEST + ".partial");
        try {
            JSON.writeValue(tmp.toFile(), m);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, snapshotDir.resolve(MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(snapshotDir, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some filesystems cannot sync a folder; the rename is as durable as they make it.
            }
        } catch (IOException e) {
            throw new EngineException("Could not write the manifest of " + snapshotDir + ": " + e.getMessage(), e);
        }
    }

    /** Removes a snapshot folder (its files may be read-only copies: made writable first). */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        p.toFile().setWritable(true, true);
                    }
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Checks that the store's filesystem keeps user xattrs, which hold the server's owners, modes and ACLs when the
     * local user is not root (rsync {@code --fake-super}). FAT/exFAT disks and some NFS mounts do not.
     */
    public void checkXattrs() throws EngineException {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".xattr-probe-", "");
            try {
                UserDefinedFileAttributeView v = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
                if (v == null) {
                    throw new EngineException("The snapshot store " + root + " cannot keep file owners and modes"
                            + " (no extended attributes on this filesystem). Use a store on ext4, xfs or btrfs.");
                }
                v.write("lifeboat.probe", StandardCharsets.UTF_8.encode("1"));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new EngineException(
                    "The snapshot store " + root + " cannot keep file owners and modes (user xattrs:" + " "
                            + e.getMessage() + "). Use a store on ext4, xfs or btrfs.",
                    e);
        }
    }

    static String safe(String s) {
        return SAFE.matcher(s).replaceAll("_");
    }
}
