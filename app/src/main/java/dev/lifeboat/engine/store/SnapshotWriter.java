package dev.lifeboat.engine.store;

import com.github.luben.zstd.ZstdInputStream;
import dev.lifeboat.engine.EngineException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The store's part of a backup: the new snapshot folder (or the one a failed run left, to finish), the index and
 * hashes of the copied files, the dumps read back, the manifest written last, and the retention. The workflow decides
 * when; what lands on this computer's disk, and how, is decided here.
 */
public final class SnapshotWriter {
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SnapshotStore store;

    public SnapshotWriter(SnapshotStore store) {
        this.store = store;
    }

    /** A new snapshot folder, and whether it finishes the incomplete one of a failed run (named, if so). */
    public record Folder(Path path, Optional<String> resumed) {}

    /**
     * Makes the snapshot folder: a new id, later than every snapshot there (a clock set back, or two runs in one second,
     * must never reuse or sort before an existing snapshot). The incomplete snapshot of a failed run is taken over: its
     * files are reused (rsync sends only what changed), its dumps and index are made again.
     */
    public Folder newFolder(Path appDir, Instant started) throws EngineException {
        String id = SnapshotStore.idFor(started);
        List<Path> existing = store.snapshotDirs(appDir);
        String newest = existing.isEmpty()
                ? ""
                : existing.get(existing.size() - 1).getFileName().toString();
        if (id.compareTo(newest) <= 0) {
            id = bumped(newest);
        }
        while (Files.exists(appDir.resolve(id))) {
            id = bumped(id);
        }
        Path snap = appDir.resolve(id);
        try {
            Path resume = store.resumable(appDir).orElse(null);
            if (resume != null) {
                Files.move(resume, snap);
                SnapshotStore.delete(snap.resolve("dumps"));
                Files.deleteIfExists(snap.resolve(SnapshotStore.INDEX));
            } else {
                Files.createDirectories(snap);
            }
            Files.createDirectories(snap.resolve("dumps"));
            return new Folder(
                    snap,
                    resume == null
                            ? Optional.empty()
                            : Optional.of(resume.getFileName().toString()));
        } catch (IOException e) {
            throw new EngineException("Could not create the snapshot folder " + snap + ": " + SnapshotStore.why(e), e);
        }
    }

    /** The id one second after another. */
    static String bumped(String id) {
        return SnapshotStore.idFor(Instant.from(ID_FORMAT.parse(id)).plusSeconds(1));
    }

    /**
     * Writes {@code files.index} for the copied trees and hashes what is new (a file unchanged since the previous
     * snapshot, hard-linked to it, takes its hash from that snapshot's index). Returns each tree's summary.
     */
    public Map<String, TreeIndex.Summary> index(Path snap, List<String> roots, Path previous) throws EngineException {
        Map<String, TreeIndex.Summary> out = new LinkedHashMap<>();
        Path files = snap.resolve("files");
        Path prevFiles = previous == null ? null : previous.resolve("files");
        Path prevIndex = previous == null ? null : previous.resolve(SnapshotStore.INDEX);
        try (BufferedWriter w = Files.newBufferedWriter(snap.resolve(SnapshotStore.INDEX), StandardCharsets.UTF_8)) {
            for (String root : roots) {
                String rel = root.replaceFirst("^/+", "");
                try (TreeIndex.Lookup previousEntries = TreeIndex.load(prevIndex, rel)) {
                    out.put(root, TreeIndex.write(files, rel, prevFiles, previousEntries, w));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException(
                    "Could not index the copied files in " + files + ": "
                            + SnapshotStore.why(e instanceof UncheckedIOException u ? u.getCause() : e),
                    e);
        }
        return out;
    }

    /** Reads every dump back through its decompressor and checks its length against what was written. */
    public static void verifyDumps(Path snap, Collection<Manifest.DumpEntry> dumps) throws EngineException {
        for (Manifest.DumpEntry d : dumps) {
            Path f = snap.resolve("dumps").resolve(d.file());
            try (InputStream in = new ZstdInputStream(Files.newInputStream(f))) {
                long n = in.transferTo(OutputStream.nullOutputStream());
                if (n != d.rawBytes()) {
                    throw new EngineException(
                            "The dump " + d.file() + " reads back as " + n + " bytes, not " + d.rawBytes() + ".");
                }
            } catch (IOException e) {
                throw new EngineException("The dump " + d.file() + " does not read back: " + e.getMessage(), e);
            }
        }
    }

    /** Flushes the snapshot to disk and writes its manifest, last: from now on the snapshot is complete. */
    public static void complete(Path snap, Manifest m) throws EngineException {
        SnapshotStore.syncToDisk(snap);
        SnapshotStore.writeManifest(snap, m);
    }

    /**
     * Removes the complete snapshots the retention does not keep, and the incomplete ones older than {@code current} (a
     * failed run's, taken over or not). Only complete snapshots count toward the keep rules; a damaged one is never
     * removed and never counted: it is told to {@code warn} with its reason, at every backup, until someone removes it
     * (it may hold the only copy of what is left of its day, and its damage is a sign of a disk or a copy to look at).
     * Returns how many went; one that cannot be removed is told to {@code warn}.
     */
    public int retention(Path appDir, Path current, Retention retention, Consumer<String> warn) throws EngineException {
        List<SnapshotFolder> all = store.list(appDir);
        List<String> complete = all.stream()
                .filter(SnapshotFolder::complete)
                .map(SnapshotFolder::id)
                .toList();
        Set<String> keep = retention.keep(complete);
        int removed = 0;
        for (SnapshotFolder f : all) {
            String n = f.id();
            boolean stale = f.incomplete() && n.compareTo(current.getFileName().toString()) < 0;
            if (f.damaged()) {
                warn.accept("Kept the damaged snapshot " + store.idOf(f.path()) + " (" + f.reason() + "). Retention"
                        + " never removes a damaged snapshot and does not count it among the ones it keeps: see what"
                        + " differs with 'lifeboat verify " + store.idOf(f.path()) + "', and remove " + f.path()
                        + " by hand once you no longer need what is left in it.");
            } else if ((f.complete() && !keep.contains(n)) || stale) {
                try {
                    SnapshotStore.delete(f.path());
                    removed++;
                } catch (IOException e) {
                    warn.accept("Could not remove the old snapshot " + f.path() + ": " + SnapshotStore.why(e));
                }
            }
        }
        return removed;
    }
}
