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
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
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
            throw new EngineException("Could not lock the snapshot folder " + appDir + ": " + why(e), e);
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

    /** Snapshot folders of an application, oldest first, whatever their state (see {@link #list}). */
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
            throw new EngineException("Could not list " + appDir + ": " + why(e), e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /**
     * Whether a snapshot folder has its manifest file, i.e. was completed once. It may be damaged since: {@link
     * #inspect} tells its state.
     */
    public static boolean complete(Path snapshotDir) {
        return Files.isRegularFile(snapshotDir.resolve(MANIFEST));
    }

    /**
     * The state of one snapshot folder (docs/snapshot-format.md, "Complete, incomplete or damaged"): its manifest is
     * read, and what it lists is checked without reading the contents of files and dumps (each dump there with its
     * size; the index whole and matching the manifest's digests; every copied entry there with its type, size, owner
     * and mode), and its last verification must not have failed. Reads the disk (a walk of the copied trees); never
     * throws: what cannot be read is damage, with the reason.
     */
    public static SnapshotFolder inspect(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        try {
            Files.readAttributes(manifest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            List<String> once = completedOnce(dir);
            if (once.isEmpty()) {
                return new SnapshotFolder(dir, SnapshotFolder.State.INCOMPLETE, null, List.of());
            }
            return new SnapshotFolder(
                    dir,
                    SnapshotFolder.State.DAMAGED,
                    null,
                    List.of(MANIFEST + " is missing, yet the snapshot was complete (" + String.join(", ", once) + ")"));
        } catch (IOException e) {
            return new SnapshotFolder(
                    dir, SnapshotFolder.State.DAMAGED, null, List.of("the folder cannot be read: " + why(e)));
        }
        Manifest m;
        try {
            m = parseManifest(dir);
        } catch (UnreadableManifest e) {
            return new SnapshotFolder(
                    dir, SnapshotFolder.State.DAMAGED, null, List.of(MANIFEST + " " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (m.application() == null || m.components() == null || m.dumps() == null) {
            return new SnapshotFolder(
                    dir,
                    SnapshotFolder.State.DAMAGED,
                    m,
                    List.of(MANIFEST + " lacks what a restore needs (application, components or dumps)"));
        }
        try {
            problems.addAll(Verifier.structure(dir, m));
        } catch (EngineException | RuntimeException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            StoreStats.lastVerification(dir)
                    .filter(v -> !v.ok())
                    .ifPresent(v -> problems.add("its last"
                            + " verification (" + v.at() + ") failed"
                            + (v.problems().isEmpty()
                                    ? ": 'lifeboat verify' names what differs"
                                    : ": " + String.join("; ", v.problems()))));
        }
        return new SnapshotFolder(
                dir, problems.isEmpty() ? SnapshotFolder.State.COMPLETE : SnapshotFolder.State.DAMAGED, m, problems);
    }

    /**
     * What shows that a folder without its manifest had one: a verification or a drill (made only of complete
     * snapshots), or a later snapshot of the application whose files are hard-linked to it ({@code previous}).
     */
    private static List<String> completedOnce(Path dir) {
        List<String> signs = new ArrayList<>();
        StoreStats.lastVerified(dir).ifPresent(v -> signs.add("verified " + v));
        DrillRecord.read(dir).ifPresent(d -> signs.add("drilled " + d.at()));
        if (Files.isRegularFile(dir.resolve(DrillRecord.FILE))
                && DrillRecord.read(dir).isEmpty()) {
            signs.add("drilled");
        }
        String id = dir.getFileName().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.getParent())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.compareTo(id) > 0
                        && ID_PATTERN.matcher(n).matches()
                        && Files.isRegularFile(p.resolve(MANIFEST))) {
                    try {
                        if (id.equals(readManifest(p).previous())) {
                            signs.add("the later snapshot " + n + " is hard-linked to it");
                        }
                    } catch (EngineException e) {
                        // That one is damaged itself; it shows nothing about this one.
                    }
                }
            }
        } catch (IOException e) {
            // The application's folder cannot be listed: no sign from there.
        }
        return signs;
    }

    /** Every snapshot folder of an application with its state, oldest first (each one {@link #inspect}ed). */
    public List<SnapshotFolder> list(Path appDir) throws EngineException {
        List<SnapshotFolder> out = new ArrayList<>();
        for (Path p : snapshotDirs(appDir)) {
            out.add(inspect(p));
        }
        return out;
    }

    /**
     * Every snapshot folder in the store with its state, oldest first per application. An application's or a host's
     * folder that cannot be listed is one damaged entry of its own (its path), so that nothing is left out silently.
     *
     * @throws EngineException when the store's own folder cannot be listed (it says why)
     */
    public List<SnapshotFolder> listAll() throws EngineException {
        List<SnapshotFolder> out = new ArrayList<>();
        for (Path a : appDirs(out)) {
            try {
                out.addAll(list(a));
            } catch (EngineException e) {
                out.add(new SnapshotFolder(a, SnapshotFolder.State.DAMAGED, null, List.of(e.getMessage())));
            }
        }
        return out;
    }

    /** Every application folder of the store; a host folder that cannot be listed goes to {@code unreadable}. */
    private List<Path> appDirs(List<SnapshotFolder> unreadable) throws EngineException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> hosts;
        try (Stream<Path> s = Files.list(root)) {
            hosts = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException(
                    "Could not list the snapshot store " + root + ": "
                            + why(e instanceof UncheckedIOException u ? u.getCause() : e),
                    e);
        }
        for (Path h : hosts) {
            try (Stream<Path> apps = Files.list(h)) {
                out.addAll(apps.filter(Files::isDirectory).sorted().toList());
            } catch (IOException | UncheckedIOException e) {
                unreadable.add(new SnapshotFolder(
                        h,
                        SnapshotFolder.State.DAMAGED,
                        null,
                        List.of("the folder cannot be listed: "
                                + why(e instanceof UncheckedIOException u ? u.getCause() : e))));
            }
        }
        return out;
    }

    /** The newest complete snapshot of an application (a damaged one is passed over). */
    public Optional<Path> latestComplete(Path appDir) throws EngineException {
        List<Path> all = snapshotDirs(appDir);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (inspect(all.get(i)).complete()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The newest snapshot folder when it is incomplete: what a failed run left to finish. A damaged one is never taken
     * over (its missing manifest was once there).
     */
    public Optional<Path> resumable(Path appDir) throws EngineException {
        List<Path> all = snapshotDirs(appDir);
        if (!all.isEmpty() && inspect(all.get(all.size() - 1)).incomplete()) {
            return Optional.of(all.get(all.size() - 1));
        }
        return Optional.empty();
    }

    /** Every complete snapshot in the store, oldest first per application (damaged and incomplete ones left out). */
    public List<Path> allComplete() throws EngineException {
        return listAll().stream()
                .filter(SnapshotFolder::complete)
                .map(SnapshotFolder::path)
                .toList();
    }

    /**
     * Finds a snapshot to restore or drill by folder path or by the id {@code snapshots} prints ({@code HOST/APP/ID} or
     * a unique ID). A damaged one is refused with the reason ({@link DamagedSnapshotException}), an incomplete one or
     * none as unknown ({@link UnknownSnapshotException}).
     */
    public Path resolve(String snapshot) throws EngineException {
        SnapshotFolder f = find(snapshot);
        requireComplete(f, snapshot);
        return f.path();
    }

    /**
     * Finds a snapshot that is complete or damaged (what {@code verify} checks), by folder path or by the id {@code
     * snapshots} prints; an incomplete one or none is unknown ({@link UnknownSnapshotException}).
     */
    public SnapshotFolder find(String snapshot) throws EngineException {
        Path folder = null;
        Path p = Path.of(snapshot);
        Path inStore = root.resolve(snapshot);
        if (Files.isDirectory(p)
                && (Files.exists(p.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS) || looksLikeSnapshot(p))) {
            folder = p.toAbsolutePath().normalize();
        } else if (Files.isDirectory(inStore) && looksLikeSnapshot(inStore)) {
            folder = inStore;
        } else {
            List<Path> matches = new ArrayList<>();
            if (ID_PATTERN.matcher(snapshot).matches()) {
                for (Path a : appDirs(new ArrayList<>())) {
                    Path s = a.resolve(snapshot);
                    // A run that did not finish under the same id elsewhere does not make the id ambiguous.
                    if (Files.isDirectory(s) && !inspect(s).incomplete()) {
                        matches.add(s);
                    }
                }
            }
            if (matches.size() > 1) {
                throw new UnknownSnapshotException(
                        "Several snapshots have the id " + snapshot + ": give HOST/APP/" + snapshot + ".");
            }
            if (matches.isEmpty()) {
                throw new UnknownSnapshotException("No snapshot " + snapshot + " in " + root
                        + " ('lifeboat snapshots --store " + root + "' lists them).");
            }
            folder = matches.get(0);
        }
        SnapshotFolder f = inspect(folder);
        if (f.incomplete()) {
            throw new UnknownSnapshotException(snapshot + " is not a complete snapshot (it has no " + MANIFEST + ": "
                    + SnapshotFolder.INCOMPLETE_REASON + ").");
        }
        return f;
    }

    /**
     * Refuses a snapshot folder that is not complete, before anything is changed: a damaged one with the reason and
     * what to do ({@link DamagedSnapshotException}), an incomplete one as unknown.
     */
    public static SnapshotFolder requireComplete(Path snapshotDir) throws EngineException {
        SnapshotFolder f = inspect(snapshotDir);
        requireComplete(f, snapshotDir.toString());
        return f;
    }

    private static void requireComplete(SnapshotFolder f, String named) throws EngineException {
        if (f.damaged()) {
            throw new DamagedSnapshotException("The snapshot " + named + " is damaged: "
                    + f.reason().replaceAll("\\.$", "") + ". Lifeboat"
                    + " does not restore or drill a damaged snapshot; nothing was changed. Choose another one"
                    + " ('lifeboat snapshots' lists them with their state); 'lifeboat verify " + named
                    + "' names everything that differs.");
        }
        if (f.incomplete()) {
            throw new UnknownSnapshotException(named + " is not a complete snapshot (it has no " + MANIFEST + ": "
                    + SnapshotFolder.INCOMPLETE_REASON + ").");
        }
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
        try {
            return parseManifest(snapshotDir);
        } catch (UnreadableManifest e) {
            throw new EngineException(e.sentence(snapshotDir), e.getCause());
        }
    }

    /** Why a manifest cannot be read, in a phrase that follows "manifest.json" (or "The manifest of DIR"). */
    private static final class UnreadableManifest extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean newer;

        UnreadableManifest(String phrase, Throwable cause, boolean newer) {
            super(phrase, cause);
            this.newer = newer;
        }

        String sentence(Path dir) {
            return newer
                    ? "The snapshot " + dir + " " + getMessage()
                    : "The manifest of " + dir + " " + getMessage() + ": the snapshot cannot be read.";
        }
    }

    private static Manifest parseManifest(Path snapshotDir) throws UnreadableManifest {
        JsonNode tree;
        try {
            tree = JSON.readTree(snapshotDir.resolve(MANIFEST).toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableManifest(
                    "is not valid JSON (cut short or garbled: "
                            + e.getOriginalMessage().replaceAll("\\s+", " ") + ")",
                    e,
                    false);
        } catch (IOException e) {
            throw new UnreadableManifest("cannot be read (" + why(e) + ")", e, false);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new UnreadableManifest("is empty (cut short)", null, false);
        }
        JsonNode format = tree.get("format");
        if (format == null || !format.canConvertToInt() || format.asInt() < 1) {
            throw new UnreadableManifest("is not a Lifeboat manifest (it says no format)", null, false);
        }
        if (format.asInt() > Manifest.FORMAT) {
            throw new UnreadableManifest(
                    "was written by a newer Lifeboat (snapshot format " + format.asInt() + "; this Lifeboat reads"
                            + " format " + Manifest.FORMAT + " and older): install a newer Lifeboat to read it.",
                    null,
                    true);
        }
        try {
            return JSON.treeToValue(tree, Manifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableManifest(
                    "does not have the fields of a Lifeboat manifest ("
                            + e.getOriginalMessage().replaceAll("\\s+", " ") + ")",
                    e,
                    false);
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
            throw new EngineException("Could not write the manifest of " + snapshotDir + ": " + why(e), e);
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

    private static boolean looksLikeSnapshot(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name != null && ID_PATTERN.matcher(name.toString()).matches();
    }

    /**
     * Checks that a backup can write here, before it starts: the folder is made if needed, and a small file is
     * written, flushed and removed. Says why not — permission denied (who owns it, who Lifeboat runs as), a read-only
     * filesystem, a full disk — and what to do.
     */
    public void checkWritable() throws EngineException {
        Path probe = null;
        try {
            Files.createDirectories(root);
            probe = Files.createTempFile(root, ".write-probe-", "");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(WRITE_PROBE_BYTES);
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new EngineException(unusable(e), e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // A probe that cannot be removed is a hidden empty-ish file; the next check makes another.
                }
            }
        }
    }

    /** What {@link #checkWritable} writes: enough to meet a disk that is full to the last block. */
    static final int WRITE_PROBE_BYTES = 64 * 1024;

    /** Why this store cannot be written, and what to do, for an error met while writing into it. */
    public String unusable(Throwable e) {
        String reason = reason(e);
        String where = mountOf(root);
        if (isPermission(e, reason)) {
            // The folder that refused (a file that was to be made there does not exist).
            Path denied =
                    existing(e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : root);
            return "The snapshot store " + root + " cannot be written: permission denied on " + denied + " ("
                    + ownerAndMode(denied) + "; Lifeboat runs as " + System.getProperty("user.name") + "). Give "
                    + System.getProperty("user.name") + " write access to it (e.g. sudo chown -R "
                    + System.getProperty("user.name") + " " + root + ") or choose another store with --store DIR.";
        }
        if (reason.contains("Read-only file system")) {
            return "The snapshot store " + root + " is on a read-only filesystem"
                    + (where.isEmpty() ? "" : " (" + where + ")")
                    + ": its snapshots can be listed, verified and restored, but no backup can be written"
                    + " there. Remount it read-write (e.g. sudo mount -o remount,rw " + (where.isEmpty() ? root : where)
                    + ") or choose another store with --store DIR.";
        }
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return "The snapshot store " + root + " is full (" + freeOn(root) + (where.isEmpty() ? "" : " on " + where)
                    + (reason.contains("quota") ? ", your disk quota is used up" : "") + "): no backup can be"
                    + " written there. Free some space (the oldest snapshots: 'lifeboat snapshots --store " + root
                    + "' lists them) or choose another store with --store DIR.";
        }
        return "The snapshot store " + root + " cannot be used: " + why(e) + ". Choose another store with --store DIR.";
    }

    /**
     * Why a file operation in a store failed, in a few words a person can act on: permission denied, read-only
     * filesystem, the disk full, or the system's own words with the file.
     */
    public static String why(Throwable e) {
        String reason = reason(e);
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String on = file == null ? "" : " (" + file + ")";
        if (isPermission(e, reason)) {
            return "permission denied" + on;
        }
        if (reason.contains("Read-only file system")) {
            return "the filesystem is read-only" + on;
        }
        if (reason.contains("No space left on device")) {
            return "the disk is full" + on;
        }
        if (reason.contains("Disk quota exceeded")) {
            return "the disk quota is used up" + on;
        }
        if (e instanceof NoSuchFileException) {
            return "no such file" + on;
        }
        return file == null || reason.contains(file) ? reason : file + ": " + reason;
    }

    private static String reason(Throwable e) {
        String r = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return r == null ? e.getClass().getSimpleName() : r;
    }

    private static boolean isPermission(Throwable e, String reason) {
        return e instanceof AccessDeniedException
                || reason.contains("Permission denied")
                || reason.contains("Operation not permitted");
    }

    /** The nearest folder that exists at or above {@code p}. */
    private static Path existing(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q, LinkOption.NOFOLLOW_LINKS)) {
            q = q.getParent();
        }
        return q == null ? p.toAbsolutePath().getRoot() : q;
    }

    /** E.g. {@code owner root, mode rwxr-xr-x}, of an existing file. */
    private static String ownerAndMode(Path q) {
        try {
            return "owner " + Files.getOwner(q).getName() + ", mode "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(q));
        } catch (IOException | UnsupportedOperationException e) {
            return "its owner and mode cannot be read";
        }
    }

    /**
     * The mount point of the filesystem {@code p} is on, e.g. {@code /mnt/backup}: the longest mount point of {@code
     * /proc/self/mountinfo} above it (also a bind mount's, which the JDK's file store misses); empty when unknown.
     */
    private static String mountOf(Path p) {
        Path q;
        try {
            q = existing(p).toRealPath();
        } catch (IOException e) {
            q = existing(p);
        }
        String best = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String mount =
                            f[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
                    if (q.startsWith(Path.of(mount)) && mount.length() >= best.length()) {
                        best = mount;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): the JDK's guess below.
        }
        if (!best.isEmpty()) {
            return best;
        }
        try {
            String s = Files.getFileStore(q).toString(); // "MOUNTPOINT (DEVICE)" on Linux
            int paren = s.lastIndexOf(" (");
            return paren > 0 ? s.substring(0, paren) : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** E.g. {@code 0 B free of 1.0 MB}. */
    private static String freeOn(Path p) {
        try {
            FileStore fs = Files.getFileStore(existing(p));
            return dev.lifeboat.engine.model.ByteSizes.human(fs.getUsableSpace()) + " free of "
                    + dev.lifeboat.engine.model.ByteSizes.human(fs.getTotalSpace());
        } catch (IOException e) {
            return "free space unknown";
        }
    }

    static String safe(String s) {
        return SAFE.matcher(s).replaceAll("_");
    }
}
