package dev.lifeboat.engine.model;

import java.util.Locale;
import java.util.OptionalLong;

/** Sizes for people: {@code 0 B}, {@code 512 B}, {@code 1.5 KB}, {@code 3.2 GB} (powers of 1024). */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private ByteSizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
    }

    /** {@link #human(long)}, or an em dash when the size is unknown. */
    public static String human(OptionalLong bytes) {
        return bytes.isPresent() ? human(bytes.getAsLong()) : "—";
    }
}
