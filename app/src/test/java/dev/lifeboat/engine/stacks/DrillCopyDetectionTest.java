package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.PathStats;
import dev.lifeboat.engine.probe.Probe;
import dev.lifeboat.engine.probe.Reading;
import dev.lifeboat.engine.probe.RunningContainer;
import dev.lifeboat.engine.probe.Survey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore drill beside the live site runs a copy of the application as compose project {@code lifeboat-drill-*}
 * from {@code /var/tmp/lifeboat-drill}. While it runs, detection (a scheduled backup's, the window's) must still find
 * one application, the admin's: the copy is Lifeboat's own and is left out, and the detection says so.
 */
class DrillCopyDetectionTest {
    private static final String COMPOSE =
            "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./data:/data\n";

    @Test
    void aDrillsThrowAwayCopyIsNotDetectedAsASecondApplication(@TempDir Path root) throws EngineException {
        new Trees(root)
                .file("/opt/notes/docker-compose.yml", COMPOSE)
                .file("/opt/notes/data/note.txt", "hello")
                .file("/var/tmp/lifeboat-drill/lifeboat-drill-notes/docker-compose.yml", COMPOSE)
                .file("/var/tmp/lifeboat-drill/lifeboat-drill-notes/data/note.txt", "hello");
        List<RunningContainer> live = List.of(new RunningContainer(
                "notes-web-1", "nginx:1.27", "notes", "web", "/opt/notes", List.of("/opt/notes/docker-compose.yml")));
        List<RunningContainer> drill = List.of(new RunningContainer(
                "lifeboat-drill-notes-web-1",
                "nginx:1.27",
                "lifeboat-drill-notes",
                "web",
                "/var/tmp/lifeboat-drill/lifeboat-drill-notes",
                List.of("/var/tmp/lifeboat-drill/lifeboat-drill-notes/docker-compose.yml")));
        List<RunningContainer> both = new ArrayList<>(live);
        both.addAll(drill);

        // Under another project name the copy would be an application: the filter is what keeps it out.
        assertEquals(2, detect(root, both, false).stacks().size(), "the copy looks like a second application");

        Detection d = detect(root, both, true);
        assertEquals(1, d.stacks().size(), d.stacks() + "; looked at " + d.lookedAt());
        DetectedStack only = d.stacks().get(0);
        assertEquals("/opt/notes", only.installDir());
        assertTrue(
                d.lookedAt().stream().anyMatch(l -> l.contains("1 containers of a restore drill's throw-away copy")),
                d.lookedAt().toString());
    }

    /** Detection over the tree with these containers; {@code filtered}: the detector's own drill filter is on. */
    private static Detection detect(Path root, List<RunningContainer> containers, boolean filtered)
            throws EngineException {
        FsProbe fs = new FsProbe(root);
        Probe probe = new Probe() {
            @Override
            public Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) throws EngineException {
                Survey s = fs.survey(roots, maxDepth, namePatterns);
                List<RunningContainer> shown = filtered
                        ? containers
                        : containers.stream()
                                .map(c -> new RunningContainer(
                                        c.name(),
                                        c.image(),
                                        c.project().replace("lifeboat-drill-", "copy-"),
                                        c.service(),
                                        c.workingDir(),
                                        c.configFiles()))
                                .toList();
                return new Survey(shown, s.files(), s.problems(), s.searched());
            }

            @Override
            public Reading read(List<String> files, List<String> folders) throws EngineException {
                return fs.read(files, folders);
            }

            @Override
            public Map<String, PathStats> stat(List<String> paths) throws EngineException {
                return fs.stat(paths);
            }

            @Override
            public String describe() {
                return fs.describe() + " with containers";
            }
        };
        return Detector.withBuiltInStacks().detect(probe);
    }
}
