package dev.lifeboat.engine.stacks;

import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

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
            return Optional.ofNullable(new Yaml(new SafeConstructor(options)).load(text));
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
}
