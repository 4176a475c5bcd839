package dev.lifeboat.engine.probe;

import java.util.Set;

/** Bounds shared by every probe, so that FsProbe and ShellProbe search the same places the same way. */
public final class ProbeLimits {
    /** Folders never searched: they hold no configuration and can be huge or virtual. */
    public static final Set<String> PRUNED_DIR_NAMES =
            Set.of(".git", "node_modules", "overlay2", ".cache", "__pycache__");

    /** Longest time one survey may search, in seconds, before it stops with a partial answer. */
    public static final int SURVEY_SECONDS = 20;

    /** Longest time measuring one path may take, in seconds; the size is then unknown. */
    public static final int SIZE_SECONDS = 10;

    /** Most files one survey reports; more means the roots are not where applications live. */
    public static final int MAX_FOUND_FILES = 20_000;

    private ProbeLimits() {}
}
