package dev.lifeboat.engine.service;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotFolder;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One snapshot as the Action page's browser shows it: a complete one, or a damaged one with the reason (an incomplete
 * folder is not shown there).
 *
 * @param path its folder
 * @param id its folder name (UTC time)
 * @param started when the backup began (ISO-8601 UTC; from the id when the manifest cannot be read)
 * @param sizeBytes the bytes its files hold
 * @param newDiskBytes the bytes only it holds (not hard-linked to another)
 * @param downtimeMillis how long the site was down (0 when the manifest cannot be read)
 * @param verified the last verification, e.g. {@code 2026-12-01T10:00:00Z ok}, or {@code at backup}
 * @param lastDrill the last restore drill of it, or null when it was never drilled
 * @param state complete, or damaged (it cannot be restored or drilled)
 * @param problems why it is damaged; empty when complete
 */
public record SnapshotInfo(
        Path path,
        String id,
        String started,
        long sizeBytes,
        long newDiskBytes,
        long downtimeMillis,
        String verified,
        DrillRecord lastDrill,
        SnapshotFolder.State state,
        List<String> problems) {

    public SnapshotInfo {
        problems = List.copyOf(problems);
    }

    /** A complete snapshot. */
    public SnapshotInfo(
            Path path,
            String id,
            String started,
            long sizeBytes,
            long newDiskBytes,
            long downtimeMillis,
            String verified,
            DrillRecord lastDrill) {
        this(
                path,
                id,
                started,
                sizeBytes,
                newDiskBytes,
                downtimeMillis,
                verified,
                lastDrill,
                SnapshotFolder.State.COMPLETE,
                List.of());
    }

    /** A complete snapshot that was never drilled. */
    public SnapshotInfo(
            Path path,
            String id,
            String started,
            long sizeBytes,
            long newDiskBytes,
            long downtimeMillis,
            String verified) {
        this(path, id, started, sizeBytes, newDiskBytes, downtimeMillis, verified, null);
    }

    /** Whether it is damaged: listed with its reason, never restored or drilled. */
    public boolean damaged() {
        return state == SnapshotFolder.State.DAMAGED;
    }

    /** Why it is damaged, in one line; empty when complete. */
    public String reason() {
        return String.join("; ", problems);
    }

    /** Reads a snapshot folder: its state, its manifest, its sizes, its last verification and drill. Reads the disk. */
    public static SnapshotInfo read(Path snapshot) throws EngineException {
        return of(SnapshotStore.inspect(snapshot));
    }

    /** What the browser shows of an inspected folder (its sizes are measured here). */
    public static SnapshotInfo of(SnapshotFolder f) throws EngineException {
        Path snapshot = f.path();
        Manifest m = f.manifest();
        StoreStats.Usage u = StoreStats.usage(snapshot);
        return new SnapshotInfo(
                snapshot,
                m == null || m.id() == null ? f.id() : m.id(),
                m == null || m.started() == null ? startedFromId(f.id()) : m.started(),
                u.apparentBytes(),
                u.newDiskBytes(),
                m == null || m.downtime() == null ? 0 : m.downtime().millis(),
                StoreStats.lastVerified(snapshot).orElse("at backup"),
                DrillRecord.read(snapshot).orElse(null),
                f.state(),
                f.problems());
    }

    /**
     * The newest {@code max} snapshots of an application, newest first, as the browser lists them: complete and damaged
     * ones (with the reason); a run that did not finish is not a snapshot and is left out.
     */
    public static List<SnapshotInfo> recent(SnapshotStore store, Path appDir, int max) throws EngineException {
        List<Path> all = store.snapshotDirs(appDir);
        List<SnapshotInfo> out = new java.util.ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < max; i--) {
            SnapshotFolder f = SnapshotStore.inspect(all.get(i));
            if (!f.incomplete()) {
                out.add(of(f));
            }
        }
        return out;
    }

    /** {@code 20261201T083256Z} as {@code 2026-12-01T08:32:56Z}; the id itself when it is not one. */
    static String startedFromId(String id) {
        try {
            return LocalDateTime.parse(id, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC)
                    .toString();
        } catch (DateTimeParseException e) {
            return id;
        }
    }
}
