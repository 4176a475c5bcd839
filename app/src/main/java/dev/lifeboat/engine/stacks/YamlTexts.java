package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.probe.Probe;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads YAML found on servers (compose files, {@code cytomine.yml}) safely: plain data types only, anchors and merge
 * keys ({@code <<: *x}) resolved, duplicate keys refused (as Docker Compose refuses them), alias bombs and huge
 * documents refused. Errors become one readable line; nothing is logged.
 */
final class YamlTexts {
    private static final int MAX_ALIASES = 200;

    /** The most values a document may hold once its aliases are expanded, as a reader walking it would see them. */
    static final int MAX_EXPANDED_VALUES = 200_000;

    private YamlTexts() {}

    /** The loaded document, or empty with {@code problem[0]} set to why not. */
    static Optional<Object> load(String text, String where, String[] problem) {
        return load(text, where, problem, false);
    }

    /**
     * As {@link #load(String, String, String[])}; {@code truncated} says the text is only the start of the file (it
     * was larger than the probe reads), so that a parse error is reported as that and not as invalid YAML.
     */
    static Optional<Object> load(String text, String where, String[] problem, boolean truncated) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(Probe.MAX_FILE_BYTES + 1);
        try {
            DumperOptions dump = new DumperOptions();
            Yaml yaml =
                    new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new TextResolver());
            Object doc = yaml.load(text);
            if (expandedSize(doc, new int[] {0}) > MAX_EXPANDED_VALUES) {
                problem[0] = where + " expands to more than " + MAX_EXPANDED_VALUES
                        + " values through YAML aliases (an alias bomb?); not read";
                return Optional.empty();
            }
            return Optional.ofNullable(doc);
        } catch (DuplicateKeyException e) {
            problem[0] = where + " has the key " + duplicateKey(e) + " twice" + mark(e)
                    + "; Docker Compose refuses such a file, so it was not read";
        } catch (MarkedYAMLException e) {
            problem[0] = truncated
                    ? where + " is larger than " + (Probe.MAX_FILE_BYTES >> 20) + " MiB and was read only in part;"
                            + " that part could not be understood"
                    : where + " is not valid YAML: " + e.getProblem() + mark(e);
        } catch (YAMLException | ClassCastException | StackOverflowError e) {
            problem[0] = truncated
                    ? where + " is larger than " + (Probe.MAX_FILE_BYTES >> 20) + " MiB and was read only in part;"
                            + " that part could not be understood"
                    : where + " is not valid YAML: " + e.getMessage();
        }
        return Optional.empty();
    }

    private static String mark(MarkedYAMLException e) {
        return e.getProblemMark() == null
                ? ""
                : " (line " + (e.getProblemMark().getLine() + 1) + ", column "
                        + (e.getProblemMark().getColumn() + 1) + ")";
    }

    private static String duplicateKey(DuplicateKeyException e) {
        // SnakeYAML says: found duplicate key image
        String p = e.getProblem() == null ? "" : e.getProblem();
        String k = p.startsWith("found duplicate key ") ? p.substring("found duplicate key ".length()) : p;
        return "'" + k.strip() + "'";
    }

    /**
     * Counts the values of a loaded document as a walk would meet them, aliases expanded, stopping once past the
     * limit: shared lists cost nothing to load but everything to walk.
     */
    private static int expandedSize(Object node, int[] count) {
        if (++count[0] > MAX_EXPANDED_VALUES) {
            return count[0];
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                expandedSize(e.getKey(), count);
                expandedSize(e.getValue(), count);
                if (count[0] > MAX_EXPANDED_VALUES) {
                    break;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                expandedSize(o, count);
                if (count[0] > MAX_EXPANDED_VALUES) {
                    break;
                }
            }
        }
        return count[0];
    }

    /**
     * Keeps plain scalars as the text that was written: {@code VERSION: 2025.10} stays "2025.10" (not the number
     * 2025.1), as Compose reads environment values. Only null and merge keys are resolved.
     */
    private static final class TextResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
