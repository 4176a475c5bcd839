package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The corpus rule: present, it is used; absent, corpus tests skip on a developer's machine and fail in CI. */
class CorpusTest {
    @Test
    void aMissingCorpusFailsTheTestInCi() {
        assertThrows(AssertionFailedError.class, () -> Corpus.require(Optional.empty(), Map.of("CI", "true")));
    }

    @Test
    void aMissingCorpusSkipsTheTestOutsideCi() {
        assertThrows(TestAbortedException.class, () -> Corpus.require(Optional.empty(), Map.of()));
    }

    @Test
    void aPresentCorpusIsUsed() {
        assertEquals(Path.of("/c"), Corpus.require(Optional.of(Path.of("/c")), Map.of("CI", "true")));
    }
}
