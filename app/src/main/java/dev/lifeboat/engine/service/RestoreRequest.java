package dev.lifeboat.engine.service;

import dev.lifeboat.engine.model.DetectedStack;
import java.util.Objects;

/**
 * What the user asked for on the Action page (and, for a migration, the target step).
 *
 * @param kind restore, drill or migrate
 * @param stack the application as detected on the connected server
 * @param snapshot the snapshot to restore or drill; null for a migration (it takes its own)
 * @param overwrite the user agreed that what runs on the target is replaced
 * @param target the new server of a migration, once logged in; else null
 * @param siteUrl the site's URL on the new server, or null to keep it
 */
public record RestoreRequest(
        Kind kind,
        DetectedStack stack,
        SnapshotInfo snapshot,
        boolean overwrite,
        MigrationTarget target,
        String siteUrl) {

    /** The three things a snapshot can be used for. */
    public enum Kind {
        RESTORE,
        DRILL,
        MIGRATE
    }

    public RestoreRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stack, "stack");
        if (kind != Kind.MIGRATE) {
            Objects.requireNonNull(snapshot, "a " + kind + " needs a snapshot");
        }
        siteUrl = siteUrl == null || siteUrl.isBlank() ? null : siteUrl.strip();
    }

    /** Restore {@code snapshot} onto the connected server, replacing what runs there when {@code overwrite}. */
    public static RestoreRequest restore(DetectedStack stack, SnapshotInfo snapshot, boolean overwrite) {
        return new RestoreRequest(Kind.RESTORE, stack, snapshot, overwrite, null, null);
    }

    /** Rehearse the restore of {@code snapshot} in a throw-away copy on the connected server. */
    public static RestoreRequest drill(DetectedStack stack, SnapshotInfo snapshot) {
        return new RestoreRequest(Kind.DRILL, stack, snapshot, false, null, null);
    }

    /** Move the application to a server still to be chosen. */
    public static RestoreRequest migrate(DetectedStack stack) {
        return new RestoreRequest(Kind.MIGRATE, stack, null, false, null, null);
    }

    /** This migration to {@code t}, under {@code url} (null or blank: the URL stays). */
    public RestoreRequest to(MigrationTarget t, String url) {
        return new RestoreRequest(kind, stack, snapshot, overwrite, t, url);
    }

    /** This request with the overwrite agreed or not. */
    public RestoreRequest withOverwrite(boolean yes) {
        return new RestoreRequest(kind, stack, snapshot, yes, target, siteUrl);
    }
}
