package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.store.Manifest;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One database engine's dump (a plug-in, conventions rule 3): how to check its tools, what to dump, how to count what the
 * database holds. One class per engine, listed in {@link Dumpers}, each with a contract-test subclass.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Everything runs inside the database's own container through {@code docker exec} (the tools and the
 *       credentials are there); output is streamed back over SSH, never written to the server's disk.
 *   <li>No password is ever in a command's arguments, on the server or in the container: scripts read it from the
 *       container's own environment ({@code "$MYSQL_ROOT_PASSWORD"}) into the variable the tool reads, or feed it on
 *       stdin.
 *   <li>{@link #probe} only reads; it fails with a message that names the missing tool and what to do.
 *   <li>{@link #jobs} are the dumps, each a command whose stdout is the whole dump and whose exit status says whether
 *       it is complete.
 * </ul>
 *
 * Implementations are stateless and thread-safe.
 */
public interface Dumper {

    /** The component kind this dumper serves, e.g. {@code mariadb}. */
    String kind();

    /** The dump tool for people, e.g. {@code mariadb-dump}. */
    String tool();

    /**
     * Checks the tools in the container and finds what to dump (databases). One round trip.
     *
     * @param dataPath the component's path on the server (the database's data folder, or its file)
     */
    Source probe(Docker docker, ContainerState container, String dataPath) throws EngineException;

    /** The dumps to take of a probed source. */
    List<DumpJob> jobs(Docker docker, ContainerState container, Source source) throws EngineException;

    /**
     * What the database holds now (rows per table, documents per collection, keys per db), by item name. Called
     * while the application is stopped, so it matches the dump.
     *
     * @param dumpStderr what the job's dump wrote on stderr (some tools report their counts there)
     */
    Map<String, Long> counts(Docker docker, ContainerState container, DumpJob job, String dumpStderr)
            throws EngineException;

    /**
     * {@link #counts}, telling {@code snapshotTaken} as soon as the counts are bound to what the database holds now:
     * a dumper that counts inside a transaction of its own says so once that transaction has its snapshot, and the
     * application may run again while the counting goes on. By default, once the counts are done.
     */
    default Map<String, Long> counts(
            Docker docker, ContainerState container, DumpJob job, String dumpStderr, Runnable snapshotTaken)
            throws EngineException {
        Map<String, Long> counts = counts(docker, container, job, dumpStderr);
        snapshotTaken.run();
        return counts;
    }

    /**
     * A read-only command that succeeds once the database takes connections over TCP on 127.0.0.1 inside its
     * container: not the entrypoint's temporary first-start server, which only listens on a socket.
     */
    CommandSpec ready(Docker docker, ContainerState container) throws EngineException;

    /**
     * The command that loads one dump of a snapshot back; the decompressed dump comes on its stdin. Runs with the
     * database's own tools and credentials, like the dump. The database holds only what the snapshot holds afterwards
     * (the restore starts it on an empty data folder).
     */
    CommandSpec load(Docker docker, ContainerState container, Manifest.DumpEntry dump) throws EngineException;

    /**
     * Whether the database runs as a server that the restore starts alone before {@link #load} (and waits for with
     * {@link #ready}); false for a database file that is loaded while its container is stopped.
     */
    default boolean loadsIntoARunningServer() {
        return true;
    }

    /** What the admin can do about a dump that failed with this stderr, in a sentence; empty when nothing is known. */
    default String advice(String dumpStderr) {
        return "";
    }

    /**
     * What {@link #load}'s command reads, made from the decompressed dump: the dump itself for engines whose tools
     * read their own dump format.
     */
    default InputStream loadInput(InputStream dump, Manifest.DumpEntry entry) {
        return dump;
    }

    /** What the database holds now, for a dump of the snapshot: comparable with {@link Manifest.DumpEntry#counts}. */
    Map<String, Long> recount(Docker docker, ContainerState container, Manifest.DumpEntry dump) throws EngineException;

    /**
     * What a probe found.
     *
     * @param tool the path of the dump tool in the container
     * @param databases the databases to dump, in order; empty for engines that dump everything at once
     */
    record Source(String tool, List<String> databases) {
        public Source {
            databases = List.copyOf(databases);
        }
    }
}
