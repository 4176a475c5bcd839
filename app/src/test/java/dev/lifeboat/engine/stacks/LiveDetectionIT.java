package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live detection over SSH on the testbed: srv-a runs the six deployments in their real layouts (installed from the
 * corpus cases of the same names), and the detector must find each as the case's expected.json says; srv-b runs
 * nothing. Also checks the promise of at most 3 SSH round trips after login.
 */
@TestbedTest
class LiveDetectionIT {
    /** The testbed's deployments on srv-a; each is the corpus case of the same name, installed as it really is. */
    static final List<String> DEPLOYMENTS = List.of(
            "overleaf-toolkit-6.2.2-ce",
            "overleaf-compose-sharelatex-2022",
            "cytomine-ce2025.1",
            "seatable-6.1.8-compose",
            "papermerge-3.6-standard-compose",
            "nuxeo-lts2025-presales-compose");

    @TempDir
    static Path dir;

    private static Detection srvA;
    private static int roundTrips;

    @BeforeAll
    static void detectOnSrvA() throws Exception {
        TestbedHosts.assumeUp();
        try (SshSession session = TestbedHosts.root("srv-a", Files.createDirectories(dir.resolve("a")));
                SshjRemoteShell shell = new SshjRemoteShell(session)) {
            ShellProbe probe = new ShellProbe(shell, false);
            srvA = Detector.withBuiltInStacks().detect(probe);
            roundTrips = probe.commandsRun();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachDeploymentIsDetectedAsItsCorpusCaseSays() {
        Path corpus = Corpus.require();
        return DEPLOYMENTS.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    for (JsonNode stack : CorpusDetectionTest.expectedStacks(corpus.resolve(name))) {
                        CorpusDetectionTest.checkStack(withTestbedEdits(name, stack), srvA);
                    }
                }));
    }

    /**
     * The one admin edit of a deployment that changes the answer (testbed/deploy/README.md): the testbed's Nuxeo
     * installs the audit package a production LTS 2025 needs ({@code nuxeo-audit-opensearch1}), so its OpenSearch
     * data holds the audit log and is {@code backup} (dumped), where the corpus case without it says {@code
     * rebuildable}.
     */
    static JsonNode withTestbedEdits(String deployment, JsonNode stack) {
        if (!deployment.equals("nuxeo-lts2025-presales-compose")) {
            return stack;
        }
        JsonNode copy = stack.deepCopy();
        int edited = 0;
        for (JsonNode c : copy.get("components")) {
            if (c.get("path").asText().equals("/var/lib/docker/volumes/acme-dam_opensearch-data/_data")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) c).put("class", "backup");
                edited++;
            }
        }
        assertEquals(1, edited, "the corpus case still lists the OpenSearch data the testbed edit changes");
        return copy;
    }

    @Test
    void srvAHoldsExactlyTheSixApplications() {
        assertEquals(
                DEPLOYMENTS.size(),
                srvA.stacks().size(),
                "found " + srvA.stacks().stream().map(DetectedStack::installDir).toList());
    }

    @Test
    void liveDetectionTakesThreeRoundTripsAndMeasuresSizesOnTheServer() {
        assertEquals(3, roundTrips, "SSH commands run for one detection");
        DetectedStack seatable = srvA.stacks().stream()
                .filter(s -> s.stackId().equals("seatable"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                seatable.components().stream()
                        .filter(c -> c.path().equals("/opt/mariadb"))
                        .allMatch(c -> c.sizeBytes().orElse(0) > 1_000_000),
                "the seeded MariaDB datadir has a size measured on the server");
    }

    @Test
    void anEmptyServerHoldsNoApplication() throws Exception {
        try (SshSession session = TestbedHosts.root("srv-b", Files.createDirectories(dir.resolve("b")));
                SshjRemoteShell shell = new SshjRemoteShell(session)) {
            Detection d = Detector.withBuiltInStacks().detect(new ShellProbe(shell, false));
            assertTrue(d.stacks().isEmpty(), "srv-b runs nothing, found " + d.stacks());
            assertTrue(
                    d.lookedAt().stream().anyMatch(l -> l.contains("no known application")),
                    d.lookedAt().toString());
        }
    }
}
