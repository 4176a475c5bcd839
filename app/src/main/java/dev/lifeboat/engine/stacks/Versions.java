package dev.lifeboat.engine.stacks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders application versions as vendors write them: the leading dotted numbers first ({@code 5.0.3} before
 * {@code 5.1}, {@code 5.1} the same as {@code 5.1.0}), then a version with a suffix ({@code 5.1.0-RC1},
 * {@code 4.4a16}, {@code 5.0.rc45}) is the pre-release of the one without; two suffixes are ordered by their numbers,
 * then by their text. Used where versions are ordered for people and for upgrades (a restore's version check, an
 * upgrade's constraints); detection's {@code versionBelow} compares numbers only.
 */
public final class Versions {
    private static final Pattern RELEASE = Pattern.compile("^v?(\\d+(?:\\.\\d+)*)(.*)$");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private Versions() {}

    /** Negative when {@code a} is older than {@code b}, zero when they are the same, positive when newer. */
    public static int compare(String a, String b) {
        Matcher ma = RELEASE.matcher(a.strip());
        Matcher mb = RELEASE.matcher(b.strip());
        if (!ma.matches() || !mb.matches()) {
            return a.compareTo(b);
        }
        int c = compareNumbers(ma.group(1).split("\\."), mb.group(1).split("\\."));
        if (c != 0) {
            return c;
        }
        String sa = ma.group(2);
        String sb = mb.group(2);
        if (sa.isEmpty() || sb.isEmpty()) {
            return sa.isEmpty() == sb.isEmpty() ? 0 : sa.isEmpty() ? 1 : -1;
        }
        c = compareNumbers(numbers(sa), numbers(sb));
        return c != 0 ? c : sa.compareTo(sb);
    }

    /** The leading dotted numbers of a version ({@code 5.0.1} of {@code 5.0.1-with-texlive-full}), or the version. */
    public static String release(String v) {
        Matcher m = RELEASE.matcher(v.strip());
        return m.matches() ? m.group(1) : v.strip();
    }

    private static String[] numbers(String s) {
        return NUMBER.matcher(s).results().map(r -> r.group()).toArray(String[]::new);
    }

    /** Component by component, a missing one counting as 0. */
    private static int compareNumbers(String[] a, String[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i].replaceFirst("^0+(?=\\d)", "") : "0";
            String y = i < b.length ? b[i].replaceFirst("^0+(?=\\d)", "") : "0";
            int c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
