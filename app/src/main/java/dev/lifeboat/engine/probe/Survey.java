package dev.lifeboat.engine.probe;

import java.util.List;

/**
 * What {@link Probe#survey} found.
 *
 * @param containers running containers with their compose labels; empty offline or when Docker is not reachable
 * @param files matching regular files
 * @param problems things that could not be searched (unreadable folders, time limit), for people
 * @param searched the folders searched, in order: the roots asked for that exist, with a root that stands for every
 *     folder of its parent ({@code /*}) replaced by those folders
 */
public record Survey(
        List<RunningContainer> containers, List<FoundFile> files, List<String> problems, List<String> searched) {
    public Survey {
        containers = List.copyOf(containers);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        searched = List.copyOf(searched);
    }

    /** A survey that does not say which folders it searched. */
    public Survey(List<RunningContainer> containers, List<FoundFile> files, List<String> problems) {
        this(containers, files, problems, List.of());
    }
}
