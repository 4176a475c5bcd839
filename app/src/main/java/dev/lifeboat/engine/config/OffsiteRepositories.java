package dev.lifeboat.engine.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The user's off-site repositories, kept as one JSON file ({@code offsite.json}) in the config folder beside the
 * profiles. It holds no secret (see {@link OffsiteRepository.Secret}). Not thread-safe; writes are atomic (a
 * temporary file renamed over the old one).
 */
public final class OffsiteRepositories {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path file;

    public OffsiteRepositories(Path configDir) {
        this.file = configDir.resolve("offsite.json");
    }

    public Path file() {
        return file;
    }

    /** Every repository, sorted by name; empty when none was added. */
    public List<OffsiteRepository> list() throws EngineException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<OffsiteRepository> all =
                    new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<List<OffsiteRepository>>() {}));
            all.sort(Comparator.comparing(OffsiteRepository::name));
            return List.copyOf(all);
        } catch (IOException e) {
            throw new EngineException(
                    "Could not read the off-site repositories from " + file + ": " + e.getMessage()
                            + ". Fix or remove that file.",
                    e);
        }
    }

    public Optional<OffsiteRepository> find(String name) throws EngineException {
        return list().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The repository called {@code name}; says which there are when there is none. */
    public OffsiteRepository get(String name) throws EngineException {
        Optional<OffsiteRepository> r = find(name);
        if (r.isPresent()) {
            return r.get();
        }
        List<String> names = list().stream().map(OffsiteRepository::name).toList();
        throw new EngineException("No off-site repository called " + name + " ("
                + (names.isEmpty()
                        ? "none was added: 'lifeboat offsite add NAME REPOSITORY' adds one"
                        : "there are: " + String.join(", ", names))
                + ").");
    }

    /** Saves a repository, replacing the one with the same name. */
    public void save(OffsiteRepository repository) throws EngineException {
        List<OffsiteRepository> all = new ArrayList<>(list());
        all.removeIf(r -> r.name().equals(repository.name()));
        all.add(repository);
        write(all);
    }

    /** Removes the repository called {@code name}; false when there was none. */
    public boolean remove(String name) throws EngineException {
        List<OffsiteRepository> all = new ArrayList<>(list());
        boolean removed = all.removeIf(r -> r.name().equals(name));
        if (removed) {
            write(all);
        }
        return removed;
    }

    private void write(List<OffsiteRepository> all) throws EngineException {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "offsite", ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EngineException("Could not save the off-site repositories to " + file + ": " + e.getMessage(), e);
        }
    }
}
