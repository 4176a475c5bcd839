package dev.lifeboat.engine.offsite;

import dev.lifeboat.engine.config.OffsiteRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of restic, as a value: the arguments after {@code restic}, the folder it runs in, and whether it changes
 * the repository. Every restic command Lifeboat runs is made here (conventions rule 4), so tests assert the exact
 * arguments. None carries a secret or the repository's address: {@link Restic} gives restic those through its
 * environment ({@code RESTIC_REPOSITORY}, {@code RESTIC_PASSWORD_FILE} or {@code RESTIC_PASSWORD_COMMAND}, the S3
 * keys), so that no command line shows them.
 *
 * @param args what follows {@code restic}
 * @param workDir the folder restic runs in, or null for Lifeboat's own
 * @param changes whether it writes to the repository
 */
public record ResticCommand(List<String> args, Path workDir, boolean changes) {
    /** The tag on every snapshot Lifeboat pushes. */
    public static final String TAG = "lifeboat";
    /** The tag prefix naming the application ({@code app:HOST/APP}). */
    public static final String APP_TAG = "app:";
    /** The tag prefix naming the Lifeboat snapshot ({@code snapshot:HOST/APP/ID}). */
    public static final String SNAPSHOT_TAG = "snapshot:";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public ResticCommand {
        args = List.copyOf(args);
    }

    /** {@code restic version}. */
    public static ResticCommand version() {
        return new ResticCommand(List.of("version"), null, false);
    }

    /** Creates the repository (restic's default format: compressed). */
    public static ResticCommand init(OffsiteRepository r) {
        return of(r, true, "init");
    }

    /** The snapshots Lifeboat pushed there, as one JSON array. */
    public static ResticCommand snapshots(OffsiteRepository r) {
        return of(r, false, "snapshots", "--json", "--tag", TAG);
    }

    /**
     * Pushes one snapshot folder: restic runs inside it and saves {@code .}, so every snapshot's tree is laid out the
     * same (files/, dumps/, manifest.json ...) and the previous push serves as the parent: files hard-linked to the
     * previous snapshot (same inode, size and time) are not read again. {@code --ignore-ctime}: making a hard link
     * changes a file's ctime, and every unchanged file of a new snapshot is one; restic still reads each file's
     * metadata and xattrs anew.
     *
     * @param host the server the snapshot is of
     * @param appId {@code HOST/APP}
     * @param snapshotId {@code HOST/APP/ID}
     * @param time the snapshot's own time
     * @param parent the restic snapshot to compare with, or null
     */
    public static ResticCommand backup(
            OffsiteRepository r,
            Path snapshotDir,
            String host,
            String appId,
            String snapshotId,
            Instant time,
            String parent) {
        List<String> a = new ArrayList<>(List.of(
                "backup",
                "--json",
                "--host",
                host,
                "--tag",
                TAG,
                "--tag",
                APP_TAG + appId,
                "--tag",
                SNAPSHOT_TAG + snapshotId,
                "--time",
                TIME.format(time),
                "--ignore-ctime"));
        if (parent != null) {
            a.addAll(List.of("--parent", parent));
        }
        a.add(".");
        return new ResticCommand(withOptions(r, a), Objects.requireNonNull(snapshotDir), true);
    }

    /** Restores a restic snapshot into {@code target} (its files/, dumps/, manifest.json ... land directly there). */
    public static ResticCommand restore(OffsiteRepository r, String resticId, Path target) {
        return of(r, false, "restore", "--json", resticId, "--target", target.toString());
    }

    /** Forgets restic snapshots by id and removes the data only they used. */
    public static ResticCommand forget(OffsiteRepository r, List<String> resticIds) {
        List<String> a = new ArrayList<>(List.of("forget", "--prune"));
        a.addAll(resticIds);
        return new ResticCommand(withOptions(r, a), null, true);
    }

    /**
     * Checks the repository's structure, and reads back {@code readDataPercent} of its data (0: none, 100: all).
     */
    public static ResticCommand check(OffsiteRepository r, int readDataPercent) {
        if (readDataPercent <= 0) {
            return of(r, false, "check");
        }
        if (readDataPercent >= 100) {
            return of(r, false, "check", "--read-data");
        }
        return of(r, false, "check", "--read-data-subset=" + readDataPercent + "%");
    }

    /** Removes locks that no running restic holds (a push that was killed). */
    public static ResticCommand unlock(OffsiteRepository r) {
        return of(r, true, "unlock");
    }

    private static ResticCommand of(OffsiteRepository r, boolean changes, String... args) {
        return new ResticCommand(withOptions(r, List.of(args)), null, changes);
    }

    /** restic's extended options ({@code -o KEY=VALUE}) go before the command's own arguments. */
    private static List<String> withOptions(OffsiteRepository r, List<String> args) {
        List<String> a = new ArrayList<>();
        for (String o : r.options()) {
            a.add("--option");
            a.add(o);
        }
        a.addAll(args);
        return a;
    }

    /** For logs and plans: {@code restic ARGS}. */
    @Override
    public String toString() {
        return "restic " + String.join(" ", args);
    }
}
