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
 * @param configFiles {@code com.docker.compose.project.config_files}, split on commas; relative entries are made
 *     absolute (see {@link #absolute})
 */
public record RunningContainer(
        String name, String image, String project, String service, String workingDir, List<String> configFiles) {
    public RunningContainer {
        configFiles = absolute(workingDir, configFiles);
    }

    /**
     * Compose v2 writes absolute paths into the config_files label; v1 writes them as given on its command line,
     * relative to the folder compose ran in, which no label records. The working_dir label is the first file's
     * folder, so that folder is the working_dir less the first file's own folder part: {@code -f
     * lib/docker-compose.base.yml} run in {@code /home/admin/overleaf-toolkit} gives working_dir {@code
     * .../overleaf-toolkit/lib}, and the files resolve against {@code .../overleaf-toolkit}.
     */
    static List<String> absolute(String workingDir, List<String> files) {
        List<String> stripped =
                files.stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
        if (workingDir.isBlank() || stripped.stream().allMatch(f -> f.startsWith("/"))) {
            return stripped;
        }
        String ranIn = workingDir.replaceAll("/+$", "");
        String first =
                stripped.stream().filter(f -> !f.startsWith("/")).findFirst().orElseThrow();
        String firstDir = first.contains("/") ? first.substring(0, first.lastIndexOf('/')) : "";
        firstDir = firstDir.replaceAll("^(\\./)+", "");
        if (!firstDir.isEmpty() && !firstDir.equals(".") && ranIn.endsWith("/" + firstDir)) {
            ranIn = ranIn.substring(0, ranIn.length() - firstDir.length() - 1);
        }
        String base = ranIn.isEmpty() ? "/" : ranIn;
        return stripped.stream()
                .map(f -> f.startsWith("/") ? f : (base.equals("/") ? "" : base) + "/" + f.replaceFirst("^(\\./)+", ""))
                .toList();
    }
}
