package dev.lifeboat.engine.probe;

import java.util.List;
import java.util.regex.Pattern;

/** Shell-style name globs ({@code *} and {@code ?} only), matched the way {@code find -name} matches them. */
final class Globs {
    private Globs() {}

    static Pattern toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    static boolean anyMatches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
