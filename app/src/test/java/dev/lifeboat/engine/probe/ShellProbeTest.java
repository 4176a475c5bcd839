package dev.lifeboat.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.remote.LocalShell;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe contract with the real scripts run by a local shell, plus the shape of the commands it sends. */
class ShellProbeTest extends ProbeContractTest {
    @Override
    Probe probe(Path root) {
        return new ShellProbe(new LocalShell(), root.toString());
    }

    @Test
    void eachCallIsOneReadOnlyShellCommandWithItsDataAsArguments() {
        ShellProbe live = new ShellProbe(new FakeShell(), false);
        CommandSpec survey = live.surveyCommand(List.of("/opt", "/srv"), 6, List.of("*.yml", ".env"));
        assertFalse(survey.mutating());
        assertEquals(List.of("sh", "-c"), survey.args().subList(0, 2));
        assertEquals(
                List.of("/opt", "/srv"),
                survey.args().subList(survey.args().size() - 2, survey.args().size()));
        assertTrue(survey.args().contains("*.yml/.env"));
        assertTrue(survey.args().contains("yes"), "live survey asks docker");
        assertTrue(survey.timeout().isPresent());

        CommandSpec read = live.readCommand(List.of("/opt/a b/.env"));
        assertEquals("/opt/a b/.env", read.args().get(read.args().size() - 1));
        assertTrue(read.toShellLine().endsWith("'/opt/a b/.env'"), read.toShellLine());
        assertFalse(live.statCommand(List.of("/x")).mutating());
    }

    @Test
    void containersComeFromDockerPsLabels() throws Exception {
        String out = "C\tcyto-core-1\tcytomine/core:5.1.0\tcyto\tcore\t/opt/cytomine\t/opt/cytomine/docker-compose.yml,"
                + "/opt/cytomine/docker-compose.override.yml\n"
                + "C\tCannot connect to the Docker daemon at unix:///var/run/docker.sock\n";
        ShellProbe p = new ShellProbe(new FakeShell().on("", 0, out, ""), false);
        Survey s = p.survey(List.of("/opt"), 6, List.of("*.yml"));
        assertEquals(1, s.containers().size());
        assertEquals("/opt/cytomine", s.containers().get(0).workingDir());
        assertEquals(2, s.containers().get(0).configFiles().size());
        assertTrue(
                s.problems().get(0).contains("Cannot connect to the Docker daemon"),
                s.problems().toString());
    }
}
