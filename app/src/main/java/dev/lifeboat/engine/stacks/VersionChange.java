package dev.lifeboat.engine.stacks;

import java.util.List;

/**
 * What going from the version an installation runs to another means, as its files and its stack's {@code upgrade:}
 * say (ADR 0014): computed by {@link Upgrades#change} before anything changes, and refused when a check refuses.
 *
 * @param current the version the installation runs, as kept where {@code keptIn} says; null when it cannot be told
 * @param target the version asked for
 * @param keptIn where the version is kept, for people (e.g. {@code /srv/overleaf-toolkit/config/version})
 * @param edits the files written, in order: the version, the previous version kept, the vendor's rewrites
 * @param pulls the images to pull before anything stops ({@code REPOSITORY:TARGET})
 * @param builds compose services built on the new image (their base image carries the version)
 * @param migrates component kinds whose stores the new version migrates when it starts
 * @param migration what those migrations do, for people
 * @param startSeconds how long the new version may take to pass its health check, or null for the check's own
 * @param checks what the vendor says about this upgrade and whether it holds; any {@link Outcome#REFUSED} refuses it
 */
public record VersionChange(
        String current,
        String target,
        String keptIn,
        List<FileEdit> edits,
        List<String> pulls,
        List<String> builds,
        List<String> migrates,
        String migration,
        Integer startSeconds,
        List<Check> checks) {

    public VersionChange {
        edits = List.copyOf(edits);
        pulls = List.copyOf(pulls);
        builds = List.copyOf(builds);
        migrates = List.copyOf(migrates);
        checks = List.copyOf(checks);
    }

    /** How a check came out. */
    public enum Outcome {
        /** It applies and the installation meets it. */
        PASSED,
        /** Something to know; it does not stop the upgrade. */
        NOTE,
        /** The upgrade is refused. */
        REFUSED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One thing the vendor (or Lifeboat) says about this upgrade.
     *
     * @param why what is said and what to do, for people
     * @param detail what the installation shows about it (e.g. {@code MONGO_VERSION is 6.0}), or empty
     */
    public record Check(Outcome outcome, String why, String detail) {
        public Check {
            detail = detail == null ? "" : detail;
        }
    }

    /** The checks that refuse the upgrade. */
    public List<Check> refusals() {
        return checks.stream().filter(c -> c.outcome() == Outcome.REFUSED).toList();
    }

    public boolean refused() {
        return !refusals().isEmpty();
    }
}
