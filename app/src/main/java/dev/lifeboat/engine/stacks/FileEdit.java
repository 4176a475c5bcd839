package dev.lifeboat.engine.stacks;

import java.util.List;
import java.util.Objects;

/**
 * A change to one file of an installation, computed from its text before anything is written: the whole text before
 * and after, and what changes in words. The texts may hold secrets (a {@code .env}): they are written to the server
 * and put back, never shown; {@link #changes} and {@link #toString} name only versions and settings' names.
 *
 * @param path absolute server path
 * @param before the text now, or null when the file does not exist yet (putting it back removes it)
 * @param after the text it gets
 * @param changes what changes, for people, e.g. {@code 4.2.0 -> 5.5.4}
 */
public record FileEdit(String path, String before, String after, List<String> changes) {
    public FileEdit {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(after, "after");
        changes = List.copyOf(changes);
    }

    @Override
    public String toString() {
        return path + ": " + String.join("; ", changes);
    }
}
