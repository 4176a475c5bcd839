package dev.lifeboat.engine.stacks;

import java.util.Map;

/**
 * Docker Compose variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code
 * ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}} (defaults may
 * nest) and {@code $$} for a literal dollar. A missing variable becomes the empty string, as Compose does with a
 * warning; {@code :?} does not fail here, because detection must still say what it can.
 */
public final class Interpolation {
    private Interpolation() {}

    /** Interpolates {@code text} with {@code vars}. */
    public static String apply(String text, Map<String, String> vars) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = matchingBrace(text, i + 1);
                if (end < 0) {
                    out.append(text.substring(i));
                    break;
                }
                out.append(expand(text.substring(i + 2, end), vars));
                i = end + 1;
            } else if (Character.isLetter(next) || next == '_') {
                int j = i + 1;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                out.append(vars.getOrDefault(text.substring(i + 1, j), ""));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int j = open; j < text.length(); j++) {
            char ch = text.charAt(j);
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return -1;
    }

    private static String expand(String expr, Map<String, String> vars) {
        int j = 0;
        while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_')) {
            j++;
        }
        String name = expr.substring(0, j);
        String op = expr.substring(j);
        String value = vars.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (op.isEmpty()) {
            return set ? value : "";
        }
        if (op.startsWith(":-")) {
            return nonEmpty ? value : apply(op.substring(2), vars);
        }
        if (op.startsWith("-")) {
            return set ? value : apply(op.substring(1), vars);
        }
        if (op.startsWith(":+")) {
            return nonEmpty ? apply(op.substring(2), vars) : "";
        }
        if (op.startsWith("+")) {
            return set ? apply(op.substring(1), vars) : "";
        }
        if (op.startsWith(":?") || op.startsWith("?")) {
            return set ? value : "";
        }
        return set ? value : "";
    }
}
