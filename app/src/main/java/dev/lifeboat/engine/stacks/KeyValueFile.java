package dev.lifeboat.engine.stacks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code KEY=value} files: Compose {@code .env}, Overleaf {@code overleaf.rc}, shell {@code configuration.sh}
 * assignments. Comments, blank lines and {@code export} are skipped, one level of quotes is removed, and later values
 * may use earlier ones ({@code ${VAR}}), as Compose allows in {@code .env}.
 */
public final class KeyValueFile {
    private KeyValueFile() {}

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("'") && value.indexOf('\'', 1) > 0
                            || value.startsWith("\"") && value.indexOf('"', 1) > 0)) {
                char q = value.charAt(0);
                value = value.substring(1, value.indexOf(q, 1));
                if (q == '"') {
                    value = Interpolation.apply(value, out);
                }
            } else {
                int hash = value.indexOf(" #");
                if (hash >= 0) {
                    value = value.substring(0, hash).strip();
                }
                value = Interpolation.apply(value, out);
            }
            out.put(key, value);
        }
        return out;
    }
}
