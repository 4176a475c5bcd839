package dev.lifeboat.engine.probe;

import java.util.OptionalLong;

/**
 * What {@link Probe#stat} learned about one path.
 *
 * @param path absolute server path
 * @param type what is there
 * @param sizeBytes total bytes of the regular files at or below the path; empty when missing or not measured in time
 * @param empty true when it holds no regular file other than {@code .keep} placeholders (a missing path is empty)
 */
public record PathStats(String path, Type type, OptionalLong sizeBytes, boolean empty) {

    /** What is at a path. */
    public enum Type {
        MISSING,
        /** Cannot tell: a folder on the way is not readable by this login (e.g. /var/lib/docker without root). */
        UNKNOWN,
        FILE,
        DIRECTORY,
        OTHER,
        /** A symbolic link loop on the way (more links than the kernel follows). */
        LINK_LOOP
    }

    public static PathStats missing(String path) {
        return new PathStats(path, Type.MISSING, OptionalLong.empty(), true);
    }

    /** True unless the path is known to be missing (an {@link Type#UNKNOWN} path may exist). */
    public boolean exists() {
        return type != Type.MISSING;
    }
}
