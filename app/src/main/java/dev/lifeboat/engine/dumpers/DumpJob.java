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
 */
public record DumpJob(String name, String database, String format, String extension, CommandSpec command) {

    /** The file name in the snapshot's {@code dumps/} folder (compressed with zstd). */
    public String fileName() {
        return name + "." + extension + ".zst";
    }
}
