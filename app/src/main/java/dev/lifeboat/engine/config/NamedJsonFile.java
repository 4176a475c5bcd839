package dev.lifeboat.engine.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A list of named records kept as one JSON file of the config folder, readable by its owner alone (0600): schedules
 * and notification channels. Writes are atomic (a temporary file renamed over the old one). Not thread-safe.
 */
final class NamedJsonFile<T> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path file;
    private final JavaType type;
    private final Function<T, String> name;
    private final String what;

    NamedJsonFile(Path file, Class<T> element, Function<T, String> name, String what) {
        this.file = file;
        this.type = JSON.getTypeFactory().constructCollectionType(List.class, element);
        this.name = name;
        this.what = what;
    }

    Path file() {
        return file;
    }

    List<T> list() throws EngineException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<T> all = new ArrayList<>(JSON.<List<T>>readValue(file.toFile(), type));
            all.sort(Comparator.comparing(name, String.CASE_INSENSITIVE_ORDER));
            return List.copyOf(all);
        } catch (IOException e) {
            throw new EngineException(
                    "Could not read the " + what + " from " + file + ": " + e.getMessage()
                            + ". Fix or remove that file.",
                    e);
        }
    }

    Optional<T> get(String n) throws EngineException {
        return list().stream().filter(t -> name.apply(t).equals(n)).findFirst();
    }

    void save(T t) throws EngineException {
        List<T> all = new ArrayList<>(list());
        all.removeIf(x -> name.apply(x).equals(name.apply(t)));
        all.add(t);
        write(all);
    }

    boolean delete(String n) throws EngineException {
        List<T> all = new ArrayList<>(list());
        boolean removed = all.removeIf(x -> name.apply(x).equals(n));
        if (removed) {
            write(all);
        }
        return removed;
    }

    private void write(List<T> all) throws EngineException {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(
                    file.getParent(),
                    file.getFileName().toString(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EngineException("Could not save the " + what + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
