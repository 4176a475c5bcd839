package dev.lifeboat.engine.probe;

import java.util.Set;

/** Bounds shared by every probe, so that FsProbe and ShellProbe search the same places the same way. */
public final class ProbeLimits {
    /**
     * Folders never searched: they hold no configuration and can be huge or virtual ({@code lost+found} is closed to
     * everyone but root on every file system and never holds an application).
     */
    public static final Set<String> PRUNED_DIR_NAMES =
            Set.of(".git", "node_modules", "overlay2", ".cache", "__pycache__", "lost+found", ".lifeboat-frozen-*");

    /**
     * Whether a folder of this name is never searched ({@link #PRUNED_DIR_NAMES}; a name ending in {@code *} stands
     * for every name that starts with what is before it: a backup's frozen copy of a btrfs subvolume, ADR 0017, holds
     * the application's files a second time while it exists).
     */
    public static boolean pruned(String name) {
        for (String p : PRUNED_DIR_NAMES) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The operating system's own folders. A search root written {@code /*} or {@code /var/*} stands for every folder
     * directly inside {@code /} or {@code /var} except these (and except hidden ones, such as a file system's
     * {@code /.snapshots}): they hold the system, its packages, logs and caches, never an admin's install, and some
     * are huge or virtual. {@code /usr/local} and Docker's volumes are searched when named as roots of their own.
     */
    public static final Set<String> SYSTEM_FOLDERS = Set.of(
            "/bin",
            "/boot",
            "/cdrom",
            "/dev",
            "/etc",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/lost+found",
            "/nix",
            "/proc",
            "/run",
            "/sbin",
            "/snap",
            "/sys",
            "/tmp",
            "/usr",
            "/var",
            "/var/backups",
            "/var/cache",
            "/var/crash",
            "/var/lib",
            "/var/lock",
            "/var/log",
            "/var/mail",
            "/var/run",
            "/var/snap",
            "/var/spool",
            "/var/tmp");

    /** Longest time one survey may search, in seconds, before it stops with a partial answer. */
    public static final int SURVEY_SECONDS = 20;

    /** Longest time measuring one path may take, in seconds; the size is then unknown. */
    public static final int SIZE_SECONDS = 10;

    /** Most files one survey reports; more means the roots are not where applications live. */
    public static final int MAX_FOUND_FILES = 20_000;

    /** Most names one folder listing returns; a listing cut there says so. */
    public static final int MAX_LISTED_NAMES = 200;

    private ProbeLimits() {}

    /** True when a root stands for every folder of its parent ({@code /*}, {@code /var/*}). */
    public static boolean isEveryFolderOf(String root) {
        return root.endsWith("/*");
    }

    /** The parent a {@link #isEveryFolderOf} root stands for the folders of: {@code /} for {@code /*}. */
    public static String parentOf(String root) {
        String p = root.substring(0, root.length() - 2);
        return p.isEmpty() ? "/" : p;
    }

    /**
     * True when a folder directly inside the parent of an {@link #isEveryFolderOf} root is searched: not hidden and
     * not one of the {@link #SYSTEM_FOLDERS}.
     */
    public static boolean searchedInside(String parent, String name) {
        String path = (parent.equals("/") ? "" : parent) + "/" + name;
        return !name.startsWith(".") && !SYSTEM_FOLDERS.contains(path);
    }
}
