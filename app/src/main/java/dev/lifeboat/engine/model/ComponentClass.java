package dev.lifeboat.engine.model;

import java.util.Locale;

/**
 * What a component means for a backup (DESIGN §3, "Component classes"). The JSON name is the lower-case constant
 * name ({@code backup}, {@code rebuildable}, {@code ephemeral}, {@code deletable}).
 */
public enum ComponentClass {
    /** Must be kept: configuration, secrets, user files, database contents. */
    BACKUP,
    /** The application can regenerate it after a restore (search indexes, derived stores). */
    REBUILDABLE,
    /** Safe to delete while the application is stopped (compile dirs, caches, temporary uploads, logs, pids). */
    EPHEMERAL,
    /** Unused leftovers that may be deleted any time. */
    DELETABLE;

    /** The name used in JSON and in descriptors. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a JSON or descriptor name such as {@code backup}; case does not matter. */
    public static ComponentClass fromJson(String name) {
        for (ComponentClass c : values()) {
            if (c.jsonName().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown component class '" + name + "' (expected backup, rebuildable, ephemeral or deletable)");
    }
}
