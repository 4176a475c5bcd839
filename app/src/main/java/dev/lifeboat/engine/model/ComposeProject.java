package dev.lifeboat.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * The compose project an application runs as, as the running containers' labels tell it: what a restore onto an
 * empty server needs to bring the same project up, and what the backup uses to find the containers.
 *
 * @param name {@code com.docker.compose.project}
 * @param workingDir {@code com.docker.compose.project.working_dir}
 * @param configFiles the compose files, absolute
 * @param services the services seen running, in name order
 */
public record ComposeProject(String name, String workingDir, List<String> configFiles, List<String> services) {
    public ComposeProject {
        Objects.requireNonNull(name, "name");
        workingDir = workingDir == null ? "" : workingDir;
        configFiles = List.copyOf(configFiles);
        services = List.copyOf(services);
    }
}
