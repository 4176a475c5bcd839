package dev.lifeboat.engine.service;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import java.nio.file.Path;

/**
 * One complete snapshot as the Action page's browser shows it.
 *
 * @param path its folder
 * @param id its folder name (UTC time)
 * @param started when the backup began (ISO-8601 UTC)
 * @param sizeBytes the bytes its files hold
 * @param newDiskBytes the bytes only it holds (not hard-linked to another)
 * @param downtimeMillis how long the site was down
 * @param verified the last verification, e.g. {@code 2026-12-01T10:00:00Z ok}, or {@code at backup}
 * @param lastDrill the last restore drill of it, or null when it was never drilled
 */
public record SnapshotInfo(
        Path path,
        String id,
        String started,
        long sizeBytes,
        long newDiskBytes,
        long downtimeMillis,
        String verified,
        DrillRecord lastDrill) {

    /** A snapshot that was never drilled. */
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

    /** Reads a complete snapshot folder: its manifest, its sizes, its last verification and drill. Reads the disk. */
    public static SnapshotInfo read(Path snapshot) throws EngineException {
        Manifest m = SnapshotStore.readManifest(snapshot);
        StoreStats.Usage u = StoreStats.usage(snapshot);
        return new SnapshotInfo(
                snapshot,
                m.id(),
                m.started(),
                u.apparentBytes(),
                u.newDiskBytes(),
                m.downtime() == null ? 0 : m.downtime().millis(),
                StoreStats.lastVerified(snapshot).orElse("at backup"),
                DrillRecord.read(snapshot).orElse(null));
    }
}
