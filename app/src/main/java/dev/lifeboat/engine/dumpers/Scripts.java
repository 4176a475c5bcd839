package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small shared pieces of the dumpers' in-container scripts. */
final class Scripts {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.@-]+");

    private Scripts() {}

    /** Runs a read-only script in a container and returns its output, or throws with its stderr. */
    static RemoteShell.Captured run(Docker docker, ContainerState c, String script, String what)
            throws EngineException {
        CommandSpec spec = docker.execScript(c, script, false);
        RemoteShell.Captured out = docker.shell().capture(spec);
        if (!out.ok()) {
            throw new EngineException("Could not " + what + " in container " + c.name() + " (" + c.label() + "): "
                    + firstLines(out.stderr().isBlank() ? out.stdout() : out.stderr()));
        }
        return out;
    }

    /** The line a counting script prints once its transaction holds its snapshot (MariaDB, PostgreSQL). */
    static final String SNAPSHOT_TAKEN = "LIFEBOAT-COUNT-SNAPSHOT";

    /**
     * Runs a read-only counting script that prints {@link #SNAPSHOT_TAKEN} on a line of its own as soon as its
     * transaction holds its snapshot, and tells {@code snapshotTaken} at that moment, while the rest still runs.
     * Returns the whole output, or throws with its stderr when it failed or never said the marker.
     */
    static String runCounting(Docker docker, ContainerState c, String script, String what, Runnable snapshotTaken)
            throws EngineException {
        CommandSpec spec = docker.execScript(c, script, false);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        boolean[] told = {false};
        CommandResult r = docker.shell()
                .run(
                        spec,
                        null,
                        new OutputSink() {
                            @Override
                            public void stdout(byte[] b, int off, int len) {
                                out.append(new String(b, off, len, StandardCharsets.UTF_8));
                                if (!told[0] && out.indexOf(SNAPSHOT_TAKEN + "\n") >= 0) {
                                    told[0] = true;
                                    snapshotTaken.run();
                                }
                            }

                            @Override
                            public void stderr(byte[] b, int off, int len) {
                                if (err.length() < 1 << 16) {
                                    err.append(new String(b, off, len, StandardCharsets.UTF_8));
                                }
                            }
                        },
                        new CancelToken());
        if (!r.ok() || !told[0]) {
            throw new EngineException("Could not " + what + " in container " + c.name() + " (" + c.label() + "): "
                    + firstLines(err.length() > 0 ? err.toString() : out.toString()));
        }
        return out.toString();
    }

    /**
     * Reads a probe's output: lines {@code MISSING what} (a tool is not there), {@code TOOL path}, {@code DB name}.
     */
    static Dumper.Source parseProbe(String stdout, ContainerState c, String engine) throws EngineException {
        String tool = null;
        List<String> dbs = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("MISSING ")) {
                throw new ToolMissingException(line.substring(8).strip() + " not found in container " + c.name()
                        + " (" + c.label() + ", image " + c.image() + "). Lifeboat dumps " + engine
                        + " with the tools of the database's own image: use an image that has them, or add them.");
            } else if (line.startsWith("TOOL ")) {
                tool = line.substring(5).strip();
            } else if (line.startsWith("DB ")) {
                dbs.add(line.substring(3).strip());
            }
        }
        if (tool == null) {
            throw new EngineException("The " + engine + " probe in container " + c.name() + " said nothing useful.");
        }
        return new Dumper.Source(tool, dbs);
    }

    /** A database or table name that can go into a script unquoted-safe; others are refused, not guessed. */
    static String checkedName(String name) throws EngineException {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new EngineException("Lifeboat does not dump a database named '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' yet (only letters, digits and _ . @ - are handled safely).");
        }
        return name;
    }

    /** Counts by name from a tool's output: every match of {@code p}, group 1 the name, group 2 the count. */
    static Map<String, Long> counts(Pattern p, String text) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counts;
    }

    /** Counts from the lines {@code name<TAB>count} that the SQL clients print, each name after {@code prefix}. */
    static Map<String, Long> tabCounts(String prefix, String out) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                counts.put(prefix + f[0], Long.parseLong(f[1].strip()));
            }
        }
        return counts;
    }

    static String firstLines(String s) {
        String t = s.strip();
        String[] lines = t.split("\n");
        if (lines.length <= 3) {
            return t;
        }
        return String.join(" / ", List.of(lines).subList(0, 3)) + " ...";
    }
}
