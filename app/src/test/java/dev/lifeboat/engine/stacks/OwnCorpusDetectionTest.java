package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's own corpus cases ({@code app/src/test/corpus}, same format as {@code ../shared/corpus}): layouts from
 * admins' and vendors' public repositories that issue 21 was about: an install on a NAS volume outside the usual
 * places, a compose folder that holds more than the compose file, a search index in a volume whose name says nothing,
 * and Nuxeo search folders that hold the audit log. Unlike the shared corpus they are always there.
 */
class OwnCorpusDetectionTest {

    /** The corpus folder; the tests run with the module as working directory, an IDE perhaps from the root. */
    static Path corpus() {
        for (Path p : List.of(Path.of("src/test/corpus"), Path.of("app/src/test/corpus"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "app/src/test/corpus not found from " + Path.of("").toAbsolutePath());
    }

    @Test
    void theCorpusHoldsACaseOfEachKindTheIssueNamed() throws IOException {
        List<String> names = Corpus.cases(corpus()).stream()
                .map(p -> p.getFileName().toString())
                .toList();
        assertTrue(names.size() >= 4, names.toString());
    }

    @TestFactory
    Stream<DynamicTest> everyOwnCaseIsDetectedAsItsExpectedJsonSays() throws IOException {
        return Corpus.cases(corpus()).stream()
                .map(dir ->
                        DynamicTest.dynamicTest(dir.getFileName().toString(), () -> CorpusDetectionTest.check(dir)));
    }

    @TestFactory
    Stream<DynamicTest> theShellScriptsGiveTheSameAnswer() throws IOException {
        return Corpus.cases(corpus()).stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    Path tree = dir.resolve("tree").toAbsolutePath();
                    Detection viaFiles = Detector.withBuiltInStacks().detect(new FsProbe(tree));
                    ShellProbe probe = new ShellProbe(new LocalShell(), tree.toString());
                    Detection viaShell = Detector.withBuiltInStacks().detect(probe);
                    assertFalse(viaFiles.stacks().isEmpty());
                    assertEquals(viaFiles.stacks(), viaShell.stacks());
                    assertEquals(viaFiles.problems(), viaShell.problems());
                    assertTrue(probe.commandsRun() <= 3, "round trips: " + probe.commandsRun());
                }));
    }
}
