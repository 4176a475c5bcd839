package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.config.JvmOptions;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a scheduled run starts the headless command line: the same program as the window and the CLI (the installed
 * launcher, or {@code java -jar lifeboat.jar}). Immutable.
 *
 * @param argv the program and the arguments before Lifeboat's own
 */
public record Launch(List<String> argv) {
    /** Overrides what {@link #current} finds, e.g. {@code /usr/bin/lifeboat} when the jar runs from elsewhere. */
    public static final String PROPERTY = "lifeboat.launcher";

    public Launch {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a launch needs a program");
        }
        argv.forEach(a -> Objects.requireNonNull(a, "argument"));
    }

    /**
     * This Lifeboat: the {@value #PROPERTY} property; else the launcher of the installed package or app image
     * ({@code jpackage.app-path}); else the running jar with this Java and the shipped JVM options; else (from the build's classes) this Java
     * with this class path.
     */
    public static Launch current() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new Launch(List.of(configured));
        }
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null && !appPath.isBlank()) {
            Path launcher = Path.of(appPath);
            // The .deb links /usr/bin/lifeboat to its launcher: the name on the PATH is the one a person recognises.
            Path onPath = Path.of("/usr/bin/lifeboat");
            if (Files.isExecutable(onPath) && same(onPath, launcher)) {
                return new Launch(List.of(onPath.toString()));
            }
            return new Launch(List.of(appPath));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path code = codeSource();
        if (code != null && code.toString().endsWith(".jar")) {
            // With the shipped JVM options, so that the scheduled run is one JVM, not one that starts another.
            List<String> a = new ArrayList<>(List.of(java));
            a.addAll(JvmOptions.shipped());
            a.addAll(List.of("-jar", code.toString()));
            return new Launch(a);
        }
        List<String> a = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        a.add("dev.lifeboat.Launcher");
        return new Launch(a);
    }

    /** This launch followed by Lifeboat's arguments. */
    public List<String> with(String... args) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(List.of(args));
        return all;
    }

    private static Path codeSource() {
        try {
            var src = Launch.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
