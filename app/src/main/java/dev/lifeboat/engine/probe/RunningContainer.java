package dev.lifeboat.engine.probe;

import java.util.List;

/**
 * A running container and its compose labels (empty strings when a label is absent).
 *
 * @param name container name
 * @param image image reference as Docker shows it
 * @param project {@code com.docker.compose.project}
 * @param service {@code com.docker.compose.service}
 * @param workingDir {@code com.docker.compose.project.working_dir}
 * @param configFiles {@code com.docker.compose.project.config_files}, split on commas
 */
public record RunningContainer(
        String name, String image, String project, String service, String workingDir, List<String> configFiles) {
    public RunningContainer {
        configFiles = List.copyOf(configFiles);
    }
}
