package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.remote.CommandSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** What of the containers' own environment is secret, so that their log lines can be masked before anyone sees them. */
final class Secrets {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASS|SECRET|TOKEN|KEY|CREDENTIAL).*");
    private static final int MIN_LENGTH = 4;

    private Secrets() {}

    /** Masks the values of every secret-looking environment entry of these containers. */
    static UnaryOperator<String> masker(List<ContainerState> containers) {
        TreeSet<String> values = new TreeSet<>(
                Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (ContainerState c : containers) {
            for (Map.Entry<String, String> e : c.env().entrySet()) {
                if (SECRET_NAME.matcher(e.getKey()).matches() && e.getValue().length() >= MIN_LENGTH) {
                    values.add(e.getValue());
                }
            }
        }
        List<String> secrets = List.copyOf(values);
        return line -> {
            String s = line;
            for (String v : secrets) {
                if (s.contains(v)) {
                    s = s.replace(v, CommandSpec.MASK);
                }
            }
            return s;
        };
    }
}
