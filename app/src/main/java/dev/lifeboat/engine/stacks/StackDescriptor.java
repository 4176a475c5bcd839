package dev.lifeboat.engine.stacks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A stack descriptor: the data half of a stack (DESIGN §3), read from YAML. Every list may be written as a single
 * value. See {@code docs/stack-descriptors.md} for the format with examples.
 *
 * @param id catalogue id, e.g. {@code overleaf}
 * @param name display name
 * @param threshold score a site needs for this stack to be reported
 * @param anchors files whose presence makes their folder (the path minus the anchor) a candidate install folder
 * @param reads files, relative to the install folder, read besides compose files and {@code .env}
 * @param settings {@code KEY=value} files, lowest priority first; an entry that is a list means the first that exists
 * @param composeFiles compose file names (globs) used when the folder has neither {@code COMPOSE_FILE} nor a
 *     standard compose file, for layouts started with explicit {@code -f} options
 * @param fingerprints what counts as evidence
 * @param version rules for the version, first that gives a value wins
 * @param edition rules for the edition, first that gives a value wins
 * @param components the data the application keeps
 * @param keepUnmatchedMounts report bind mounts and volumes no component describes, as {@code backup}
 * @param stopOrder services to stop, in order, for a consistent copy (databases stay up for dumps)
 * @param startOrder services to start, in order, after the copy
 * @param healthCheck how to tell the application is up again
 * @param keepUp services that stay up during the window besides the dumped databases
 * @param beforeStop commands run in containers before anything stops
 * @param dumpsBeforeFiles take the dumps before the final file copy (the vendor asks for this order)
 * @param afterRestore commands run in containers after a restore has started the application
 * @param siteUrl the settings that name the site, changed by a migration to a new URL
 * @param composeWrapper the vendor's own compose command in the install folder (e.g. the Overleaf Toolkit's
 *     {@code bin/docker-compose}, which sets the variables its compose files need), used where it exists
 */
