package dev.lifeboat.engine.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe over files given as texts, for unit tests that need a server's few files and nothing else: every file not
 * given is missing; it finds no containers and no folders. Records the files asked for.
 */
public final class FakeProbe implements Probe {
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final List<String> asked = new ArrayList<>();

    /** The text of a server file (absolute path). */
    public FakeProbe file(String path, String text) {
        texts.put(path, text);
        return this;
    }

    /** Every file asked for, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) {
        return new Survey(List.of(), List.of(), List.of());
    }

    @Override
    public Reading read(List<String> files, List<String> folders) {
        Map<String, FileText> out = new LinkedHashMap<>();
        for (String f : files) {
            asked.add(f);
            String t = texts.get(f);
            out.put(f, t == null ? FileText.missing(f) : new FileText(f, FileText.Status.OK, t, false));
        }
        Map<String, FolderListing> listed = new LinkedHashMap<>();
        for (String d : folders) {
            listed.put(d, FolderListing.missing(d));
        }
        return new Reading(out, listed);
    }

    @Override
    public Map<String, PathStats> stat(List<String> paths) {
        Map<String, PathStats> out = new LinkedHashMap<>();
        paths.forEach(p -> out.put(p, PathStats.missing(p)));
        return out;
    }

    @Override
    public String describe() {
        return "files given by a test";
    }
}
