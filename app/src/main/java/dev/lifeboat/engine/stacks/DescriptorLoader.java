package dev.lifeboat.engine.stacks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads stack descriptors from YAML, with messages that say which file and line is wrong. */
public final class DescriptorLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DescriptorLoader() {}

    /** Parses one descriptor; {@code where} names it in error messages. */
    public static StackDescriptor parse(String yaml, String where) throws EngineException {
        try {
            StackDescriptor d = YAML.readValue(yaml, StackDescriptor.class);
            if (d == null) {
                throw new EngineException("stack descriptor " + where + " is empty");
            }
            for (StackDescriptor.ComponentRule r : d.components()) {
                // Fail at load time, not in the middle of a detection.
                dev.lifeboat.engine.model.ComponentClass.fromJson(r.componentClass());
            }
            List<String> regexes = new ArrayList<>();
            List<StackDescriptor.ValueRule> rules = new ArrayList<>(d.version());
            rules.addAll(d.edition());
            for (StackDescriptor.ValueRule r : rules) {
                regexes.add(r.regex());
                regexes.add(r.when() == null ? null : r.when().matches());
            }
            for (StackDescriptor.ComponentRule r : d.components()) {
                regexes.add(r.regex());
                regexes.add(r.when() == null ? null : r.when().matches());
            }
            if (d.upgrade() != null) {
                regexes.add(d.upgrade().versionFormat());
                d.upgrade().rewrites().forEach(r -> regexes.add(r.regex()));
                d.upgrade()
                        .constraints()
                        .forEach(c ->
                                regexes.add(c.when() == null ? null : c.when().matches()));
            }
            for (String regex : regexes) {
                if (regex != null) {
                    try {
                        Pattern.compile(regex, Pattern.MULTILINE);
                    } catch (PatternSyntaxException e) {
                        throw new EngineException("stack descriptor " + where + ": the regex '" + regex
                                + "' is not valid: " + e.getDescription());
                    }
                }
            }
            return d;
        } catch (UnrecognizedPropertyException e) {
            throw new EngineException(
                    "stack descriptor " + where + ": unknown field '" + e.getPropertyName() + "'" + line(e)
                            + "; known fields: " + e.getKnownPropertyIds(),
                    e);
        } catch (JsonProcessingException e) {
            throw new EngineException(
                    "stack descriptor " + where + " is not valid: " + e.getOriginalMessage() + line(e), e);
        } catch (IllegalArgumentException e) {
            throw new EngineException("stack descriptor " + where + " is not valid: " + e.getMessage(), e);
        }
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** A descriptor shipped in the application's resources, {@code dev/lifeboat/stacks/ID.yml}. */
    public static StackDescriptor builtIn(String id) {
        String resource = "/dev/lifeboat/stacks/" + id + ".yml";
        try (InputStream in = DescriptorLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in descriptor " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException | EngineException e) {
            // A broken built-in descriptor is a bug in this build, not a user error.
            throw new IllegalStateException("built-in descriptor " + resource + " is broken: " + e.getMessage(), e);
        }
    }

    /** A descriptor and the file it came from. */
    public record Loaded(Path file, StackDescriptor descriptor) {}

    /**
     * The user's descriptors: every {@code *.yml} in {@code dir} (normally {@code AppDirs.config()/stacks}). A
     * missing folder gives none; a broken file is reported in {@code problems} and skipped.
     */
    public static List<StackDescriptor> fromFolder(Path dir, List<String> problems) {
        return filesIn(dir, problems).stream().map(Loaded::descriptor).toList();
    }

    /** As {@link #fromFolder}, with the file of each descriptor, in file name order. */
    public static List<Loaded> filesIn(Path dir, List<String> problems) {
        List<Loaded> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yml")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                try {
                    out.add(new Loaded(f, parse(Files.readString(f), f.toString())));
                } catch (EngineException e) {
                    problems.add(e.getMessage());
                } catch (IOException e) {
                    problems.add("cannot read stack descriptor " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add("cannot list stack descriptors in " + dir + ": " + e.getMessage());
        }
        return out;
    }
}
