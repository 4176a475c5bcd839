package dev.lifeboat.engine.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The upgrade a snapshot was taken for (issue 20), kept beside its manifest as {@code upgrade.json}: the snapshot is
 * the live one, taken with the site stopped just before the new version was written, so {@code lifeboat upgrade
 * --rollback} puts back these files and then restores the snapshot in place. The files' texts may hold secrets (a
 * {@code .env}), as the snapshot's own files do: the record is readable by its owner only, like the store.
 *
 * @param at when the live part began (ISO-8601 UTC)
 * @param from the version before
 * @param to the version written
 * @param project the compose project
 * @param files each file the upgrade wrote, with its text before (null: it did not exist)
 * @param outcome {@code upgraded}, {@code rolled back}, or {@code running} while the live part runs
 */
public record UpgradeRecord(String at, String from, String to, String project, List<FileBefore> files, String outcome) {
    public static final String FILE = "upgrade.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public UpgradeRecord {
        files = List.copyOf(files);
    }

    /** A file the upgrade wrote, and its text before (null: it did not exist). */
    public record FileBefore(String path, String before) {}

    public UpgradeRecord withOutcome(String outcome) {
        return new UpgradeRecord(at, from, to, project, files, outcome);
    }

    public void write(Path snapshotDir) throws EngineException {
        Path tmp = snapshotDir.resolve(FILE + ".partial");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(tmp.toFile(), this);
            Files.move(
                    tmp,
                    snapshotDir.resolve(FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("Could not record the upgrade in " + snapshotDir + ": " + e.getMessage(), e);
        }
    }

    public static Optional<UpgradeRecord> read(Path snapshotDir) {
        Path f = snapshotDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), UpgradeRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
