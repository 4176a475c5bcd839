package dev.lifeboat.engine.probe;

import java.util.List;

/**
 * What {@link Probe#survey} found.
 *
 * @param containers running containers with their compose labels; empty offline or when Docker is not reachable
 * @param files matching regular files
 * @param problems things that could not be searched (unreadable folders, time limit), for people
 */
public record Survey(List<RunningContainer> containers, List<FoundFile> files, List<String> problems) {
    public Survey {
        containers = List.copyOf(containers);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }
}
