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
 */
public record Component(
        String path, ComponentClass componentClass, String kind, String method, OptionalLong sizeBytes, String note) {

    public Component {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(componentClass, "componentClass");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sizeBytes, "sizeBytes");
        note = note == null ? "" : note;
    }

    /** This component with a measured size. */
    public Component withSize(OptionalLong size) {
        return new Component(path, componentClass, kind, method, size, note);
    }

    /** This component with a different note. */
    public Component withNote(String newNote) {
        return new Component(path, componentClass, kind, method, sizeBytes, newNote);
    }
}
