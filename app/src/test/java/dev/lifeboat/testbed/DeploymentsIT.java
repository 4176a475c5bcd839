package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the six deployments run on srv-a as the testbed's deploy step left them: their containers are found by
 * compose labels (never by name) and all run, and each one's fingerprint holds exactly the documents, rows, keys and
 * files the seed writes ({@code seed-counts.txt}), so that a store or a file missing fails here.
 */
@TestbedTest
class DeploymentsIT {

    private final Testbed testbed;

    DeploymentsIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overleaf-toolkit-6.2.2-ce,        overleaf-toolkit",
        "overleaf-compose-sharelatex-2022, overleaf",
        "cytomine-ce2025.1,                cytomine-ce",
        "seatable-6.1.8-compose,           seatable-compose",
        "papermerge-3.6-standard-compose,  papermerge",
        "nuxeo-lts2025-presales-compose,   acme-dam",
    })
    void runsOnSrvAAndHasItsSeedFingerprint(String deployment, String project) {
        List<String> containers = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--format",
                        "{{.Label \"com.docker.compose.service\"}} {{.State}}")
                .orThrow()
                .stdout()
                .lines()
                .toList();
        assertFalse(containers.isEmpty(), "no container of compose project " + project + " on srv-a");
        for (String container : containers) {
            assertTrue(container.endsWith(" running"), project + ": " + container);
        }

        String fingerprint = testbed.fingerprint("srv-a", deployment);
        System.out.println("seed fingerprint of " + deployment + ":\n" + fingerprint);
        List<String> counts = fingerprint
                .lines()
                .map(l -> l.replaceAll(" (sha256|md5)=[0-9a-f]+", ""))
                .toList();
        List<String> golden = seedCounts(deployment);
        assertFalse(golden.isEmpty(), "no seed counts for " + deployment);
        List<String> missing = golden.stream().filter(g -> !counts.contains(g)).toList();
        assertTrue(
                missing.isEmpty(),
                deployment + ": not as seeded:\n" + String.join("\n", missing) + "\nfingerprint:\n" + fingerprint);
        assertEquals(fingerprint, testbed.fingerprint("srv-a", deployment), "the fingerprint is not stable");
    }

    /** The lines of {@code seed-counts.txt} for one deployment. */
    static List<String> seedCounts(String deployment) {
        try (InputStream in = DeploymentsIT.class.getResourceAsStream("seed-counts.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith(deployment + "|"))
                    .map(l -> l.substring(deployment.length() + 1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
