package dev.lifeboat.engine.store;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Re-checks a snapshot against its manifest: every dump's sha256, and every copied tree entry by entry against {@code
 * files.index} (contents, sizes, owners and modes, what is missing or extra), the index itself against the manifest's
 * digest of each tree. {@link #verify} reads every byte; the store's structural check ({@link #structure}) does the
 * same without reading the contents of files and dumps (sizes, types, owners and modes, the index), for the listings.
 */
public final class Verifier {
    private static final int MAX_REPORTED = 50;

    private Verifier() {}

    /**
     * What a verification found.
     *
     * @param problems what differs, for people; empty when the snapshot is intact
     * @param files regular files checked
     * @param bytes bytes read
     * @param dumps dumps checked
     * @param warnings what went wrong beside the check itself (e.g. the result could not be recorded in a read-only
     *     store); never makes the snapshot fail
     */
    public record Result(List<String> problems, long files, long bytes, int dumps, List<String> warnings) {
        public Result {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        /** A result without warnings. */
        public Result(List<String> problems, long files, long bytes, int dumps) {
            this(problems, files, bytes, dumps, List.of());
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        /** The same result with one more warning. */
        public Result withWarning(String warning) {
            List<String> w = new ArrayList<>(warnings);
            w.add(warning);
            return new Result(problems, files, bytes, dumps, w);
        }
    }

    /**
     * Reads every dump and every copied file and compares them with the manifest and the index. A manifest that cannot
     * be read, a missing or damaged index and a missing dump are problems of the result, not exceptions: a damaged
     * snapshot verifies as failed, with the reason.
     *
     * @throws CancelledException when {@code cancel} fires
     * @throws EngineException when the snapshot's folder cannot be read at all
     */
    public static Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException {
        Manifest m;
        try {
            m = SnapshotStore.readManifest(snapshot);
        } catch (EngineException e) {
            // The store's words for it (e.g. a missing manifest of a snapshot that was complete), else the reader's.
            SnapshotFolder f = SnapshotStore.inspect(snapshot);
            return new Result(f.damaged() ? f.problems() : List.of(e.getMessage()), 0, 0, 0);
        }
        return check(snapshot, m, true, bytesRead, cancel);
    }

    /**
     * The structural check: what {@link #verify} checks except the contents of files and dumps, which it does not read
     * (a dump's size, a file's type, size, owner and mode and presence, the index against the manifest). A change that
     * keeps a file's size is found by {@link #verify} only.
     */
    static List<String> structure(Path snapshot, Manifest m) throws EngineException {
        return check(snapshot, m, false, b -> {}, CancelToken.NONE).problems();
    }

    private static Result check(Path snapshot, Manifest m, boolean contents, LongConsumer bytesRead, CancelToken cancel)
            throws EngineException {
        List<String> problems = new ArrayList<>();
        long[] totals = new long[2];
        int dumps = 0;
        for (Manifest.DumpEntry d : m.dumps() == null ? List.<Manifest.DumpEntry>of() : m.dumps()) {
            dumps++;
            Path f = snapshot.resolve("dumps").resolve(d.file());
            if (!Files.isRegularFile(f)) {
                problems.add("dump missing: dumps/" + d.file());
                continue;
            }
            try {
                long size = Files.size(f);
                if (contents) {
                    String sha = TreeIndex.hashFile(f);
                    totals[1] += size;
                    bytesRead.accept(totals[1]);
                    if (!sha.equals(d.sha256())) {
                        problems.add("dump changed: dumps/" + d.file() + " (sha256 " + sha + ", manifest " + d.sha256()
                                + ")");
                    }
                } else if (size != d.bytes()) {
                    problems.add("dump changed: dumps/" + d.file() + " has " + size + " bytes, the manifest says "
                            + d.bytes());
                }
            } catch (IOException e) {
                problems.add("dump unreadable: dumps/" + d.file() + ": " + e.getMessage());
            }
            if (cancel.isCancelled()) {
                throw new CancelledException("Verification cancelled.");
            }
        }
        List<Manifest.ComponentEntry> roots = (m.components() == null
                        ? List.<Manifest.ComponentEntry>of()
                        : m.components())
                .stream()
                        .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null)
                        .toList();
        Path index = snapshot.resolve(SnapshotStore.INDEX);
        if (roots.isEmpty()) {
            return new Result(problems, totals[0], totals[1], dumps);
        }
        if (!Files.isRegularFile(index)) {
            problems.add(SnapshotStore.INDEX + " is missing: the copied files cannot be checked");
            return new Result(problems, totals[0], totals[1], dumps);
        }
        Path files = snapshot.resolve("files");
        Trees trees = new Trees(contents);
        try (BufferedReader r = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            IndexLines lines = new IndexLines(r.lines().iterator());
            for (Manifest.ComponentEntry c : roots) {
                if (cancel.isCancelled()) {
                    throw new CancelledException("Verification cancelled.");
                }
                String root = c.path().replaceFirst("^/+", "");
                lines.startTree();
                List<String> found = new ArrayList<>();
                TreeIndex.EntrySink sink = actual -> {
                    TreeIndex.Entry expected = lines.next(root);
                    if (actual.type() == 'f' && contents) {
                        totals[0]++;
                        totals[1] += actual.size();
                        bytesRead.accept(totals[1]);
                    } else if (actual.type() == 'f') {
                        totals[0]++;
                    }
                    trees.compare(expected, actual, lines, root, found);
                };
                if (contents) {
                    TreeIndex.rewalk(files, root, sink);
                } else {
                    TreeIndex.scan(files, root, sink);
                }
                // Entries the index has that the tree no longer has.
                TreeIndex.Entry rest;
                while ((rest = lines.next(root)) != null) {
                    found.add("missing: " + rest.path());
                }
                String indexProblem = lines.endTree(c);
                if (indexProblem != null) {
                    // What the tree holds cannot be told from an index that is not the one the backup wrote: the
                    // entries past a cut would all look added. Say the one thing that is known.
                    problems.add(indexProblem);
                } else {
                    found.forEach(p -> report(problems, p));
                }
            }
        } catch (IOException e) {
            throw new EngineException("Could not read " + snapshot + ": " + SnapshotStore.why(e), e);
        } catch (UncheckedIOException e) {
            throw new EngineException("Could not read " + snapshot + ": " + SnapshotStore.why(e.getCause()), e);
        }
        trees.lostXattrs(contents && problems.isEmpty()).ifPresent(problems::add);
        return new Result(problems, totals[0], totals[1], dumps);
    }

    /** The index's lines, one tree after the other, each tree's lines hashed as they are read. */
    private static final class IndexLines {
        private final Iterator<String> lines;
        private String pending;
        private boolean pendingHashed;
        private long lineNo;
        private long brokenLine;
        private MessageDigest digest;

        IndexLines(Iterator<String> lines) {
            this.lines = lines;
        }

        void startTree() {
            digest = TreeIndex.sha256();
            brokenLine = 0;
        }

        /** The next entry of this root, or null when the index has no more of it (the line is kept for later). */
        TreeIndex.Entry next(String root) {
            while (true) {
                String line = pending;
                boolean hashed = line != null && pendingHashed;
                if (line == null && lines.hasNext()) {
                    line = lines.next();
                    lineNo++;
                }
                if (line == null) {
                    return null;
                }
                TreeIndex.Entry e;
                try {
                    e = TreeIndex.Entry.parse(line);
                } catch (IllegalArgumentException x) {
                    // A line cut short or garbled: it belongs to the tree being read, whose index is then damaged.
                    pending = null;
                    if (brokenLine == 0) {
                        brokenLine = lineNo;
                    }
                    digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                if (e.path().equals(root) || e.path().startsWith(root + "/")) {
                    pending = null;
                    if (!hashed) {
                        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    return e;
                }
                pending = line;
                pendingHashed = false;
                return null;
            }
        }

        /** Puts back an entry {@link #next} gave (it belongs to a later entry of the tree); it is not hashed again. */
        void putBack(TreeIndex.Entry e) {
            pending = e.line();
            pendingHashed = true;
        }

        /** Null when this tree's lines are the ones the backup wrote (its digest in the manifest), else why not. */
        String endTree(Manifest.ComponentEntry c) {
            String expected = c.digest();
            String actual = TreeIndex.hex(digest.digest());
            if (brokenLine > 0) {
                return SnapshotStore.INDEX + " is damaged at line " + brokenLine + " (cut short or garbled): the files"
                        + " of " + c.path() + " cannot be checked against it";
            }
            if (expected != null && !expected.isBlank() && !expected.equals(actual)) {
                return SnapshotStore.INDEX + " does not match the manifest for " + c.path() + " (cut short or changed"
                        + " after the backup): the files of " + c.path() + " cannot be checked against it";
            }
            return null;
        }
    }

    /** Compares a tree's entries with its index lines; counts the owners and modes a copy without xattrs lost. */
    private static final class Trees {
        private final boolean contents;
        private long lost;
        private String lostExample;

        Trees(boolean contents) {
            this.contents = contents;
        }

        void compare(
                TreeIndex.Entry expectedFirst,
                TreeIndex.Entry actual,
                IndexLines lines,
                String root,
                List<String> problems) {
            TreeIndex.Entry e = expectedFirst;
            while (true) {
                if (e == null) {
                    problems.add("not in the index (added after the backup): " + actual.path());
                    return;
                }
                int order = WalkOrder.compare(e.path(), actual.path());
                if (order == 0) {
                    same(e, actual, problems);
                    return;
                }
                if (order > 0) {
                    // The index's entry comes later: this one is extra; keep the index line for the next entry.
                    lines.putBack(e);
                    problems.add("not in the index (added after the backup): " + actual.path());
                    return;
                }
                problems.add("missing: " + e.path());
                e = lines.next(root);
            }
        }

        private void same(TreeIndex.Entry e, TreeIndex.Entry a, List<String> problems) {
            boolean xattrsLost = !e.meta().startsWith("local ") && a.meta().startsWith("local ");
            if (xattrsLost) {
                // rsync --fake-super keeps the server's owner and mode (and a symlink's or a device's type) in
                // user.rsync.%stat; a copy without xattrs (cp -r) leaves plain files of this computer's user.
                lost++;
                if (lostExample == null) {
                    lostExample = a.path();
                }
                boolean plainNow = a.type() == 'f' && (e.type() == 'l' || e.type() == 'o');
                if (e.type() != a.type() && !plainNow) {
                    problems.add("changed type: " + a.path());
                } else if (e.type() == 'f' && e.size() != a.size()) {
                    problems.add("changed content: " + a.path());
                } else if ((e.type() == 'f' || e.type() == 'l')
                        && readable(a)
                        && !e.sha256().equals(a.sha256())) {
                    // A symlink kept as a file holds its target: its digest is the link's.
                    problems.add("changed content: " + a.path());
                }
                return;
            }
            if (e.type() != a.type()) {
                problems.add("changed type: " + a.path());
            } else if (e.size() != a.size() || (readable(a) && !e.sha256().equals(a.sha256()))) {
                problems.add("changed content: " + a.path());
            } else if (!e.meta().equals(a.meta())) {
                problems.add("changed owner or mode: " + a.path() + " (" + a.meta() + ", index " + e.meta() + ")");
            }
        }

        private boolean readable(TreeIndex.Entry a) {
            return contents && !TreeIndex.UNREAD.equals(a.sha256());
        }

        /** The one problem for every entry whose owner and mode were lost, if any; {@code intact}: nothing else is. */
        java.util.Optional<String> lostXattrs(boolean intact) {
            if (lost == 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("owners and modes lost: " + lost + (lost == 1 ? " entry has" : " entries have")
                    + " no user.rsync.%stat extended attribute (e.g. " + lostExample + "), as when the snapshot folder"
                    + " is copied without its extended attributes (cp -r): a restore would give them this computer's"
                    + " owner and mode instead of the server's. Copy the folder again from the original with cp -a or"
                    + " rsync -aHAX" + (intact ? " (every file's content matches the index)" : ""));
        }
    }

    private static void report(List<String> problems, String p) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(p);
        } else if (problems.size() == MAX_REPORTED) {
            problems.add("... and more");
        }
    }
}
