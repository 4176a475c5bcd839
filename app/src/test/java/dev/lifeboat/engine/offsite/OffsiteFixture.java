package dev.lifeboat.engine.offsite;

import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.config.OffsiteRepository;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Offsite;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.TreeIndex;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One computer of the off-site tests: its own config folder and snapshot store (LIFEBOAT_HOME), a Lifeboat over them,
 * a password file, and snapshots made as a backup makes them — files under {@code files/} with the server's owners and
 * modes in {@code user.rsync.%stat} xattrs, unchanged files hard-linked to the previous snapshot, a zstd dump, {@code
 * files.index}, {@code manifest.json} — so that {@code verify} checks them as it checks real ones.
 */
public final class OffsiteFixture {
    public static final String HOST = "10.200.100.10";
    public static final String APP = HOST + "/papermerge";
    /** What the fixtures' servers had: a file of uid 999, gid 70, mode 640; a folder of root, mode 750. */
    static final String FILE_STAT = "100640 0,0 999:70";

    static final String DIR_STAT = "40750 0,0 0:0";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    public final Path home;
    public final Path store;
    public final Lifeboat lifeboat;
    public final Path passwordFile;

    public OffsiteFixture(Path dir, String computer) throws IOException {
        LocalTools.require("restic", "restic");
        this.home = dir.resolve(computer);
        this.store = home.resolve("snapshots");
        AppDirs dirs = AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home);
        this.lifeboat = new Lifeboat(dirs, new SnapshotStore(store), SshOptions.defaults());
        this.passwordFile = home.resolve("repository-password");
        Files.createDirectories(home);
        writePrivate(passwordFile, "correct horse battery staple " + computer.length());
    }

    Offsite offsite() {
        return lifeboat.offsite();
    }

    /** A repository with this computer's password file and default keep rules. */
    OffsiteRepository repository(String name, String location) {
        return repository(name, location, 7, 4, 6);
    }

    OffsiteRepository repository(String name, String location, int last, int weekly, int monthly) {
        return new OffsiteRepository(
                name,
                location,
                OffsiteRepository.Secret.file(passwordFile),
                null,
                List.of(),
                last,
                weekly,
                monthly,
                List.of());
    }

    /** Adds {@code r} as {@code offsite add} does. */
    void add(OffsiteRepository r, boolean init) throws Exception {
        offsite().add(r, null, null, init, CancelToken.NONE);
    }

    public static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    /**
     * A complete snapshot of {@link #APP} taken at {@code id}: the files (path below /opt/papermerge → content), a dump
     * of {@code dumpBytes} random bytes. Files with the same content as in {@code previous} are hard links to it, as
     * rsync's --link-dest makes them.
     */
    public Path snapshot(String id, Path previous, Map<String, String> files, int dumpBytes) throws Exception {
        return snapshot(id, previous, files, randomBytes(dumpBytes, id.hashCode()));
    }

    public Path snapshot(String id, Path previous, Map<String, String> files, byte[] dump) throws Exception {
        return snapshot(id, previous, files, dump, tree -> {});
    }

    /** The same, with {@code beforeIndex} run on the copied tree before its index is written (the server's state). */
    public Path snapshot(String id, Path previous, Map<String, String> files, byte[] dump, IoConsumer<Path> beforeIndex)
            throws Exception {
        Path snap = store.resolve(APP).resolve(id);
        Path tree = snap.resolve("files/opt/papermerge");
        Files.createDirectories(tree);
        stat(snap.resolve("files/opt"), DIR_STAT);
        stat(tree, DIR_STAT);
        long bytes = 0;
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            Path p = tree.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            if (!p.getParent().equals(tree)) {
                stat(p.getParent(), DIR_STAT);
            }
            Path before = previous == null
                    ? null
                    : previous.resolve("files/opt/papermerge").resolve(f.getKey());
            if (before != null
                    && Files.exists(before)
                    && Files.readString(before).equals(f.getValue())) {
                Files.createLink(p, before);
            } else {
                Files.writeString(p, f.getValue());
                stat(p, FILE_STAT);
            }
            bytes += f.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        beforeIndex.accept(tree);
        TreeIndex.Summary sum;
        try (BufferedWriter out = Files.newBufferedWriter(snap.resolve(SnapshotStore.INDEX))) {
            sum = TreeIndex.write(snap.resolve("files"), "opt/papermerge", null, null, out);
        }
        Files.createDirectories(snap.resolve("dumps"));
        Path dumpFile = snap.resolve("dumps/postgres-pmdb.pgdump.zst");
        Files.write(dumpFile, dump);
        Instant t = LocalDateTime.parse(id, ID).toInstant(ZoneOffset.UTC);
        Manifest m = new Manifest(
                Manifest.FORMAT,
                "Lifeboat test",
                id,
                t.toString(),
                t.plusSeconds(30).toString(),
                new Manifest.Server(HOST, 22, "root", List.of()),
                new Manifest.Application(
                        "papermerge",
                        "Papermerge",
                        null,
                        "3.6.0",
                        "/opt/papermerge",
                        "papermerge",
                        "/opt/papermerge",
                        List.of("docker-compose.yml"),
                        Map.of(),
                        List.of()),
                List.of(new Manifest.ComponentEntry(
                        "/opt/papermerge",
                        "backup",
                        "files",
                        "copy",
                        "copied",
                        null,
                        null,
                        sum.files(),
                        sum.bytes(),
                        sum.digest(),
                        null,
                        "")),
                List.of(new Manifest.DumpEntry(
                        "postgres-pmdb.pgdump.zst",
                        "/opt/papermerge/db",
                        "postgres",
                        "postgresql",
                        "pmdb",
                        "pg_dump-custom",
                        dump.length,
                        dump.length,
                        sha256(dump),
                        Map.of("pmdb.public.documents", 4L))),
                new Manifest.Downtime(t.toString(), t.toString(), 1200, true, List.of("papermerge")),
                List.of(),
                new Manifest.Transfer("test", bytes, 0, files.size(), bytes),
                previous == null ? null : previous.getFileName().toString());
        SnapshotStore.writeManifest(snap, m);
        return snap;
    }

    /** A step on a path that may fail. */
    interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    /** Sets the fake-super xattr that holds the server's type, mode and owner. */
    static void stat(Path p, String value) throws IOException {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
                .write("rsync.%stat", StandardCharsets.UTF_8.encode(value));
    }

    static String readStat(Path p) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        ByteBuffer b = ByteBuffer.allocate(v.size("rsync.%stat"));
        v.read("rsync.%stat", b);
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b); // incompressible: restic's compression cannot shrink it
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
