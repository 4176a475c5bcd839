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
 * @param upgrade where the version is kept and how a new one is applied (ADR 0014); null when the descriptor does not
 *     say, and then the stack is not upgraded by Lifeboat
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
        String composeWrapper,
        Upgrade upgrade) {

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

    /**
     * How the versions of a stack are kept and upgraded (ADR 0014, {@code docs/stack-descriptors.md}). Lifeboat
     * applies a new version the vendor's way for the layout found: it writes the version where the installation keeps
     * it, makes the vendor's file changes for the versions it passes, pulls the new images, and starts the
     * application, whose own migrations run as it starts.
     *
     * @param images image repositories (globs, as in fingerprints) whose tag is the application's version: the ones
     *     pulled before the site goes down, and those whose tag {@code imageTag} keeps; empty means the application's
     *     one image that is not a database's (the generic compose stack)
     * @param keep where the version is kept, in order: the first place the installation has is the one read and
     *     written
     * @param versionFormat a regex the whole target version must match (the vendor's own check), or null
     * @param versionExample a version of that form, for messages
     * @param settings {@code KEY=value} files (relative to the install folder) read besides the stack's settings,
     *     for the constraints' {@code setting} and {@code when}
     * @param rewrites the vendor's file changes when an upgrade passes a version
     * @param migrates component kinds whose stores the new version changes when it starts (its own migrations)
     * @param migration what those migrations do, for people
     * @param startSeconds how long the new version may take to pass its health check, its migrations included; null:
     *     the health check's own timeout
     * @param constraints versions that must be passed through, refused or that need a database step
     * @param manual when set, Lifeboat does not apply new versions of this stack: why, and what to do instead
     */
    public record Upgrade(
            List<String> images,
            List<Keep> keep,
            String versionFormat,
            String versionExample,
            List<String> settings,
            List<Rewrite> rewrites,
            List<String> migrates,
            String migration,
            Integer startSeconds,
            List<Constraint> constraints,
            String manual) {
        public Upgrade {
            images = nn(images);
            keep = nn(keep);
            settings = nn(settings);
            rewrites = nn(rewrites);
            migrates = nn(migrates);
            migration = migration == null ? "" : migration;
            constraints = nn(constraints);
        }
    }

    /**
     * One place a version may be kept. Exactly one form:
     *
     * <ul>
     *   <li>{@code file}: the file's first line is the version (the Overleaf Toolkit's {@code config/version});
     *   <li>{@code file} and {@code key}: the value of a {@code KEY=value} or {@code KEY: value} line of that file;
     *   <li>{@code key} alone: a setting of the stack (read only: nothing says which file to write);
     *   <li>{@code imageTag}: the tag of the upgrade's {@code images} in the compose files, written where compose
     *       takes it from ({@code image:} line, the default of its {@code ${VAR:-...}}, or {@code .env}).
     * </ul>
     *
     * @param tag with {@code key}: the value is an image reference and the version its tag
     * @param keepOld with {@code file}: the file's previous content is kept there (the Toolkit's {@code
     *     config/__old-version})
     */
    public record Keep(String file, List<String> key, Boolean tag, Boolean imageTag, String keepOld) {
        public Keep {
            key = nn(key);
            tag = tag != null && tag;
            imageTag = imageTag != null && imageTag;
            if (imageTag == (file != null || !key.isEmpty())) {
                throw new IllegalArgumentException(
                        "an upgrade keep entry is either imageTag: true, or a file and/or a key");
            }
            if (keepOld != null && (file == null || !key.isEmpty())) {
                throw new IllegalArgumentException("keepOld goes with a version file (file without key)");
            }
        }
    }

    /**
     * A change the vendor makes to a file when an upgrade passes a version (e.g. the Toolkit renames {@code
     * SHARELATEX_} to {@code OVERLEAF_} from 5.0). A file the installation does not have is left alone.
     *
     * @param crossing applies when the current version is below this one and the target at or above it
     * @param file relative to the install folder
     * @param regex found in the file (multi-line)
     * @param replace what each match becomes, literally
     * @param why for people
     */
    public record Rewrite(String crossing, String file, String regex, String replace, String why) {
        public Rewrite {
            if (crossing == null || file == null || regex == null) {
                throw new IllegalArgumentException("a rewrite needs crossing, file and regex");
            }
            replace = replace == null ? "" : replace;
            why = why == null ? "" : why;
        }
    }

    /**
     * Something the vendor says about going to some versions. It applies when every field that narrows it holds:
     * {@code when}, the target is one of {@code retracted}, the upgrade passes {@code crossing} (current below it,
     * target at or above it), the target is above the version in {@code notAbove} (a file's first line). When it
     * applies, the upgrade is refused unless:
     *
     * <ul>
     *   <li>{@code needs}: the current version is at least this one (a version that must be passed through);
     *   <li>{@code setting} or {@code image} with {@code atLeast}: the version that setting (an image reference's
     *       tag, or the value) or that image's tag in compose gives is at least this (a database version step); not
     *       found, it is a note;
     *   <li>{@code setting} without {@code atLeast}: the setting is set;
     *   <li>{@code warn}: it is a note, never a refusal.
     * </ul>
     *
     * @param why for people: what the vendor says and what to do
     */
    public record Constraint(
            List<String> retracted,
            String crossing,
            String notAbove,
            Condition when,
            String needs,
            List<String> setting,
            List<String> image,
            String atLeast,
            Boolean warn,
            String why) {
        public Constraint {
            retracted = nn(retracted);
            setting = nn(setting);
            image = nn(image);
            warn = warn != null && warn;
            if (why == null || why.isBlank()) {
                throw new IllegalArgumentException("an upgrade constraint needs a why");
            }
            if (atLeast != null && setting.isEmpty() && image.isEmpty()) {
                throw new IllegalArgumentException("atLeast needs a setting or an image to compare");
            }
        }
    }
}
