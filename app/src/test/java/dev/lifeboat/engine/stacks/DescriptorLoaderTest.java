package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorLoaderTest {
    @Test
    void everyBuiltInDescriptorLoadsWithFingerprintsAndComponents() {
        List<Stack> stacks = StackRegistry.builtIn();
        assertEquals(
                List.of("overleaf", "cytomine", "seatable", "papermerge", "nuxeo"),
                stacks.stream().map(Stack::id).toList());
        for (Stack s : stacks) {
            StackDescriptor d = ((DescriptorStack) s).descriptor();
            assertFalse(d.fingerprints().isEmpty(), d.id());
            assertFalse(d.components().isEmpty(), d.id());
            assertFalse(d.stopOrder().isEmpty(), d.id());
        }
    }

    @Test
    void singleValuesStandForListsAndDefaultsApply() throws Exception {
        StackDescriptor d = DescriptorLoader.parse(
                String.join(
                        "\n",
                        "id: wiki",
                        "fingerprints:",
                        "  - {image: example/wiki, weight: 60}",
                        "components:",
                        "  - {containerPath: /app/uploads}"),
                "wiki.yml");
        assertEquals("wiki", d.name());
        assertEquals(50, d.threshold());
        assertEquals(List.of("example/wiki"), d.fingerprints().get(0).image());
        assertEquals("backup", d.components().get(0).componentClass());
        assertEquals("files", d.components().get(0).kind());
        assertTrue(d.keepUnmatchedMounts());
    }

    @Test
    void anUnknownClassIsRefusedWhenTheDescriptorLoads() {
        EngineException e = assertThrows(
                EngineException.class,
                () -> DescriptorLoader.parse("id: x\ncomponents:\n  - {path: data, class: precious}\n", "x.yml"));
        assertTrue(e.getMessage().contains("precious"), e.getMessage());
    }

    @Test
    void aUserDescriptorDetectsItsApplicationWithItsOwnClasses(@TempDir Path dir) throws Exception {
        Path stacksDir = Files.createDirectories(dir.resolve("config/stacks"));
        Files.writeString(
                stacksDir.resolve("wiki.yml"),
                String.join(
                        "\n",
                        "id: wiki",
                        "name: Example Wiki",
                        "fingerprints:",
                        "  - {image: [example/wiki], weight: 60}",
                        "version:",
                        "  - {image: [example/wiki]}",
                        "components:",
                        "  - {containerPath: [/app/uploads], kind: files, class: backup}",
                        "  - {containerPath: [/app/cache], kind: files, class: ephemeral}"));
        Path server = dir.resolve("server");
        Files.createDirectories(server.resolve("srv/wiki"));
        Files.writeString(
                server.resolve("srv/wiki/docker-compose.yml"),
                String.join(
                        "\n",
                        "services:",
                        "  wiki:",
                        "    image: example/wiki:2.4",
                        "    volumes: ['./uploads:/app/uploads', './cache:/app/cache']"));
        List<String> problems = new ArrayList<>();
        Detection d = new Detector(StackRegistry.withUserDescriptors(stacksDir, problems)).detect(new FsProbe(server));
        assertTrue(problems.isEmpty(), problems.toString());
        DetectedStack s = d.stacks().get(0);
        assertEquals("wiki", s.stackId());
        assertEquals("Example Wiki", s.displayName());
        assertEquals("2.4", s.version());
        assertEquals("ephemeral", Trees.classOf(s, "/srv/wiki/cache"));
    }

    @Test
    void aRebuildHintAPathRegexAndTheNewConditionsAreReadAndABadRegexRefused() throws Exception {
        StackDescriptor d = DescriptorLoader.parse(
                String.join(
                        "\n",
                        "id: wiki",
                        "components:",
                        "  - {containerPath: '${SEARCH_URL}', regex: '^xapian:///(/.*)$', class: rebuildable,",
                        "     rebuild: 'wiki reindex', when: {key: [A, B], matches: 'x\\d', versionBelow: '3'}}"),
                "wiki.yml");
        StackDescriptor.ComponentRule r = d.components().get(0);
        assertEquals("wiki reindex", r.rebuild());
        assertEquals("^xapian:///(/.*)$", r.regex());
        assertEquals(List.of("A", "B"), r.when().key());
        assertEquals("3", r.when().versionBelow());
        EngineException e = assertThrows(
                EngineException.class,
                () -> DescriptorLoader.parse(
                        "id: x\ncomponents:\n  - {path: data, when: {key: A, matches: '(unclosed'}}\n", "x.yml"));
        assertTrue(e.getMessage().contains("(unclosed") && e.getMessage().contains("x.yml"), e.getMessage());
    }

    @Test
    void versionsCompareByTheirNumbersPartByPart() {
        assertTrue(DescriptorStack.compareVersions("2023.10", "2025") < 0);
        assertTrue(DescriptorStack.compareVersions("10.10", "2021") < 0);
        assertTrue(DescriptorStack.compareVersions("2025.3", "2025") > 0);
        assertEquals(0, DescriptorStack.compareVersions("2025", "2025.0"));
        assertTrue(DescriptorStack.compareVersions("3.6.0a16", "3.10") < 0);
    }

    @Test
    void anUpgradeSectionIsReadWithItsDefaults() throws Exception {
        StackDescriptor d = DescriptorLoader.parse(
                String.join(
                        "\n",
                        "id: wiki",
                        "upgrade:",
                        "  images: example/wiki",
                        "  keep: {imageTag: true}",
                        "  constraints:",
                        "    - {crossing: \"2.0\", needs: \"1.9\", why: go through 1.9}"),
                "wiki.yml");
        StackDescriptor.Upgrade u = d.upgrade();
        assertEquals(List.of("example/wiki"), u.images());
        assertTrue(u.keep().get(0).imageTag());
        assertEquals("1.9", u.constraints().get(0).needs());
        assertFalse(u.constraints().get(0).warn());
        assertEquals(List.of(), u.rewrites());
        assertEquals("", u.migration());
    }

    @Test
    void aBrokenUpgradeSectionIsRefusedWhenTheDescriptorLoadsNamingWhatIsWrong() {
        String[][] cases = {
            {"upgrade:\n  keep: [{imageTag: true, file: VERSION}]\n", "either imageTag"},
            {"upgrade:\n  keep: [{key: V, keepOld: OLD}]\n", "keepOld"},
            {"upgrade:\n  constraints: [{crossing: \"2\"}]\n", "needs a why"},
            {"upgrade:\n  constraints: [{atLeast: \"8\", why: x}]\n", "atLeast needs"},
            {"upgrade:\n  rewrites: [{crossing: \"2\", file: f, regex: \"(\"}]\n", "regex"},
            {"upgrade:\n  versionFormat: \"[\"\n", "regex"},
            {"upgrade:\n  keep: [{file: VERSION}]\n  tags: true\n", "tags"},
        };
        for (String[] c : cases) {
            EngineException e =
                    assertThrows(EngineException.class, () -> DescriptorLoader.parse("id: x\n" + c[0], "x.yml"), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