public record StackDescriptor(
        String id,
        String name,
        Integer threshold,
        List<String> anchors,
        List<String> reads,
        List<List<String>> settings,
        List<String> composeFiles,
        List<Fingerprint> fingerprints,
        List<ValueRule> version,
        List<ValueRule> edition,
        List<ComponentRule> components,
        Boolean keepUnmatchedMounts,
        List<String> stopOrder,
        List<String> startOrder,
        Maintenance.HealthCheck healthCheck,
        List<String> keepUp,
        List<Maintenance.Hook> beforeStop,
        Boolean dumpsBeforeFiles,
        List<Maintenance.Hook> afterRestore,
        List<Maintenance.SiteSetting> siteUrl,
        String composeWrapper) {

    public StackDescriptor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a stack descriptor needs an id");
        }
        name = name == null ? id : name;
        threshold = threshold == null ? 50 : threshold;
        anchors = nn(anchors);
        reads = nn(reads);
        settings = nn(settings);
        composeFiles = nn(composeFiles);
        fingerprints = nn(fingerprints);
        version = nn(version);
        edition = nn(edition);
        components = nn(components);
        keepUnmatchedMounts = keepUnmatchedMounts == null || keepUnmatchedMounts;
        stopOrder = nn(stopOrder);
        startOrder = nn(startOrder);
        healthCheck = healthCheck == null ? Maintenance.HealthCheck.RUNNING : healthCheck;
        keepUp = nn(keepUp);
        beforeStop = nn(beforeStop);
        dumpsBeforeFiles = dumpsBeforeFiles != null && dumpsBeforeFiles;
        afterRestore = nn(afterRestore);
        siteUrl = nn(siteUrl);
    }

    /** The maintenance window this descriptor states. */
    public Maintenance maintenance() {
        return new Maintenance(
                stopOrder,
                startOrder,
                keepUp,
                beforeStop,
                healthCheck,
                dumpsBeforeFiles,
                afterRestore,
                siteUrl,
                composeWrapper);
    }

    static <T> List<T> nn(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /**
     * One piece of evidence and its weight. Exactly one of the matchers is set.
     *
     * @param file a file relative to the site exists
     * @param image a service's image (or base image) repository matches one of these globs
     * @param container a service's {@code container_name} is one of these
     * @param service a service has one of these names
     * @param key a setting or service environment variable with one of these names is set
     * @param keyPrefix a setting or service environment variable starts with this prefix
     * @param mount a service mounts something at one of these container paths
     * @param weight how much it counts
     */
    public record Fingerprint(
            String file,
            List<String> image,
            List<String> container,
            List<String> service,
            List<String> key,
            String keyPrefix,
            List<String> mount,
            int weight) {
        public Fingerprint {
            image = nn(image);
            container = nn(container);
            service = nn(service);
            key = nn(key);
            mount = nn(mount);
        }
    }

    /**
     * A rule giving a value (version or edition). Sources: {@code file} (+ {@code regex}), {@code key} (+ {@code
     * regex}, {@code equals}, {@code default}, {@code tag}), {@code image} (tag, + {@code regex}), or only {@code
     * value}. When {@code value} is set it is the result on a match, else the found text (or regex group 1).
     *
     * @param tag for {@code key}: the value is an image reference; use its tag
     */
    public record ValueRule(
            String file,
            List<String> key,
            List<String> image,
            String regex,
            @JsonProperty("equals") String equalsValue,
            String value,
            @JsonProperty("default") String defaultValue,
            Boolean tag,
            Condition when) {
        public ValueRule {
            key = nn(key);
            image = nn(image);
            tag = tag != null && tag;
        }
    }

    /**
     * When a rule applies; every field that is set must hold.
     *
     * @param file this file exists (relative to the site)
     * @param noFile this file does not exist
     * @param key this setting (the first of these keys that is set) ...
     * @param equals ... equals this (case-insensitive)
     * @param notEquals ... does not equal this (unset counts as not equal)
     * @param matches ... is set and this regex finds something in it (case-insensitive); with several keys, in any
     *     of them
     * @param image some service's image matches one of these globs
     * @param notImage no service's image matches any of these globs
     * @param versionBelow the version found is known and lower than this one (numbers compared part by part, so
     *     {@code 2023.10} is below {@code 2025}); for version rules themselves the version is not known yet
     */
    public record Condition(
            String file,
            String noFile,
            List<String> key,
            @JsonProperty("equals") String equalsValue,
            String notEquals,
            String matches,
            List<String> image,
            List<String> notImage,
            String versionBelow) {
        public Condition {
            key = nn(key);
            image = nn(image);
            notImage = nn(notImage);
        }
    }

    /**
     * A component. Its path comes from the first source that resolves: {@code key} (a setting holding a host path,
     * relative to the install folder; {@code default} when unset), else {@code containerPath} (the host path of the
     * mount that holds this container path, in a service matching {@code service}, {@code image} and {@code
     * engine}), else {@code path} (relative to the install folder, or absolute). {@code sub} is appended.
     *
     * @param regex for {@code containerPath}: applied to each container path once interpolated, group 1 is the
     *     container path (e.g. the folder in a search URL {@code xapian:////index_db}); one it does not match names
     *     nothing
     * @param rebuild for a {@code rebuildable} component: how the application rebuilds it after a restore, for people
     * @param ifExists drop the component when the path does not exist on the server
     */
    public record ComponentRule(
            String path,
            List<String> key,
            @JsonProperty("default") String defaultPath,
            List<String> containerPath,
            String regex,
            List<String> service,
            List<String> image,
            String engine,
            String sub,
            String kind,
            @JsonProperty("class") String componentClass,
            String method,
            String note,
            String rebuild,
            Condition when,
            Boolean ifExists) {
        public ComponentRule {
            key = nn(key);
            containerPath = nn(containerPath);
            service = nn(service);
            image = nn(image);
            kind = kind == null ? "files" : kind;
            componentClass = componentClass == null ? "backup" : componentClass;
            note = note == null ? "" : note;
            rebuild = rebuild == null ? "" : rebuild;
            ifExists = ifExists != null && ifExists;
        }
    }
}
