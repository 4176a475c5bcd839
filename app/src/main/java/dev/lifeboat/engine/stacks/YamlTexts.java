package dev.lifeboat.engine.stacks;

import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads YAML found on servers (compose files, {@code cytomine.yml}) safely: plain data types only, anchors and merge
 * keys ({@code <<: *x}) resolved, alias bombs and huge documents refused. Errors become one readable line.
 */
final class YamlTexts {
    private static final int MAX_ALIASES = 200;
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private YamlTexts() {}

    /** The loaded document, or empty with {@code problem[0]} set to why not. */
    static Optional<Object> load(String text, String where, String[] problem) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(MAX_CODE_POINTS);
        try {
            DumperOptions dump = new DumperOptions();
            Yaml yaml =
                    new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new TextResolver());
            return Optional.ofNullable(yaml.load(text));
        } catch (MarkedYAMLException e) {
            problem[0] = where + " is not valid YAML: " + e.getProblem()
                    + (e.getProblemMark() == null
                            ? ""
                            : " (line " + (e.getProblemMark().getLine() + 1) + ", column "
                                    + (e.getProblemMark().getColumn() + 1) + ")");
        } catch (YAMLException | ClassCastException e) {
            problem[0] = where + " is not valid YAML: " + e.getMessage();
        }
        return Optional.empty();
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
