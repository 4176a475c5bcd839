package dev.lifeboat.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * An application found on a server.
 *
 * @param stackId catalogue id: {@code overleaf}, {@code cytomine}, {@code seatable}, {@code papermerge}, {@code nuxeo},
 *     {@code generic-compose}, or the id of a user descriptor
 * @param displayName name for people, e.g. {@code Overleaf}
 * @param edition e.g. {@code ce}, {@code server-pro}, {@code enterprise}; null when the product has none or the
 *     server does not say
 * @param version exactly as found on the server; null when the server does not say
 * @param installDir absolute path of the folder the admin works in
 * @param components its data, in descriptor order
 * @param evidence why it was recognised
 */
public record DetectedStack(
        String stackId,
        String displayName,
        String edition,
        String version,
        String installDir,
        List<Component> components,
        List<Evidence> evidence) {

    public DetectedStack {
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(installDir, "installDir");
        components = List.copyOf(components);
        evidence = List.copyOf(evidence);
    }

    /** The sum of the weights of the evidence. */
    public int score() {
        return evidence.stream().mapToInt(Evidence::weight).sum();
    }
}
