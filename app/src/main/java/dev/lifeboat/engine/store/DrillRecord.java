package dev.lifeboat.engine.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The last restore drill of a snapshot, kept beside its manifest as {@code drill.json} (not part of what the manifest
 * describes: the snapshot's own files are never changed by a drill).
 *
 * @param at when the drill ended (ISO-8601 UTC)
 * @param target where it ran ({@code user@host:port})
 * @param passed whether the copy matched the manifest and came up healthy
 * @param problems what differed, or why it failed
 * @param restoreMillis how long putting the data back took
 * @param millis the whole drill
 * @param leftBehind what could not be removed afterwards (empty when the server is as before)
 */
public record DrillRecord(
        String at,
        String target,
        boolean passed,
        List<String> problems,
        long restoreMillis,
        long millis,
        List<String> leftBehind) {
    public static final String FILE = "drill.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DrillRecord {
        problems = List.copyOf(problems);
        leftBehind = leftBehind == null ? List.of() : List.copyOf(leftBehind);
    }

    public void write(Path snapshotDir) throws EngineException {
        Path tmp = snapshotDir.resolve(FILE + ".partial");
        try {
            JSON.writeValue(tmp.toFile(), this);
            Files.move(
                    tmp,
                    snapshotDir.resolve(FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("Could not record the drill in " + snapshotDir + ": " + e.getMessage(), e);
        }
    }

    public static Optional<DrillRecord> read(Path snapshotDir) {
        Path f = snapshotDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), DrillRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
