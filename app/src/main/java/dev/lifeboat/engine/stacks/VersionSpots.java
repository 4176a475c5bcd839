package dev.lifeboat.engine.stacks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a version is written in an installation's files, to the character: the first line of a version file, the
 * value of a {@code KEY=value} or {@code KEY: value} line, the tag of an image in a compose file or in the {@code .env}
 * variable the compose file takes it from. Line based on purpose: a new version changes those characters and nothing
 * else of the file (comments, order, quoting and the admin's other settings stay as they were). Pure functions over
 * texts.
 */
final class VersionSpots {
    private VersionSpots() {}

    /**
     * Characters of a file that hold a version.
     *
     * @param file absolute path
     * @param line line index (from 0)
     * @param start first character in that line
     * @param end after the last character
     * @param text what is there now
     * @param what which value of the file, for people (e.g. {@code SEATABLE_IMAGE}); empty when the file is the
     *     version file
     */
    record Spot(String file, int line, int start, int end, String text, String what) {
        /** Where it is, for people, e.g. {@code SEATABLE_IMAGE in /opt/seatable-compose/.env}. */
        String where() {
            return what.isEmpty() ? file : what + " in " + file;
        }

        /** What writing {@code value} there changes, for people. */
        String change(String value) {
            return (what.isEmpty() ? "" : what + ": ") + text + " -> " + value;
        }
    }

    private static final Pattern IMAGE_LINE =
            Pattern.compile("^(\\s*image\\s*:\\s*)([\"']?)([^\"'#\\s][^\"'#]*?)\\2\\s*(#.*)?$");
    private static final Pattern WHOLE_VAR =
            Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?\\}$|^\\$([A-Za-z_][A-Za-z0-9_]*)$");

    /** The first line of a version file (the Overleaf Toolkit's {@code config/version}); empty when it is blank. */
    static Optional<Spot> firstLine(String file, String text) {
        String first = lines(text).get(0);
        String v = first.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        int start = first.indexOf(v);
        return Optional.of(new Spot(file, 0, start, start + v.length(), v, ""));
    }

    /**
     * The value of the first of {@code keys} set in a {@code KEY=value} ({@code .env}) or {@code KEY: value} (YAML)
     * line; with {@code tag}, only the tag of the image reference it holds.
     */
    static Optional<Spot> keyValue(String file, String text, List<String> keys, boolean tag) {
        List<String> lines = lines(text);
        for (String key : keys) {
            Pattern p = Pattern.compile("^\\s*(?:export\\s+)?" + Pattern.quote(key) + "\\s*[=:][ \\t]*");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = p.matcher(line);
                if (!m.lookingAt()) {
                    continue;
                }
                int start = m.end();
                int end;
                if (start < line.length() && (line.charAt(start) == '"' || line.charAt(start) == '\'')) {
                    int close = line.indexOf(line.charAt(start), start + 1);
                    if (close < 0) {
                        continue; // a value over several lines is not a version
                    }
                    start++;
                    end = close;
                } else {
                    // Unquoted: a comment starts at " #", as Compose's .env and YAML read it.
                    Matcher comment = Pattern.compile("[ \\t]#").matcher(line);
                    end = comment.find(start) ? comment.start() : line.length();
                    while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
                        end--;
                    }
                }
                if (end <= start) {
                    continue;
                }
                String value = line.substring(start, end);
                if (!tag) {
                    return Optional.of(new Spot(file, i, start, end, value, key));
                }
                int[] t = tagSpan(value);
                if (t == null) {
                    return Optional.empty();
                }
                return Optional.of(new Spot(
                        file, i, start + t[0], start + t[1], value.substring(t[0], t[1]), "the tag of " + key));
            }
        }
        return Optional.empty();
    }

    /** An image a compose file names, as compose reads it, and where its tag is written. */
    record ImageSpot(ImageRef image, Spot tag) {}

    /**
     * The images of {@code compose} files that {@code wanted} accepts, each with where its tag is written: in the
     * {@code image:} line, in the default of its {@code ${VAR:-...}}, or in {@code env} (the {@code .env} file) when
     * the variable comes from there. Commented lines are skipped. A wanted image whose tag cannot be placed (no tag,
     * a variable set elsewhere) is said in {@code problems}.
     *
     * @param texts file texts by absolute path
     * @param vars the values compose interpolates with
     * @param env the {@code .env} file's absolute path
     */
    static List<ImageSpot> imageTags(
            Map<String, String> texts,
            List<String> compose,
            String env,
            Map<String, String> vars,
            Predicate<ImageRef> wanted,
            List<String> problems) {
        List<ImageSpot> out = new ArrayList<>();
        String envText = texts.get(env);
        for (String file : compose) {
            String text = texts.get(file);
            if (text == null) {
                continue;
            }
            List<String> lines = lines(text);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = IMAGE_LINE.matcher(lines.get(i));
                if (!m.matches()) {
                    continue;
                }
                String raw = m.group(3);
                ImageRef image = ImageRef.parse(Interpolation.apply(raw, vars));
                if (image.repository().isEmpty() || !wanted.test(image)) {
                    continue;
                }
                String at = "line " + (i + 1);
                Spot tag = tagOf(raw, m.start(3), file, i, at, env, envText, vars, problems);
                if (tag != null) {
                    out.add(new ImageSpot(image, tag));
                }
            }
        }
        return out;
    }

    /** Where the tag of an {@code image:} value is written; null (and a problem) when it cannot be placed. */
    private static Spot tagOf(
            String raw,
            int offset,
            String file,
            int line,
            String at,
            String env,
            String envText,
            Map<String, String> vars,
            List<String> problems) {
        Matcher whole = WHOLE_VAR.matcher(raw);
        if (whole.matches()) {
            String var = whole.group(1) != null ? whole.group(1) : whole.group(4);
            Optional<Spot> inEnv = envText == null ? Optional.empty() : keyValue(env, envText, List.of(var), false);
            if (inEnv.isPresent()) {
                // .env sets it, so compose takes it from there whatever the default says.
                Optional<Spot> tag = keyValue(env, envText, List.of(var), true);
                if (tag.isEmpty()) {
                    problems.add("the image on " + at + " of " + file + " comes from " + var + " in " + env
                            + ", which has no tag there; write the version that runs as its tag");
                }
                return tag.orElse(null);
            }
            if (!vars.getOrDefault(var, "").isEmpty()) {
                problems.add("the image on " + at + " of " + file + " comes from " + var + ", which is set outside "
                        + env + " (Lifeboat writes only there); set it in " + env);
                return null;
            }
            String dflt = whole.group(3);
            if (dflt != null && !dflt.contains("$")) {
                int[] t = tagSpan(dflt);
                if (t != null) {
                    int s = offset + whole.start(3);
                    return new Spot(
                            file,
                            line,
                            s + t[0],
                            s + t[1],
                            dflt.substring(t[0], t[1]),
                            "the default tag of ${" + var + "} on " + at);
                }
            }
            problems.add("the image on " + at + " of " + file + " comes from " + var + ", which " + env
                    + " does not set with a tag; set it there (" + var + "=IMAGE:VERSION)");
            return null;
        }
        int[] t = tagSpan(raw);
        if (t == null) {
            problems.add("the image on " + at + " of " + file + " (" + raw
                    + ") has no tag, so it runs whatever 'latest' was when it"
                    + " was pulled; write the version that runs as its tag");
            return null;
        }
        String tagText = raw.substring(t[0], t[1]);
        Matcher tv = WHOLE_VAR.matcher(tagText);
        if (tv.matches()) {
            String var = tv.group(1) != null ? tv.group(1) : tv.group(4);
            Optional<Spot> inEnv = envText == null ? Optional.empty() : keyValue(env, envText, List.of(var), false);
            if (inEnv.isPresent()) {
                return inEnv.get();
            }
            if (!vars.getOrDefault(var, "").isEmpty()) {
                problems.add("the tag of the image on " + at + " of " + file + " comes from " + var + ", which is set"
                        + " outside " + env + " (Lifeboat writes only there); set it in " + env);
                return null;
            }
            String dflt = tv.group(3);
            if (dflt != null && !dflt.isEmpty() && !dflt.contains("$")) {
                int s = offset + t[0] + tv.start(3);
                return new Spot(file, line, s, s + dflt.length(), dflt, "the default of ${" + var + "} on " + at);
            }
            problems.add("the tag of the image on " + at + " of " + file + " comes from " + var + ", which " + env
                    + " does not set; set it there");
            return null;
        }
        if (tagText.contains("$")) {
            problems.add("the tag of the image on " + at + " of " + file + " (" + tagText
                    + ") is made of variables; write the" + " version there or in one variable");
            return null;
        }
        return new Spot(file, line, offset + t[0], offset + t[1], tagText, "the image tag on " + at);
    }

    /**
     * The tag's characters in an image reference ({@code repo:tag}, {@code host:5000/repo:tag@sha256:...}, {@code
     * mongo:${MONGO_VERSION}}), or null when it has none: the last colon after the last slash, both outside {@code
     * ${...}}.
     */
    static int[] tagSpan(String ref) {
        int depth = 0;
        int slash = -1;
        int colon = -1;
        int end = ref.length();
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == '$' && i + 1 < ref.length() && ref.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (depth == 0 && c == '/') {
                slash = i;
            } else if (depth == 0 && c == ':') {
                colon = i;
            } else if (depth == 0 && c == '@') {
                end = i;
                break;
            }
        }
        if (colon <= slash || colon + 1 >= end) {
            return null;
        }
        return new int[] {colon + 1, end};
    }

    /** {@code text} with every spot (all in this file) replaced by {@code value}. */
    static String replace(String text, List<Spot> spots, String value) {
        List<String> lines = new ArrayList<>(lines(text));
        List<Spot> sorted = new ArrayList<>(spots);
        // Right to left within a line, so earlier offsets stay valid.
        sorted.sort(Comparator.comparingInt(Spot::line)
                .thenComparing(Comparator.comparingInt(Spot::start).reversed()));
        int lastLine = -1;
        int lastStart = Integer.MAX_VALUE;
        for (Spot s : sorted) {
            if (s.line() == lastLine && s.start() == lastStart) {
                continue; // the same spot reached twice (two services' ${VAR})
            }
            String l = lines.get(s.line());
            lines.set(s.line(), l.substring(0, s.start()) + value + l.substring(s.end()));
            lastLine = s.line();
            lastStart = s.start();
        }
        return String.join("\n", lines);
    }

    /** The lines of a text, split on {@code \n} only (a {@code \r} stays with its line and is written back). */
    static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }
}
