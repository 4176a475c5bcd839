package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the six deployments run on srv-a as the testbed's deploy step left them: their containers are found by
 * compose labels (never by name) and all run, and the seed fingerprint of each is printed.
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
        assertFalse(fingerprint.isBlank(), "empty fingerprint for " + deployment);
        assertEquals(fingerprint, testbed.fingerprint("srv-a", deployment), "the fingerprint is not stable");
    }
}
