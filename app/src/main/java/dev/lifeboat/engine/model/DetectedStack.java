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
 * @param compose the compose project it runs as; null when nothing of it runs (offline detection, stopped site)
 */
public record DetectedStack(
        String stackId,
        String displayName,
        String edition,
        String version,
        String installDir,
        List<Component> components,
        List<Evidence> evidence,
        ComposeProject compose) {

    public DetectedStack {
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(installDir, "installDir");
        components = List.copyOf(components);
        evidence = List.copyOf(evidence);
    }

    /** A stack with no running compose project known. */
    public DetectedStack(
            String stackId,
            String displayName,
            String edition,
            String version,
            String installDir,
            List<Component> components,
            List<Evidence> evidence) {
        this(stackId, displayName, edition, version, installDir, components, evidence, null);
    }

    /** This stack with the compose project it runs as. */
    public DetectedStack withCompose(ComposeProject project) {
        return new DetectedStack(stackId, displayName, edition, version, installDir, components, evidence, project);
    }

    /** This stack with other components. */
    public DetectedStack withComponents(List<Component> list) {
        return new DetectedStack(stackId, displayName, edition, version, installDir, list, evidence, compose);
    }

    /** The sum of the weights of the evidence. */
    public int score() {
        return evidence.stream().mapToInt(Evidence::weight).sum();
    }
}
