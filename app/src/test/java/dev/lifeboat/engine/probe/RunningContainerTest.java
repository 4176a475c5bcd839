package dev.lifeboat.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunningContainerTest {

    @Test
    void composeV2LabelsAreAbsoluteAlready() {
        assertEquals(
                List.of("/opt/app/docker-compose.yml", "/opt/app/override.yml"),
                RunningContainer.absolute(
                        "/opt/app", List.of("/opt/app/docker-compose.yml", " /opt/app/override.yml")));
    }

    @Test
    void composeV1RelativeFilesResolveAgainstTheFolderComposeRanIn() {
        // The Overleaf Toolkit runs `docker compose -f lib/docker-compose.base.yml ... -f config/...override.yml`
        // in its root: working_dir is the first file's folder, .../lib.
        assertEquals(
                List.of(
                        "/home/admin/overleaf-toolkit/lib/docker-compose.base.yml",
                        "/home/admin/overleaf-toolkit/config/docker-compose.override.yml"),
                RunningContainer.absolute(
                        "/home/admin/overleaf-toolkit/lib",
                        List.of("lib/docker-compose.base.yml", "config/docker-compose.override.yml")));
    }

    @Test
    void plainRelativeNamesSitInTheWorkingDir() {
        assertEquals(
                List.of("/srv/x/docker-compose.yml", "/srv/x/extra.yml"),
                RunningContainer.absolute("/srv/x/", List.of("docker-compose.yml", "./extra.yml")));
    }
}
