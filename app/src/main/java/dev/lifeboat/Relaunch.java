package dev.lifeboat;

import dev.lifeboat.engine.config.JvmOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Starts the jar again with Lifeboat's JVM options ({@link JvmOptions}) when {@code java -jar lifeboat.jar} was given
 * none: a jar's manifest cannot carry JVM options, and without them the heap may grow to a quarter of the machine's
 * memory and a backup's garbage with it (issue 22, ADR 0016). The installed launcher and {@code scripts/run} pass the
 * options themselves, so they run in one JVM.
 *
 * <p>The second JVM gets the same arguments, the same standard input, output and error (inherited, so a terminal
 * stays a terminal), and its exit code becomes this one's. Ctrl-C reaches both from the terminal: this one ignores it
 * and waits while the other cancels and undoes (CtrlC); a TERM or HUP sent to this one alone is passed on. If this
 * one is killed outright, the other stops at once too, as the one JVM would have ({@link #watchParent}). It never
 * loops: the second JVM's environment carries {@value #GUARD}. {@code -Dlifeboat.relaunch=false} turns it off; so do
 * heap or collector options of one's own.
 */
@dev.lifeboat.engine.ArchitectureException(
        reason = "says on stderr, before the CLI or any logger exists, that Java could not be started again with"
                + " Lifeboat's options")
final class Relaunch {
    /** Set (to this JVM's pid) in the second JVM's environment. */
    static final String GUARD = "LIFEBOAT_RELAUNCHED";

    static final String PROPERTY = "lifeboat.relaunch";

    private Relaunch() {}

    /**
     * The command that starts this program again with {@code options}, or empty when this JVM runs it itself: it is
     * the second one, relaunching is off, it was not started as {@code java [OPTIONS] -jar JAR} (the build's classes,
     * the installed launcher), or its options already size the heap or choose a collector.
     *
     * @param cmdline this process's command line ({@code /proc/self/cmdline}), empty when unknown
     */
    static Optional<List<String>> command(
            List<String> cmdline,
            Map<String, String> env,
            String property,
            String javaHome,
            List<String> options,
            String[] args) {
        if (env.containsKey(GUARD) || "false".equalsIgnoreCase(property) || cmdline.isEmpty()) {
            return Optional.empty();
        }
        int jar = cmdline.indexOf("-jar");
        if (jar < 1 || jar + 1 >= cmdline.size()) {
            return Optional.empty();
        }
        List<String> own = new ArrayList<>(cmdline.subList(1, jar));
        for (String v : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            if (env.get(v) != null) {
                own.add(env.get(v));
            }
        }
        if (JvmOptions.tuned(own)) {
            return Optional.empty();
        }
        List<String> c = new ArrayList<>();
        c.add(Path.of(javaHome, "bin", "java").toString());
        c.addAll(options);
        c.addAll(cmdline.subList(1, jar + 2));
        c.addAll(List.of(args));
        return Optional.of(c);
    }

    /** Runs the command as this program and returns its exit code. */
    static int run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put(GUARD, Long.toString(ProcessHandle.current().pid()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            System.err.println("lifeboat: could not start Java again with Lifeboat's options (" + e.getMessage()
                    + "); run it as java " + String.join(" ", JvmOptions.shipped()) + " -jar lifeboat.jar");
            return 1;
        }
        // Ctrl-C: the terminal sends it to the whole process group; the other JVM cancels, this one waits for it.
        Signal.handle(new Signal("INT"), s -> {});
        for (String name : List.of("TERM", "HUP")) {
            Signal.handle(new Signal(name), s -> p.destroy());
        }
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // Nothing interrupts this thread but the JVM's end, which waits for the child anyway: keep waiting.
            }
        }
    }

    /**
     * In the second JVM: when the first one is gone (killed outright: it forwards everything else and lives as long
     * as this one), stop at once, as the one JVM would have died with it. A daemon thread that looks every 200 ms.
     */
    static void watchParent(Map<String, String> env) {
        String pid = env.get(GUARD);
        if (pid == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty() || !Long.toString(parent.get().pid()).equals(pid)) {
            return;
        }
        ProcessHandle first = parent.get();
        Thread t = new Thread(
                () -> {
                    while (first.isAlive()) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    Runtime.getRuntime().halt(137);
                },
                "lifeboat-relaunch-parent");
        t.setDaemon(true);
        t.start();
    }
}
