package dev.lifeboat.engine.model;

import java.util.Objects;

/**
 * One reason why a stack was recognised: a file, key, image, container or mount that matched a fingerprint.
 *
 * @param what what matched, for people, e.g. {@code file config/overleaf.rc} or {@code image sharelatex/sharelatex}
 * @param weight how much it counted towards the stack's score
 */
public record Evidence(String what, int weight) {
    public Evidence {
        Objects.requireNonNull(what, "what");
    }
}
