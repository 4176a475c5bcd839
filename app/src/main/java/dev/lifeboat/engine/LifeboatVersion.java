package dev.lifeboat.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, read from a resource that Maven fills in. */
public final class LifeboatVersion {
    private static final String RESOURCE = "/dev/lifeboat/version.properties";

    private LifeboatVersion() {}

    /** The version string, e.g. {@code 0.1.0-SNAPSHOT}; {@code "unknown"} when run from unfiltered sources. */
    public static String get() {
        try (InputStream in = LifeboatVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
