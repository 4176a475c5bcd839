package dev.lifeboat.engine.probe;

import java.util.List;

/**
 * The names directly inside one folder, as {@link Probe#read} lists them.
 *
 * @param path absolute server path
 * @param status {@link FileText.Status#OK} for a folder that could be listed, {@link FileText.Status#MISSING} when
 *     nothing is there, {@link FileText.Status#UNREADABLE} for a file, or a folder this login may not list
 * @param names the names of the files and folders directly inside, sorted, hidden ones included; at most {@link
 *     ProbeLimits#MAX_LISTED_NAMES} (which ones is then not defined)
 * @param more true when the folder holds more names than {@code names}
 */
public record FolderListing(String path, FileText.Status status, List<String> names, boolean more) {
    public FolderListing {
        names = List.copyOf(names);
    }

    public static FolderListing missing(String path) {
        return new FolderListing(path, FileText.Status.MISSING, List.of(), false);
    }

    public static FolderListing unreadable(String path) {
        return new FolderListing(path, FileText.Status.UNREADABLE, List.of(), false);
    }

    public boolean ok() {
        return status == FileText.Status.OK;
    }
}
