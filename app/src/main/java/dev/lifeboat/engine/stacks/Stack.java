package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.DetectedStack;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One application the catalogue knows (a plug-in, conventions rule 3). Implementations are one class each, listed in
 * {@link StackRegistry}; most are a {@link DescriptorStack} over a YAML descriptor plus a small hook.
 *
 * <p>Contract: {@link #examine} is pure (it looks only at the {@link Site}, never at the server), fast, thread-safe,
 * and never throws for odd input: a site it cannot make sense of gives a low score or empty.
 */
public interface Stack {

    /** Catalogue id, e.g. {@code overleaf}. */
    String id();

    /** Name for people. */
    String displayName();

    /** Paths relative to an install folder whose presence marks a candidate folder (e.g. {@code cytomine.template}). */
    List<String> anchors();

    /** Paths relative to a candidate folder this stack wants read (config files, version files). */
    List<String> wantedFiles();

    /**
     * How well a site matches and, when it does, what it holds. Empty when nothing at all matched.
     *
     * @return the finding; its components carry no sizes yet
     */
    Optional<Finding> examine(Site site);

    /** How the application is stopped and started for a consistent copy. */
    default Maintenance maintenance() {
        return Maintenance.generic();
    }

    /**
     * Where this stack keeps its version and how a new one is applied (ADR 0014); empty when the catalogue does not
     * say, and then Lifeboat does not upgrade it. Data in a descriptor's {@code upgrade:}; a stack class overrides
     * this only where data is not enough.
     */
    default Optional<StackDescriptor.Upgrade> upgrade() {
        return Optional.empty();
    }

    /**
     * What a stack made of a site.
     *
     * @param detected the stack as it would be reported
     * @param threshold the score it needs to be reported
     * @param dropIfMissing component paths to leave out when the server does not have them
     * @param problems things it could not read, for people
     */
    record Finding(DetectedStack detected, int threshold, Set<String> dropIfMissing, List<String> problems) {
        public Finding {
            dropIfMissing = Set.copyOf(dropIfMissing);
            problems = List.copyOf(problems);
        }

        /** The same finding with its problems already reported elsewhere. */
        public Finding withoutProblems() {
            return new Finding(detected, threshold, dropIfMissing, List.of());
        }

        public boolean matches() {
            return detected.score() >= threshold;
        }
    }
}
