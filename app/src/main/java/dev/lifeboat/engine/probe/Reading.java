package dev.lifeboat.engine.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@link Probe#read} call returned.
 *
 * @param files the text of each file asked for, by path, in the order asked
 * @param folders the listing of each folder asked for, by path, in the order asked
 */
public record Reading(Map<String, FileText> files, Map<String, FolderListing> folders) {
    public Reading {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        folders = Collections.unmodifiableMap(new LinkedHashMap<>(folders));
    }
}
