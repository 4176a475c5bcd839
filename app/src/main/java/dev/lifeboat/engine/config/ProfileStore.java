package dev.lifeboat.engine.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ConnectionProfile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Saved connection profiles, kept as one JSON file ({@code profiles.json}) in the config folder. Not thread-safe:
 * callers use it from one thread at a time. Writes are atomic (a temporary file renamed over the old one), so a crash
 * never leaves a half-written file.
 */
public final class ProfileStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public ProfileStore(Path configDir) {
        this.file = configDir.resolve("profiles.json");
    }

    /** All profiles, sorted by name; empty when none were saved yet. */
    public List<ConnectionProfile> list() throws EngineException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<ConnectionProfile> all =
                    JSON.readValue(file.toFile(), new TypeReference<List<ConnectionProfile>>() {});
            all.sort(Comparator.comparing(ConnectionProfile::name, String.CASE_INSENSITIVE_ORDER));
            return List.copyOf(all);
        } catch (IOException e) {
            throw new EngineException(
                    "Could not read saved profiles from " + file
                            + ". Fix or remove that file; Lifeboat will start with no profiles.",
                    e);
        }
    }

    /** Saves a profile, replacing the one with the same name. */
    public void save(ConnectionProfile profile) throws EngineException {
        List<ConnectionProfile> all = new ArrayList<>(list());
        all.removeIf(p -> p.name().equals(profile.name()));
        all.add(profile);
        write(all);
    }

    /** Removes the profile with that name, if there is one. */
    public void delete(String name) throws EngineException {
        List<ConnectionProfile> all = new ArrayList<>(list());
        if (all.removeIf(p -> p.name().equals(name))) {
            write(all);
        }
    }

    private void write(List<ConnectionProfile> all) throws EngineException {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "profiles", ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EngineException("Could not save profiles to " + file + ": " + e.getMessage(), e);
        }
    }
}
