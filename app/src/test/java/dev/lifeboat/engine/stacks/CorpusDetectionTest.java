package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FsProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of the shared corpus, detected offline as {@code detect --fs CASE/tree} would. */
class CorpusDetectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCorpusCaseIsDetectedAsItsExpectedJsonSays() throws Exception {
        return Corpus.cases(Corpus.require()).stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    static void check(Path caseDir) throws Exception {
        Detection detection = Detector.withBuiltInStacks().detect(new FsProbe(caseDir.resolve("tree")));
        List<JsonNode> wanted = expectedStacks(caseDir);
        String found = found(detection);
        assertEquals(
                wanted.size(),
                detection.stacks().size(),
                "stacks found: [" + found + "]; looked at: " + detection.lookedAt());
        for (JsonNode w : wanted) {
            checkStack(w, detection);
        }
    }

    /** The stacks a case's expected.json lists (none for a negative case). */
    static List<JsonNode> expectedStacks(Path caseDir) throws java.io.IOException {
        JsonNode expected = JSON.readTree(caseDir.resolve("expected.json").toFile());
        List<JsonNode> wanted = new ArrayList<>();
        if (expected.has("stacks")) {
            expected.get("stacks").forEach(wanted::add);
        } else if (!expected.get("stack").isNull()) {
            wanted.add(expected);
        }
        return wanted;
    }

    private static String found(Detection detection) {
        return detection.stacks().stream()
                .map(s -> s.stackId() + " at " + s.installDir())
                .collect(Collectors.joining(", "));
    }

    /**
     * Checks that {@code detection} holds the stack {@code w} describes (an expected.json stack): same install
     * folder, stack, edition, version, and each listed component with its class.
     */
    static void checkStack(JsonNode w, Detection detection) {
        String found = found(detection);
        {
            String installDir = w.get("installDir").asText();
            DetectedStack s = detection.stacks().stream()
                    .filter(d -> d.installDir().equals(installDir))
                    .findFirst()
                    .orElseGet(() -> fail("no stack at " + installDir + "; found [" + found + "]"));
            assertEquals(w.get("stack").asText(), s.stackId(), "stack at " + installDir);
            assertEquals(text(w.get("edition")), s.edition(), "edition of " + installDir);
            assertEquals(text(w.get("version")), s.version(), "version of " + installDir);
            Map<String, Component> byPath = s.components().stream()
                    .collect(Collectors.toMap(Component::path, Function.identity(), (a, b) -> a));
            List<String> wrong = new ArrayList<>();
            // One row per path (issue 21): two rows would count its size twice, under two classes.
            if (byPath.size() != s.components().size()) {
                wrong.add("a path is listed more than once: "
                        + s.components().stream().map(Component::path).toList());
            }
            for (JsonNode c : w.get("components")) {
                String path = c.get("path").asText();
                Component got = byPath.get(path);
                if (got == null) {
                    wrong.add("missing " + path + " (" + c.get("class").asText() + ")");
                } else if (!got.componentClass()
                        .jsonName()
                        .equals(c.get("class").asText())) {
                    wrong.add(path + " is " + got.componentClass().jsonName() + ", expected "
                            + c.get("class").asText());
                }
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\nreported: " + byPath.keySet());
            // A component that contains another would be copied twice, with two classes.
            LayoutWalkTest.assertNoComponentContainsAnother(s);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
