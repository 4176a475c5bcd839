package dev.lifeboat.engine.offsite;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * restic's version, as {@code restic version} prints it ({@code restic 0.14.0 compiled with go1.19.8 on
 * linux/amd64}). Lifeboat needs 0.14 or newer (Debian 12's): the compressed repository format, {@code --json} status
 * lines for every push, {@code check --read-data-subset=N%}.
 */
public record ResticVersion(int major, int minor, int patch) implements Comparable<ResticVersion> {
    public static final ResticVersion MINIMUM = new ResticVersion(0, 14, 0);
    private static final Pattern VERSION = Pattern.compile("restic (\\d+)\\.(\\d+)\\.(\\d+)");

    /** The version in {@code restic version}'s output, if it names one. */
    public static Optional<ResticVersion> parse(String output) {
        Matcher m = VERSION.matcher(output == null ? "" : output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ResticVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    public boolean atLeast(ResticVersion other) {
        return compareTo(other) >= 0;
    }

    /**
     * restic 0.17 and newer say what failed in their exit code (10: no repository, 11: locked, 12: wrong password);
     * older ones only in their messages.
     */
    public boolean hasDetailedExitCodes() {
        return atLeast(new ResticVersion(0, 17, 0));
    }

    @Override
    public int compareTo(ResticVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
