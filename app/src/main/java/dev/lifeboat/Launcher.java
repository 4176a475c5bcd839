package dev.lifeboat;

import dev.lifeboat.cli.Cli;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.ui.LifeboatApp;
import java.util.Arrays;

/**
 * The jar's entry point. With no arguments it opens the wizard window ({@code --open PROFILE}: and connects to that
 * saved profile); with other arguments it runs the command line.
 *
 * <p>A plain class, not the JavaFX {@code Application}: a shaded jar whose Main-Class extends {@code Application}
 * fails with "JavaFX runtime components are missing".
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
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

    /** Must run before the first logger is created: logback.xml reads these properties. */
    static void configureLogging(String[] args) {
        System.setProperty("lifeboat.log.dir", AppDirs.forCurrentUser().logs().toString());
        boolean debug = Arrays.asList(args).contains("--debug");
        System.setProperty("lifeboat.console.level", debug ? "DEBUG" : "OFF");
    }
}
