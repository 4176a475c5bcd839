package dev.lifeboat.engine.schedule;

import java.util.List;

/**
 * What one scheduled run did, kept in the state folder ({@link RunHistory}) for {@code status} and the window.
 *
 * @param schedule the schedule's name
 * @param kind {@code backup} or {@code drill}
 * @param started when it began (ISO-8601 UTC)
 * @param ended when it ended (ISO-8601 UTC)
 * @param outcome how it ended
 * @param message for people: what failed and why, why it was skipped, or what it did
 * @param siteUp after the run: {@code up}, {@code down} or {@code unknown} (the server could not be asked)
 * @param snapshot the snapshot it made or drilled (its folder), or null
 * @param appDir the application's folder in the store, or null before the first backup
 * @param sizeBytes the snapshot's size (a backup)
 * @param newDiskBytes what the snapshot added to the store's disk (a backup)
 * @param downtimeMillis how long the site was down (a backup)
 * @param durationMillis how long the run took
 * @param notifyWarnings the channels that could not be told, and why
 */
public record RunRecord(
        String schedule,
        String kind,
        String started,
        String ended,
        Outcome outcome,
        String message,
        String siteUp,
        String snapshot,
        String appDir,
        long sizeBytes,
        long newDiskBytes,
        long downtimeMillis,
        long durationMillis,
        List<String> notifyWarnings) {

    /** How a run ended. */
    public enum Outcome {
        /** A complete, verified snapshot; a drill that passed. */
        OK,
        /** No snapshot, or a drill that did not pass, or the site was left unhealthy. */
        FAILED,
        /** Not run: the previous run of the application was still running. */
        SKIPPED
    }

    public RunRecord {
        notifyWarnings = notifyWarnings == null ? List.of() : List.copyOf(notifyWarnings);
    }

    /** This record with the warnings of the channels that could not be told. */
    public RunRecord withNotifyWarnings(List<String> warnings) {
        return new RunRecord(
                schedule,
                kind,
                started,
                ended,
                outcome,
                message,
                siteUp,
                snapshot,
                appDir,
                sizeBytes,
                newDiskBytes,
                downtimeMillis,
                durationMillis,
                warnings);
    }
}
