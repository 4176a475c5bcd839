package dev.lifeboat.ui.run;

import dev.lifeboat.engine.service.RestoreRequest;

/** What the Run page runs; it picks the page's words and how the site's downtime is known. */
public enum RunKind {
    /** A backup: the engine reports the downtime window. */
    BACKUP("backup", "Backing up"),
    /** A restore onto the connected server: the site is down from its stop step until its health check passes. */
    RESTORE("restore", "Restoring"),
    /** A restore drill in a throw-away copy: the live site is not touched. */
    DRILL("drill", "Restore drill"),
    /** A migration: the engine reports the window, from the old server's stop to the new one's health check. */
    MIGRATION("migration", "Migrating"),
    /**
     * An upgrade: a snapshot, the rehearsal on a throw-away copy, the live part; the engine reports each window (the
     * snapshot's, the live part's).
     */
    UPGRADE("upgrade", "Upgrading");

    private final String noun;
    private final String title;

    RunKind(String noun, String title) {
        this.noun = noun;
        this.title = title;
    }

    /** What runs for a restore request of {@code kind}. */
    public static RunKind of(RestoreRequest.Kind kind) {
        return switch (kind) {
            case RESTORE -> RESTORE;
            case DRILL -> DRILL;
            case MIGRATE -> MIGRATION;
        };
    }

    /** E.g. {@code restore}, for sentences. */
    public String noun() {
        return noun;
    }

    /** E.g. {@code Restore}, at the start of a sentence. */
    public String capitalized() {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }

    /** The Run page's heading. */
    public String title() {
        return title;
    }

    /** The message while it runs, e.g. {@code Restoring Papermerge …}. */
    String running(String subject) {
        return switch (this) {
            case BACKUP -> "Backing up " + subject + " …";
            case RESTORE -> "Restoring " + subject + " …";
            case DRILL -> "Rehearsing the restore of " + subject + " in a throw-away copy …";
            case MIGRATION -> "Moving " + subject + " to the new server …";
            case UPGRADE -> "Upgrading " + subject + ": first on a throw-away copy, then the live site …";
        };
    }
}
