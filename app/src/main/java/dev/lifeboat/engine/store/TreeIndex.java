package dev.lifeboat.engine.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index of a snapshot's copied files ({@code files.index}, docs/snapshot-format.md): one line per entry, in walk
 * order (depth first, names sorted), with its type, sha256, size, the server's owner and mode (kept by rsync's
 * {@code --fake-super} in the xattr {@code user.rsync.%stat}, with ACLs and xattrs in further {@code user.rsync.*}
 * xattrs) and its path below {@code files/}. A tree's digest is the sha256 of its lines.
 *
 * <p>Streams: one directory's names are in memory at a time, never the whole tree. Files hard-linked to the same file
 * of the previous snapshot (rsync {@code --link-dest}) reuse that snapshot's digest instead of being read again.
 */
public final class TreeIndex {
    static final String STAT_XATTR = "rsync.%stat";
    /** The digest of a regular file that {@link #scan} did not read. */
    static final String UNREAD = "?";

    private static final int BUFFER_BYTES = 256 * 1024;
    /**
     * One read buffer per thread, reused for every file: a new one per file made a backup of 20,000 tiny files
     * allocate 5 GB (1,000,000 files: 250 GB), which an uncapped heap kept as garbage and a capped one spent time
     * collecting (issue 22).
     */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);

    private TreeIndex() {}

    /** What indexing one tree found. */
    public record Summary(long entries, long files, long bytes, long bytesRead, String digest) {}

    /** One index line. */
    public record Entry(char type, String sha256, long size, String meta, String path) {
        String line() {
            return type + "\t" + sha256 + "\t" + size + "\t" + meta + "\t" + escape(path);
        }

        /** Parses one index line; an {@link IllegalArgumentException} for a line that is not one (cut short). */
        static Entry parse(String line) {
            String[] f = line.split("\t", 5);
            if (f.length != 5 || f[0].length() != 1 || "fdlo".indexOf(f[0].charAt(0)) < 0 || f[4].isEmpty()) {
                throw new IllegalArgumentException("not an index line: " + line);
            }
            return new Entry(f[0].charAt(0), f[1], Long.parseLong(f[2]), f[3], unescape(f[4]));
        }
    }

    /**
     * Indexes the tree at {@code filesDir/rel} and appends its lines to {@code out}.
     *
     * @param filesDir the snapshot's {@code files/} folder
     * @param rel the tree's path below it (a server path without its leading slash)
     * @param previousFilesDir the previous snapshot's {@code files/}, or null
     * @param previous the previous snapshot's index lines by path for this tree, or null; see {@link #load}
     */
    public static Summary write(Path filesDir, String rel, Path previousFilesDir, Lookup previous, BufferedWriter out)
            throws IOException {
        MessageDigest tree = sha256();
        long[] counts = new long[4];
        Path root = filesDir.resolve(rel);
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return new Summary(0, 0, 0, 0, hex(tree.digest()));
        }
        walk(
                filesDir,
                root,
                rel,
                previousFilesDir,
                previous,
                entry -> {
                    String line = entry.line();
                    tree.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                    try {
                        out.write(line);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    counts[0]++;
                    if (entry.type() == 'f') {
                        counts[1]++;
                        counts[2] += entry.size();
                    }
                },
                counts,
                true);
        return new Summary(counts[0], counts[1], counts[2], counts[3], hex(tree.digest()));
    }

    /** Receives entries in walk order. */
    interface EntrySink {
        void accept(Entry e);
    }

    /**
     * Looks up the previous snapshot's entry for a path. {@link #write} asks for paths in walk order, each at most
     * once; a lookup may rely on that. Close it when done.
     */
    public interface Lookup extends AutoCloseable {
        Entry get(String path);

        @Override
        default void close() {}
    }

    /**
     * Reads the regular files' entries of one tree from an index file, for {@link #write}. Streams: the index is in
     * walk order and so are the paths {@link #write} asks for, so the lookup reads ahead to the path asked for and
     * holds one entry at a time. (It held the tree's entries in a map before: 400 MB of heap for a tree of a million
     * files, issue 22.) A path the previous index does not have in that order (a damaged line, an index written in
     * another order) is not found, and its file is hashed again: slower, never wrong.
     */
    public static Lookup load(Path indexFile, String rel) throws IOException {
        if (indexFile == null || !Files.isRegularFile(indexFile)) {
            return p -> null;
        }
        return new Cursor(Files.newBufferedReader(indexFile, StandardCharsets.UTF_8), rel);
    }

    /** The previous index read forward, one entry of the tree at a time. */
    private static final class Cursor implements Lookup {
        private final BufferedReader reader;
        private final String rel;
        private Entry current;
        private boolean ended;

        Cursor(BufferedReader reader, String rel) {
            this.reader = reader;
            this.rel = rel;
        }

        @Override
        public Entry get(String path) {
            if (current == null) {
                advance();
            }
            while (current != null && compareWalkOrder(current.path(), path) < 0) {
                advance();
            }
            return current != null && current.path().equals(path) ? current : null;
        }

        /** The next regular file of the tree, or null at the end. */
        private void advance() {
            current = null;
            while (!ended) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    // An index that cannot be read further: the rest of the tree is hashed again.
                    line = null;
                }
                if (line == null) {
                    close();
                    return;
                }
                Entry e;
                try {
                    e = Entry.parse(line);
                } catch (IllegalArgumentException x) {
                    // A damaged line (an index cut short): its file is hashed again instead of reusing a digest.
                    continue;
                }
                if (e.type() == 'f' && (e.path().equals(rel) || e.path().startsWith(rel + "/"))) {
                    current = e;
                    return;
                }
            }
        }

        @Override
        public void close() {
            ended = true;
            try {
                reader.close();
            } catch (IOException e) {
                // Only read from: nothing is lost.
            }
        }
    }

    /**
     * The order of {@link #walk}: depth first, each directory's names sorted as strings. Comparing the paths
     * character by character with {@code /} below every other character gives it (a directory's entries come right
     * after it, before a sibling whose name it begins: {@code a/b} before {@code a-c}).
     */
    static int compareWalkOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return x == '/' ? -1 : y == '/' ? 1 : Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Recomputes the entries of a tree, in the same order {@link #write} wrote them, reading every file. */
    public static void rewalk(Path filesDir, String rel, EntrySink sink) throws IOException {
        Path root = filesDir.resolve(rel);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            walk(filesDir, root, rel, null, null, sink, new long[4], true);
        }
    }

    /**
     * The entries of a tree in the same order, with their types, sizes and owners and modes, without reading regular
     * files: their digest is {@link #UNREAD}. What the store's structural check compares with the index.
     */
    static void scan(Path filesDir, String rel, EntrySink sink) throws IOException {
        Path root = filesDir.resolve(rel);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            walk(filesDir, root, rel, null, null, sink, new long[4], false);
        }
    }

    private static void walk(
            Path filesDir,
            Path p,
            String rel,
            Path prevDir,
            Lookup previous,
            EntrySink sink,
            long[] counts,
            boolean readFiles)
            throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String meta = meta(p, a);
        if (a.isSymbolicLink()) {
            String target = Files.readSymbolicLink(p).toString();
            sink.accept(new Entry('l', hex(sha256().digest(target.getBytes(StandardCharsets.UTF_8))), 0, meta, rel));
        } else if (a.isDirectory()) {
            sink.accept(new Entry('d', "-", 0, meta, rel));
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    names.add(c.getFileName().toString());
                }
            }
            names.sort(null);
            for (String n : names) {
                walk(filesDir, p.resolve(n), rel + "/" + n, prevDir, previous, sink, counts, readFiles);
            }
        } else if (a.isRegularFile() && fakeType(meta) == 'l') {
            // rsync --fake-super keeps a symlink as a regular file holding its target, its real mode in the xattr.
            sink.accept(new Entry('l', hashFile(p), 0, meta, rel));
        } else if (a.isRegularFile() && fakeType(meta) == 'o') {
            // ... and fifos, sockets and devices as empty regular files.
            sink.accept(new Entry('o', "-", 0, meta, rel));
        } else if (a.isRegularFile() && !readFiles) {
            sink.accept(new Entry('f', UNREAD, a.size(), meta, rel));
        } else if (a.isRegularFile()) {
            String digest = reuse(p, a, rel, prevDir, previous);
            if (digest == null) {
                digest = hashFile(p);
                counts[3] += a.size();
            }
            sink.accept(new Entry('f', digest, a.size(), meta, rel));
        } else {
            sink.accept(new Entry('o', "-", 0, meta, rel));
        }
    }

    /** What the server had where fake-super kept a regular file: {@code f}, {@code l} (symlink) or {@code o}. */
    static char fakeType(String meta) {
        if (meta.startsWith("local ")) {
            return 'f';
        }
        int sp = meta.indexOf(' ');
        try {
            int type = Integer.parseInt(sp < 0 ? meta : meta.substring(0, sp), 8) & 0170000;
            return type == 0 || type == 0100000 ? 'f' : type == 0120000 ? 'l' : 'o';
        } catch (NumberFormatException e) {
            return 'f';
        }
    }

    /** The previous snapshot's digest when this file is a hard link to the same file there. */
    private static String reuse(Path p, BasicFileAttributes a, String rel, Path prevDir, Lookup previous) {
        if (prevDir == null || previous == null || a.fileKey() == null) {
            return null;
        }
        Entry e = previous.get(rel);
        if (e == null || e.size() != a.size()) {
            return null;
        }
        try {
            BasicFileAttributes pa =
                    Files.readAttributes(prevDir.resolve(rel), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey().equals(pa.fileKey()) ? e.sha256() : null;
        } catch (IOException x) {
            return null;
        }
    }

    /** The server's mode and owner as rsync's fake-super kept them, plus a digest of the other kept xattrs. */
    static String meta(Path p, BasicFileAttributes a) throws IOException {
        if (a.isSymbolicLink()) {
            return "link";
        }
        String stat = null;
        TreeMap<String, String> others = new TreeMap<>();
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        if (view != null) {
            try {
                for (String name : view.list()) {
                    ByteBuffer buf = ByteBuffer.allocate(view.size(name));
                    view.read(name, buf);
                    buf.flip();
                    String value = HexFormat.of().formatHex(buf.array(), 0, buf.limit());
                    if (name.equals(STAT_XATTR)) {
                        stat = StandardCharsets.UTF_8
                                .decode(ByteBuffer.wrap(buf.array(), 0, buf.limit()))
                                .toString();
                    } else {
                        others.put(name, value);
                    }
                }
            } catch (IOException | UnsupportedOperationException e) {
                // No user xattrs here: only the local mode and owner can be told.
            }
        }
        if (stat == null) {
            stat = localMeta(p);
        }
        if (!others.isEmpty()) {
            MessageDigest d = sha256();
            others.forEach((k, v) -> d.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            stat = stat + " x:" + hex(d.digest()).substring(0, 16);
        }
        return stat.replace('\t', ' ').replace('\n', ' ');
    }

    /** Names of the local users and groups by id: the same for every file, looked up once (each is an NSS call). */
    private static final Map<Integer, String> USERS = new ConcurrentHashMap<>();

    private static final Map<Integer, String> GROUPS = new ConcurrentHashMap<>();

    /** {@code local MODE USER:GROUP} of the store's own file (its permission bits, its owner's and group's names). */
    private static String localMeta(Path p) throws IOException {
        Map<String, Object> u = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) u.get("mode") & 0777;
        String user = USERS.get((Integer) u.get("uid"));
        String group = GROUPS.get((Integer) u.get("gid"));
        if (user == null || group == null) {
            PosixFileAttributes px = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            user = px.owner().getName();
            group = px.group().getName();
            USERS.put((Integer) u.get("uid"), user);
            GROUPS.put((Integer) u.get("gid"), group);
        }
        return "local " + Integer.toOctalString(mode) + " " + user + ":" + group;
    }

    static String hashFile(Path p) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = BUFFER.get();
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return hex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Escapes backslash, tab, newline and carriage return so that every path is one line. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
