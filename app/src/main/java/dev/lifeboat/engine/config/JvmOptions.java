package dev.lifeboat.engine.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options Lifeboat is shipped with: the resource {@code dev/lifeboat/jvm-options}, the one list that the
 * installed launcher (jpackage's {@code --java-options}), {@code scripts/run}, a scheduled run's command line and a
 * bare {@code java -jar} (which the launcher starts again with them) all use. Issue 22, ADR 0016.
 */
public final class JvmOptions {
    /** The resource, one option per line, {@code #} comments. */
    public static final String RESOURCE = "/dev/lifeboat/jvm-options";

    private JvmOptions() {}

    /** The options, in order. */
    public static List<String> shipped() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(BufferedReader r) throws IOException {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether JVM options (a command line's, or those of {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS},
     * {@code _JAVA_OPTIONS}) already size the heap or choose a collector: then they are someone's choice, kept as
     * they are.
     */
    public static boolean tuned(List<String> options) {
        for (String o : options) {
            for (String w : o.strip().split("\\s+")) {
                if (w.startsWith("-Xmx")
                        || w.startsWith("-XX:MaxHeapSize")
                        || w.startsWith("-XX:MaxRAM")
                        || w.startsWith("-XX:InitialRAMPercentage")
                        || w.matches("-XX:\\+Use\\w*GC")) {
                    return true;
                }
            }
        }
        return false;
    }
}
