package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.LocalShell;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The shell scripts live detection sends over SSH give the same answer as reading the files directly. */
class ShellProbeCorpusTest {

    @TestFactory
    Stream<DynamicTest> shellProbeDetectsEveryCorpusCaseExactlyLikeFsProbeInAtMostThreeCommands() throws Exception {
        return Corpus.cases(Corpus.require()).stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    Path tree = dir.resolve("tree").toAbsolutePath();
                    Detection viaFiles = Detector.withBuiltInStacks().detect(new FsProbe(tree));
                    ShellProbe probe = new ShellProbe(new LocalShell(), tree.toString());
                    Detection viaShell = Detector.withBuiltInStacks().detect(probe);
                    assertEquals(viaFiles.stacks(), viaShell.stacks());
                    assertEquals(viaFiles.problems(), viaShell.problems());
                    assertTrue(probe.commandsRun() <= 3, "round trips: " + probe.commandsRun());
                }));
    }
}
