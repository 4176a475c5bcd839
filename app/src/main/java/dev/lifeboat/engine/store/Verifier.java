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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Re-checks a complete snapshot against its manifest: every dump's sha256, and every copied tree entry by entry
 * against {@code files.index} (contents, sizes, owners and modes, what is missing or extra). Reads every byte.
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
     */
    public record Result(List<String> problems, long files, long bytes, int dumps) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result verify(Path snapshot, LongConsumer bytesRead, CancelToken cancel) throws EngineException {
        Manifest m = SnapshotStore.readManifest(snapshot);
        List<String> problems = new ArrayList<>();
        long[] totals = new long[2];
        int dumps = 0;
        for (Manifest.DumpEntry d : m.dumps()) {
            dumps++;
            Path f = snapshot.resolve("dumps").resolve(d.file());
            if (!Files.isRegularFile(f)) {
                problems.add("dump missing: dumps/" + d.file());
                continue;
            }
            try {
                String sha = TreeIndex.hashFile(f);
                totals[1] += Files.size(f);
                bytesRead.accept(totals[1]);
                if (!sha.equals(d.sha256())) {
                    problems.add(
                            "dump changed: dumps/" + d.file() + " (sha256 " + sha + ", manifest " + d.sha256() + ")");
                }
            } catch (IOException e) {
                problems.add("dump unreadable: dumps/" + d.file() + ": " + e.getMessage());
            }
            if (cancel.isCancelled()) {
                throw new CancelledException("Verification cancelled.");
            }
        }
        Path index = snapshot.resolve(SnapshotStore.INDEX);
        Path files = snapshot.resolve("files");
        List<String> roots = m.components().stream()
                .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null)
                .map(c -> c.path().replaceFirst("^/+", ""))
                .toList();
        try (BufferedReader r = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            Iterator<String> lines = r.lines().iterator();
            String[] pending = {null};
            for (String root : roots) {
                if (cancel.isCancelled()) {
                    throw new CancelledException("Verification cancelled.");
                }
                TreeIndex.rewalk(files, root, actual -> {
                    String expectedLine = next(lines, pending, root);
                    if (actual.type() == 'f') {
                        totals[0]++;
                        totals[1] += actual.size();
                        bytesRead.accept(totals[1]);
                    }
                    compare(expectedLine, actual, lines, pending, root, problems);
                });
                // Entries the index has that the tree no longer has.
                String rest;
                while ((rest = next(lines, pending, root)) != null) {
                    report(problems, "missing: " + TreeIndex.Entry.parse(rest).path());
                }
            }
        } catch (IOException e) {
            throw new EngineException("Could not read " + snapshot + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new EngineException(
                    "Could not read " + snapshot + ": " + e.getCause().getMessage(), e);
        }
        return new Result(List.copyOf(problems), totals[0], totals[1], dumps);
    }

    /** The next index line of this root, or null when the index has no more of it (the line is kept for later). */
    private static String next(Iterator<String> lines, String[] pending, String root) {
        String line = pending[0];
        if (line == null && lines.hasNext()) {
            line = lines.next();
        }
        if (line == null) {
            return null;
        }
        String path = TreeIndex.Entry.parse(line).path();
        if (path.equals(root) || path.startsWith(root + "/")) {
            pending[0] = null;
            return line;
        }
        pending[0] = line;
        return null;
    }

    private static void compare(
            String expectedLine,
            TreeIndex.Entry actual,
            Iterator<String> lines,
            String[] pending,
            String root,
            List<String> problems) {
        String line = expectedLine;
        while (true) {
            if (line == null) {
                report(problems, "not in the index (added after the backup): " + actual.path());
                return;
            }
            TreeIndex.Entry e = TreeIndex.Entry.parse(line);
            int order = WalkOrder.compare(e.path(), actual.path());
            if (order == 0) {
                if (e.type() != actual.type()) {
                    report(problems, "changed type: " + actual.path());
                } else if (!e.sha256().equals(actual.sha256()) || e.size() != actual.size()) {
                    report(problems, "changed content: " + actual.path());
                } else if (!e.meta().equals(actual.meta())) {
                    report(
                            problems,
                            "changed owner or mode: " + actual.path() + " (" + actual.meta() + ", index " + e.meta()
                                    + ")");
                }
                return;
            }
            if (order > 0) {
                // The index's entry comes later: this one is extra; keep the index line for the next entry.
                pending[0] = line;
                report(problems, "not in the index (added after the backup): " + actual.path());
                return;
            }
            report(problems, "missing: " + e.path());
            line = next(lines, pending, root);
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
