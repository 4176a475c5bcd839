package dev.lifeboat.engine.docker;

import java.util.Map;
import java.util.Optional;

/**
 * A container as {@code docker ps -a} lists it, with the compose labels pulled out.
 *
 * @param id full container id
 * @param name name without the leading slash
 * @param image image as the engine names it
 * @param state e.g. {@code running}, {@code exited}
 * @param status human status, e.g. {@code Up 3 minutes}
 * @param labels all labels
 */
public record ContainerInfo(
        String id, String name, String image, String state, String status, Map<String, String> labels) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
    }

    public boolean running() {
        return "running".equals(state);
    }

    /** {@code com.docker.compose.project}. */
    public Optional<String> composeProject() {
        return Optional.ofNullable(labels.get("com.docker.compose.project"));
    }

    /** {@code com.docker.compose.service}. */
    public Optional<String> composeService() {
        return Optional.ofNullable(labels.get("com.docker.compose.service"));
    }

    /** {@code com.docker.compose.project.working_dir}. */
    public Optional<String> composeWorkingDir() {
        return Optional.ofNullable(labels.get("com.docker.compose.project.working_dir"));
    }

    /** {@code com.docker.compose.project.config_files} (comma-separated). */
    public Optional<String> composeConfigFiles() {
        return Optional.ofNullable(labels.get("com.docker.compose.project.config_files"));
    }
}
