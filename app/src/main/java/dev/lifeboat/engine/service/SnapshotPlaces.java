package dev.lifeboat.engine.service;

import java.util.List;
import java.util.Map;

/**
 * Where one application's snapshots are besides this computer's store, as the Action page's browser shows it: what
 * the off-site repositories (ADR 0012) hold of it. A repository that could not be read is named in {@code problems};
 * its copies are then unknown, never "gone".
 *
 * @param asked whether any repository was asked (false: none is configured, every snapshot is only here)
 * @param repositoriesByFolder the repositories that hold a snapshot, by its folder name ({@link SnapshotInfo#id()})
 * @param offsiteOnly the folder names of the snapshots of the application that only a repository holds, newest first
 * @param problems one line per repository that could not be read: its name, address and why
 */
public record SnapshotPlaces(
        boolean asked,
        Map<String, List<String>> repositoriesByFolder,
        List<String> offsiteOnly,
        List<String> problems) {

    /** No repository is configured: nothing was asked. */
    public static final SnapshotPlaces NONE = new SnapshotPlaces(false, Map.of(), List.of(), List.of());

    public SnapshotPlaces {
        repositoriesByFolder = Map.copyOf(repositoriesByFolder);
        offsiteOnly = List.copyOf(offsiteOnly);
        problems = List.copyOf(problems);
    }

    /** The repositories that hold the snapshot {@code folder}, in their order; empty when none (that was read) does. */
    public List<String> repositories(String folder) {
        return repositoriesByFolder.getOrDefault(folder, List.of());
    }

    /**
     * Where a snapshot of the store is, as {@code lifeboat snapshots} says it: {@code here}, or {@code both (NAME,
     * ...)}.
     */
    public String where(String folder) {
        List<String> names = repositories(folder);
        return names.isEmpty() ? "here" : "both (" + String.join(", ", names) + ")";
    }

    /** The repositories that hold any of {@link #offsiteOnly}, each once. */
    public List<String> offsiteOnlyRepositories() {
        return offsiteOnly.stream()
                .flatMap(f -> repositories(f).stream())
                .distinct()
                .toList();
    }
}
