package dev.lifeboat.engine.stacks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration values of a site, from several sources in priority order (e.g. {@code lib/default.rc} below
 * {@code config/overleaf.rc}). A lookup with alternative keys asks each source, highest first, for any of the keys,
 * so a renamed key in the user's file beats the new name in a default file. Immutable once built.
 */
public final class Settings {
    /** A found value and the source it came from. */
    public record Value(String key, String value, String source) {}

    private record Source(String name, Map<String, String> values) {}

    private final List<Source> sources = new ArrayList<>(); // lowest priority first
    private final List<String> problems = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    /** Adds a source above all earlier ones. */
    public Settings add(String name, Map<String, String> values) {
        sources.add(new Source(name, Map.copyOf(values)));
        return this;
    }

    /**
     * Adds a parsed {@code KEY=value} file above all earlier sources, keeping what could not be read in it; a file
     * with content but not one setting counts as unreadable.
     */
    public Settings add(String name, KeyValueFile.Parsed parsed) {
        add(name, parsed.values());
        problems.addAll(parsed.problems());
        if (parsed.garbage()) {
            unreadable.add(name);
        }
        return this;
    }

    /** Adds every source of {@code other}, in its order, above all earlier ones. */
    public Settings addAll(Settings other) {
        sources.addAll(other.sources);
        problems.addAll(other.problems);
        unreadable.addAll(other.unreadable);
        return this;
    }

    /** What could not be read in the sources, for people. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Sources that had content but no setting at all (garbage): what they would have said is unknown. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /** The first non-empty value of any of {@code keys}, asking the highest-priority source first. */
    public Optional<Value> get(List<String> keys) {
        for (int i = sources.size() - 1; i >= 0; i--) {
            Source s = sources.get(i);
            for (String k : keys) {
                String v = s.values().get(k);
                if (v != null && !v.isBlank()) {
                    return Optional.of(new Value(k, v, s.name()));
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Value> get(String key) {
        return get(List.of(key));
    }

    /** The first source holding a key that starts with {@code prefix}. */
    public Optional<Value> firstWithPrefix(String prefix) {
        for (int i = sources.size() - 1; i >= 0; i--) {
            for (Map.Entry<String, String> e : sources.get(i).values().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    return Optional.of(
                            new Value(e.getKey(), e.getValue(), sources.get(i).name()));
                }
            }
        }
        return Optional.empty();
    }

    /** All values merged, higher priority winning; the environment used for compose interpolation. */
    public Map<String, String> merged() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Source s : sources) {
            out.putAll(s.values());
        }
        return out;
    }

    public boolean isEmpty() {
        return sources.stream().allMatch(s -> s.values().isEmpty());
    }
}
