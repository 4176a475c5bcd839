package dev.lifeboat.engine.probe;

import dev.lifeboat.engine.EngineException;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one server, designed for batching: each method is one round trip to the server, whatever the
 * number of paths it is given. Detection calls {@link #survey}, then {@link #read}, then {@link #stat}: three round
 * trips after login.
 *
 * <p>Contract, for every implementation (the shared test suite checks it):
 *
 * <ul>
 *   <li>Never changes anything on the server.
 *   <li>Paths in and out are absolute server paths ({@code /opt/app/.env}), whatever the implementation reads from.
 *   <li>Missing, unreadable and oversized things are reported in the result, not thrown: one bad folder never hides
 *       the rest. {@link EngineException} means the probe as a whole failed (connection lost, shell missing).
 *   <li>Every call is bounded in depth, bytes and time, so a huge or looping tree gives a partial answer with a
 *       problem noted, never a hang.
 *   <li>Calls block the calling thread; an implementation is not required to be thread-safe.
 * </ul>
 */
public interface Probe {

    /**
     * Largest number of bytes {@link #readFiles} returns per file; longer files are cut and marked truncated. Far
     * above any real compose, {@code .env} or rc file, so that only a hostile or broken file is ever cut.
     */
    int MAX_FILE_BYTES = 8 << 20;

    /** Most bytes one {@link #readFiles} call returns in all; files after that are {@link FileText.Status#SKIPPED}. */
    int MAX_READ_BYTES = 40 << 20;

    /**
     * One round trip: the running compose containers (if Docker is reachable) and the regular files under {@code
     * roots}, down to {@code maxDepth} levels below each root, whose name matches one of {@code namePatterns} (shell
     * globs on the file name, e.g. {@code *.yml}, {@code .env}). A root written {@code /*} or {@code /var/*} stands
     * for every folder directly inside {@code /} or {@code /var}, each searched as a root of its own, except hidden
     * ones and {@link ProbeLimits#SYSTEM_FOLDERS}. Symbolic links are followed (a folder reached twice, or a loop, is
     * searched once); {@link FsProbe} never follows one out of its folder. The whole survey stops after {@link
     * ProbeLimits#SURVEY_SECONDS}, whatever the number of roots.
     */
    Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) throws EngineException;

    /**
     * One round trip: the text of each of {@code files}, at most {@link #MAX_FILE_BYTES} bytes each, and the names
     * directly inside each of {@code folders} (at most {@link ProbeLimits#MAX_LISTED_NAMES}). Every requested path
     * has an entry in the result; see {@link FileText} and {@link FolderListing} for missing and unreadable ones.
     */
    Reading read(List<String> files, List<String> folders) throws EngineException;

    /** One round trip: {@link #read} of files alone. */
    default Map<String, FileText> readFiles(List<String> paths) throws EngineException {
        return read(paths, List.of()).files();
    }

    /**
     * One round trip: whether each path exists, its type, the total size of its regular files and whether it holds
     * anything but {@code .keep} placeholders. Every requested path has an entry in the result.
     */
    Map<String, PathStats> stat(List<String> paths) throws EngineException;

    /** A short description for people, e.g. {@code folder /tmp/tree} or {@code ssh admin@host}. */
    String describe();
}
