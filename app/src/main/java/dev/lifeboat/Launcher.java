package dev.lifeboat;

import dev.lifeboat.cli.Cli;
import dev.lifeboat.engine.ArchitectureException;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.config.JvmOptions;
import dev.lifeboat.ui.LifeboatApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The jar's entry point. With no arguments it opens the wizard window ({@code --open PROFILE}: and connects to that
 * saved profile); with other arguments it runs the command line.
 *
 * <p>Started as a bare {@code java -jar} without Lifeboat's JVM options, it starts the jar again with them first
 * ({@link Relaunch}, issue 22).
 *
 * <p>A plain class, not the JavaFX {@code Application}: a shaded jar whose Main-Class extends {@code Application}
 * fails with "JavaFX runtime components are missing".
 */
@ArchitectureException(
        reason = "says on stderr, before any logger exists, that the log folder cannot be written: logging itself"
                + " is what cannot be used for that, and the CLI's streams do not exist yet")
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Optional<List<String>> again = Relaunch.command(
                ProcessHandle.current()
                        .info()
                        .arguments()
                        .map(a -> {
                            List<String> all = new ArrayList<>();
                            all.add(ProcessHandle.current().info().command().orElse("java"));
                            all.addAll(List.of(a));
                            return all;
                        })
                        .orElse(List.of()),
                System.getenv(),
                System.getProperty(Relaunch.PROPERTY),
                System.getProperty("java.home"),
                JvmOptions.shipped(),
                args);
        if (again.isPresent()) {
            System.exit(Relaunch.run(again.get()));
        }
        Relaunch.watchParent(System.getenv());
        String names = System.getProperty("sun.jnu.encoding", "");
        if (!names.equalsIgnoreCase("UTF-8") && namesLocalFiles(args)) {
            System.err.println(notUtf8(names, System.getenv()));
            System.exit(2);
        }
        configureLogging(args);
        if (args.length == 0) {
            LifeboatApp.main(args);
        } else if (args.length == 2 && args[0].equals("--open")) {
            // Open the window and connect to a saved profile right away (e.g. from a desktop shortcut).
            System.setProperty(LifeboatApp.OPEN_PROFILE_PROPERTY, args[1]);
            LifeboatApp.main(new String[0]);
        } else if (args.length == 2 && args[0].equals("--demo-detected")) {
            // Developer aid: open the window on the Detected stack page for a local copy of a server's files.
            System.setProperty(LifeboatApp.DEMO_DETECTED_PROPERTY, args[1]);
            LifeboatApp.main(new String[0]);
        } else {
            System.exit(Cli.run(args));
        }
    }

    /**
     * Whether the command may name the server's files on this computer (a backup, a restore, the window): all but
     * those that only print (the version, the help) or only look at a server ({@code detect}), which run under any
     * locale — a bare server login has none.
     */
    static boolean namesLocalFiles(String[] args) {
        if (args.length == 0) {
            return true;
        }
        return !java.util.Set.of("--version", "-V", "--help", "-h", "help", "detect")
                .contains(args[0]);
    }

    /**
     * What to do when Java names files in another encoding than UTF-8 (a locale such as C or POSIX, or none: a bare
     * container, an ssh login that brought no LANG, a service). Java then cannot read or write a file name with a
     * character outside ASCII, which servers have (a document called "Rechnung März.pdf"): Lifeboat refuses before
     * anything is done rather than fail half-way.
     */
    static String notUtf8(String encoding, java.util.Map<String, String> env) {
        String locale = java.util.stream.Stream.of("LC_ALL", "LC_CTYPE", "LANG")
                .filter(v -> env.get(v) != null && !env.get(v).isEmpty())
                .map(v -> v + "=" + env.get(v))
                .findFirst()
                .orElse("no LANG or LC_ALL");
        return "lifeboat: this computer's locale (" + locale + ") makes Java name files in " + encoding
                + ", and the server's file names are UTF-8: a name like 'März.pdf' could not be copied. Run Lifeboat"
                + " with a UTF-8 locale: LANG=C.UTF-8 lifeboat ... (or set one for good: sudo dpkg-reconfigure"
                + " locales). Nothing was done.";
    }

    /**
     * Must run before the first logger is created: logback.xml reads these properties. A log folder that cannot be
     * written (a service account without a home, a read-only XDG_STATE_HOME) falls back to one in the temporary
     * folder, said once on standard error; standard output is never touched.
     */
    static void configureLogging(String[] args) {
        Path logs = AppDirs.forCurrentUser().logs();
        if (!writable(logs)) {
            Path fallback = Path.of(
                    System.getProperty("java.io.tmpdir"), "lifeboat-" + System.getProperty("user.name"), "logs");
            System.err.println("lifeboat: warning: cannot write logs to " + logs
                    + (writable(fallback) ? "; logging to " + fallback + " instead" : "; not logging to a file"));
            logs = fallback;
        }
        System.setProperty("lifeboat.log.dir", logs.toString());
        boolean debug = Arrays.asList(args).contains("--debug");
        System.setProperty("lifeboat.console.level", debug ? "DEBUG" : "OFF");
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isDirectory(dir) && Files.isWritable(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
