package dev.lifeboat.engine.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One piece of data an application keeps on the server.
 *
 * @param path absolute path as seen on the server
 * @param componentClass what it means for a backup
 * @param kind what it holds: {@code files}, {@code config}, {@code secrets}, {@code mongodb}, {@code mariadb},
 *     {@code postgresql}, {@code redis}, {@code sqlite}, {@code elasticsearch} ...
 * @param method how it is saved: {@code copy}, {@code dump} or {@code none}
 * @param sizeBytes bytes of its regular files, empty when unknown (not measured, missing, or too slow to measure)
 * @param note why it has this class, for people; never null, may be empty
 * @param rebuild for a {@code rebuildable} component, how the application rebuilds it after a restore (a command or
 *     an admin action, for people); never null, empty when nothing needs doing or nobody said
 */
public record Component(
        String path,
        ComponentClass componentClass,
        String kind,
        String method,
        OptionalLong sizeBytes,
        String note,
        String rebuild) {

    public Component {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(componentClass, "componentClass");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sizeBytes, "sizeBytes");
        note = note == null ? "" : note;
        rebuild = rebuild == null ? "" : rebuild;
    }

    /** A component with no rebuild hint. */
    public Component(
            String path,
            ComponentClass componentClass,
            String kind,
            String method,
            OptionalLong sizeBytes,
            String note) {
        this(path, componentClass, kind, method, sizeBytes, note, "");
    }

    /** This component with a measured size. */
    public Component withSize(OptionalLong size) {
        return new Component(path, componentClass, kind, method, size, note, rebuild);
    }

    /** This component with a different note. */
    public Component withNote(String newNote) {
        return new Component(path, componentClass, kind, method, sizeBytes, newNote, rebuild);
    }
}
