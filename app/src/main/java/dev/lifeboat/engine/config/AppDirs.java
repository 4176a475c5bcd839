package dev.lifeboat.engine.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Lifeboat keeps its files on the admin's computer, following the XDG base directory conventions on Linux.
 *
 * <ul>
 *   <li>config: saved connection profiles and user stack descriptors ({@code $XDG_CONFIG_HOME/lifeboat});
 *   <li>state: logs ({@code $XDG_STATE_HOME/lifeboat});
 *   <li>snapshots: the default snapshot store ({@code ~/Lifeboat/snapshots}).
 * </ul>
 *
 * <p>{@code LIFEBOAT_HOME} overrides all three (config, state and snapshots below it), which tests use to stay out of
 * the real home folder.
 */
public record AppDirs(Path config, Path state, Path snapshots) {

    /** The folders for the current user and environment. */
    public static AppDirs forCurrentUser() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The folders for a given environment and home; pure, for tests. */
    public static AppDirs from(Map<String, String> env, Path home) {
        String override = env.get("LIFEBOAT_HOME");
        if (override != null && !override.isBlank()) {
            Path base = Path.of(override);
            return new AppDirs(base.resolve("config"), base.resolve("state"), base.resolve("snapshots"));
        }
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("lifeboat");
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("lifeboat");
        return new AppDirs(config, state, home.resolve("Lifeboat").resolve("snapshots"));
    }

    /** The folder of rolling log files. */
    public Path logs() {
        return state.resolve("logs");
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        // The XDG spec says relative paths are invalid and must be ignored.
        return value != null && value.startsWith("/") ? Path.of(value) : fallback;
    }
}
