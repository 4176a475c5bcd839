package dev.lifeboat.engine.stacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the shared detector corpus ({@code ../shared/corpus} next to the repository). It is not part of the
 * repository, so tests that need it skip when it is absent. {@code -Dlifeboat.corpus=DIR} points elsewhere.
 */
public final class Corpus {
    private Corpus() {}

    public static Optional<Path> locate() {
        String prop = System.getProperty("lifeboat.corpus");
        if (prop != null) {
            // An explicit choice wins, also when it names nothing (a way to check that the tests skip cleanly).
            return Files.isDirectory(Path.of(prop)) ? Optional.of(Path.of(prop)) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The case folders (those with an expected.json), sorted. */
    public static List<Path> cases(Path corpus) throws IOException {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("expected.json")))
                    .sorted()
                    .toList();
        }
    }

    public static final String ABSENT =
            "../shared/corpus not found next to the repository (set -Dlifeboat.corpus=DIR); " + "corpus tests skipped";
}
