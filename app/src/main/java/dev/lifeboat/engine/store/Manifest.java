package dev.lifeboat.engine.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: everything a snapshot holds and how it was made (docs/snapshot-format.md). Written last: its
 * presence is what makes a snapshot complete. Immutable; read and written with Jackson.
 *
 * @param format the format version, {@link #FORMAT}
 * @param tool the Lifeboat version that wrote it
 * @param id the snapshot's id, its folder name (UTC time, e.g. {@code 20261122T031500Z})
 * @param started when the run began (ISO-8601 UTC)
 * @param finished when the manifest was written
 * @param server where the data came from
 * @param application what was backed up
 * @param components every component of the detected stack, with what became of it
 * @param dumps every dump taken
 * @param downtime the window the site was down
 * @param steps each step's outcome and duration
 * @param transfer how the files came
 * @param previous the snapshot unchanged files are hard-linked to, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int format,
        String tool,
        String id,
        String started,
        String finished,
        Server server,
        Application application,
        List<ComponentEntry> components,
        List<DumpEntry> dumps,
        Downtime downtime,
        List<StepEntry> steps,
        Transfer transfer,
        String previous) {

    public static final int FORMAT = 1;

    /** The server. */
    public record Server(String host, int port, String user, List<String> hostKeyFingerprints) {}

    /**
     * The application and the compose project it runs as.
     *
     * @param images the image of each service
     * @param ports the host ports its containers publish ({@code 8080/tcp}), checked free before a restore; null in
     *     snapshots made before Lifeboat recorded them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Application(
            String stack,
            String name,
            String edition,
            String version,
            String installDir,
            String composeProject,
            String composeWorkingDir,
            List<String> composeFiles,
            Map<String, String> images,
            List<String> ports) {}

    /**
     * One component.
     *
     * @param saved {@code copied}, {@code dumped}, {@code skipped} (not class backup, or its method is none)
     * @param coveredBy for a component inside another copied one: that one's path (its files are in that tree)
     * @param service the compose service whose mount it is
     * @param files regular files copied (for copied trees)
     * @param bytes bytes of regular files copied
     * @param digest sha256 over the tree's index lines (see the format doc)
     * @param dumps names of the dumps that hold it
     * @param note why it was saved this way
     * @param rebuild for a rebuildable component: how the application rebuilds it after a restore (absent in snapshots
     *     made before Lifeboat recorded it, and when detection knows no way)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComponentEntry(
            String path,
            String componentClass,
            String kind,
            String method,
            String saved,
            String coveredBy,
            String service,
            Long files,
            Long bytes,
            String digest,
            List<String> dumps,
            String note,
            String rebuild) {

        /** An entry without a rebuild hint. */
        public ComponentEntry(
                String path,
                String componentClass,
                String kind,
                String method,
                String saved,
                String coveredBy,
                String service,
                Long files,
                Long bytes,
                String digest,
                List<String> dumps,
                String note) {
            this(
                    path,
                    componentClass,
                    kind,
                    method,
                    saved,
                    coveredBy,
                    service,
                    files,
                    bytes,
                    digest,
                    dumps,
                    note,
                    null);
        }
    }

    /**
     * One dump.
     *
     * @param file its file in {@code dumps/}
     * @param component the component path it saves
     * @param service the compose service it was taken in
     * @param engine the dumper kind
     * @param database the database, or null for a whole-server dump
     * @param format what the bytes are once decompressed
     * @param bytes the compressed file's size
     * @param rawBytes the dump's size before compression
     * @param sha256 of the compressed file
     * @param counts what the database said it holds: rows per table, documents per collection, keys per db
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DumpEntry(
            String file,
            String component,
            String service,
            String engine,
            String database,
            String format,
            long bytes,
            long rawBytes,
            String sha256,
            Map<String, Long> counts) {}

    /** The window the site was down: from the first stop to the passing health check. */
    public record Downtime(String started, String ended, long millis, boolean healthy, List<String> stopped) {}

    /** One step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepEntry(String id, String title, long millis, String outcome, String summary) {}

    /** The file transfer. */
    public record Transfer(String carrier, long preSyncBytes, long finalBytes, long files, long totalBytes) {}
}
