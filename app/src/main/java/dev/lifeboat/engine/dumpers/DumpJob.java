package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.remote.CommandSpec;

/**
 * One dump to take: a command whose stdout is the dump.
 *
 * @param name a short unique name within the snapshot, e.g. {@code mariadb-dtable_db}; also the file's base name
 * @param database the database it holds, or empty for a whole-server dump
 * @param format what the bytes are, e.g. {@code sql}, {@code pg_dump-custom}, {@code mongodump-archive}, {@code rdb}
 * @param extension the file extension before {@code .zst}, e.g. {@code sql}
 * @param command the command; its stdout is streamed into the snapshot
 * @param snapshotMarker text whose first appearance on stdout means the dump has taken its consistent snapshot (e.g.
 *     MariaDB's {@code --single-transaction} output after {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}); from
 *     then on the application may run again while the rest streams. Empty: the first byte. Null: only the end of the
 *     dump is consistent (the site stays down until it ends)
 */
public record DumpJob(
        String name, String database, String format, String extension, CommandSpec command, String snapshotMarker) {

    /** A dump that is consistent only when it has ended. */
    public DumpJob(String name, String database, String format, String extension, CommandSpec command) {
        this(name, database, format, extension, command, null);
    }

    /** The file name in the snapshot's {@code dumps/} folder (compressed with zstd). */
    public String fileName() {
        return name + "." + extension + ".zst";
    }
}
