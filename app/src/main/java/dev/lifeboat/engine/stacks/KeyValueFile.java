package dev.lifeboat.engine.stacks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code KEY=value} files: Compose {@code .env}, Overleaf {@code overleaf.rc}, shell {@code configuration.sh}
 * assignments. Comments, blank lines and {@code export} are skipped, one level of quotes is removed (a double-quoted
 * value may span lines, as in Compose's {@code .env}), and later values may use earlier ones ({@code ${VAR}}).
 *
 * <p>What cannot be known from the file alone is left out rather than guessed, and said: a value whose quote never
 * closes, and a value made by running a command ({@code $(...)} or backquotes), which a shell would run and
 * detection does not.
 */
public final class KeyValueFile {
    /** How many unreadable lines are named one by one before the rest are only counted. */
    private static final int LINES_NAMED = 3;

    /** The settings of one file and what could not be read in it. */
    public record Parsed(Map<String, String> values, List<String> problems, int lines, int badLines) {
        /** True when the file has content, yet not one line of it is a setting. */
        public boolean garbage() {
            return values.isEmpty() && badLines > 0;
        }
    }

    private KeyValueFile() {}

    public static Map<String, String> parse(String text) {
        return parse(text, "file").values();
    }

    /** Parses {@code text}; {@code where} names the file in problems. */
    public static Parsed parse(String text, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Integer> bad = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        int contentLines = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            contentLines++;
            int lineNo = i + 1;
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            String key = eq <= 0 ? "" : line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                bad.add(lineNo);
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("'") || value.startsWith("\"")) {
                char q = value.charAt(0);
                int close = value.indexOf(q, 1);
                StringBuilder joined = new StringBuilder(value);
                int j = i;
                // A double-quoted value may go on over the next lines; a single-quoted one too in Compose's .env.
                while (close < 0 && j + 1 < lines.length) {
                    j++;
                    joined.append('\n').append(lines[j]);
                    close = joined.indexOf(String.valueOf(q), 1);
                }
                if (close < 0) {
                    problems.add(where + " line " + lineNo + ": the value of " + key
                            + " opens a quote that is never closed; " + key + " is left out");
                    break; // everything after it is inside that quote
                }
                i = j;
                value = joined.substring(1, close);
                if (q == '"') {
                    if (runsACommand(value)) {
                        problems.add(commandProblem(where, lineNo, key));
                        continue;
                    }
                    value = Interpolation.apply(value, out);
                }
            } else {
                int hash = value.indexOf(" #");
                if (hash >= 0) {
                    value = value.substring(0, hash).strip();
                }
                if (runsACommand(value)) {
                    problems.add(commandProblem(where, lineNo, key));
                    continue;
                }
                value = Interpolation.apply(value, out);
            }
            out.put(key, value);
        }
        if (!bad.isEmpty()) {
            List<String> named = bad.subList(0, Math.min(LINES_NAMED, bad.size())).stream()
                    .map(String::valueOf)
                    .toList();
            String which = String.join(", ", named)
                    + (bad.size() > LINES_NAMED ? " and " + (bad.size() - LINES_NAMED) + " more" : "");
            problems.add(
                    out.isEmpty()
                            ? where + " holds no KEY=value setting (" + bad.size() + " line"
                                    + (bad.size() == 1 ? "" : "s") + " that are not); nothing in it was used"
                            : where + ": line" + (bad.size() == 1 ? " " : "s ") + which + " not KEY=value; skipped");
        }
        return new Parsed(out, problems, contentLines, bad.size());
    }

    private static boolean runsACommand(String value) {
        return value.contains("$(") || value.contains("`");
    }

    private static String commandProblem(String where, int lineNo, String key) {
        return where + " line " + lineNo + ": " + key
                + " is the output of a command ($(...) or backquotes), which detection does not run; left out";
    }
}
