package dev.lifeboat.engine.stacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * Finds the shared detector corpus ({@code ../shared/corpus} next to the repository). It is not part of the
 * repository, so on a developer's machine without it the tests that need it skip; in CI ({@code CI=true}) it is
 * always there, so there they FAIL without it rather than pass by skipping. {@code -Dlifeboat.corpus=DIR} points
 * elsewhere.
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

    /**
     * The corpus, for a test that needs it: skips the test when absent on a developer's machine, fails it when
     * absent in CI.
     */
    public static Path require() {
        return require(locate(), System.getenv());
    }

    /** {@link #require()} with the environment given, for tests of this rule. */
    static Path require(Optional<Path> found, Map<String, String> env) {
        if (found.isPresent()) {
            return found.get();
        }
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            throw new AssertionFailedError("../shared/corpus is always present in CI (CI=true) but was not found"
                    + " (set -Dlifeboat.corpus=DIR); a corpus test must not pass by skipping");
        }
        Assumptions.abort(ABSENT);
        throw new IllegalStateException("unreachable");
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
