package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Evidence;
import dev.lifeboat.engine.stacks.StackDescriptor.ComponentRule;
import dev.lifeboat.engine.stacks.StackDescriptor.Condition;
import dev.lifeboat.engine.stacks.StackDescriptor.Fingerprint;
import dev.lifeboat.engine.stacks.StackDescriptor.ValueRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack described by data: interprets a {@link StackDescriptor} against a {@link Site}. Subclasses add hooks
 * where data is not enough by overriding {@link #settings(Site)}. User descriptors run as plain instances.
 */
public class DescriptorStack implements Stack {

    /** Host paths that are never application data, whatever mounts them. */
    private static final List<String> SYSTEM_PATHS = List.of(
            "/var/run/docker.sock",
            "/run/docker.sock",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/hosts",
            "/etc/resolv.conf",
            "/usr/bin/docker",
            "/proc",
            "/sys",
            "/dev",
            "/tmp/.X11-unix");

    /** Whole system folders some images mount (e.g. Cytomine CE2023.1 rewrites the host's /etc/hosts through /etc). */
    private static final List<String> SYSTEM_DIRS = List.of(
            "/", "/etc", "/usr", "/lib", "/bin", "/sbin", "/boot", "/var", "/var/run", "/run", "/var/lib/docker");

    private final StackDescriptor descriptor;

    public DescriptorStack(StackDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    public StackDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Maintenance maintenance() {
        return descriptor.maintenance();
    }

    @Override
    public Optional<StackDescriptor.Upgrade> upgrade() {
        return Optional.ofNullable(descriptor.upgrade());
    }

    @Override
    public String id() {
        return descriptor.id();
    }

    @Override
    public String displayName() {
        return descriptor.name();
    }

    @Override
    public List<String> anchors() {
        return descriptor.anchors();
    }

    @Override
    public List<String> wantedFiles() {
        List<String> out = new ArrayList<>(descriptor.reads());
        descriptor.settings().forEach(out::addAll);
        descriptor.fingerprints().stream()
                .map(Fingerprint::file)
                .filter(f -> f != null)
                .forEach(out::add);
        out.addAll(descriptor.anchors());
        return out;
    }

    /**
     * The site's settings, lowest priority first: the descriptor's {@code settings} files, then {@code .env}. The
     * merged result is also the environment compose files are interpolated with. Hooks add sources here.
     */
    protected Settings settings(Site site) {
        Settings s = new Settings();
        for (List<String> alternatives : descriptor.settings()) {
            for (String file : alternatives) {
                Optional<String> text = site.text(file);
                if (text.isPresent()) {
                    s.add(file, KeyValueFile.parse(text.get(), site.resolve(file)));
                    break;
                }
            }
        }
        site.text(".env").ifPresent(t -> s.add(".env", KeyValueFile.parse(t, site.resolve(".env"))));
        return s;
    }

    /** The compose project label of a running container of this site, if any (live detection). */
    static String labelProject(Site site) {
        return site.containers().stream()
                .map(c -> c.project())
                .filter(p -> !p.isBlank())
                .findFirst()
                .orElse(null);
    }

    @Override
    public Optional<Finding> examine(Site site) {
        Settings settings = settings(site);
        Compose compose = Compose.load(site, settings.merged(), labelProject(site), descriptor.composeFiles());
        Settings all = withCompose(settings, compose);
        List<Evidence> evidence = score(site, all, compose);
        if (evidence.isEmpty()) {
            return Optional.empty();
        }
        String version = value(descriptor.version(), site, all, compose, null);
        String edition = value(descriptor.edition(), site, all, compose, version);
        Set<String> dropIfMissing = new HashSet<>();
        List<Component> components = components(site, all, compose, version, dropIfMissing);
        DetectedStack detected =
                new DetectedStack(id(), displayName(), edition, version, site.dir(), components, evidence);
        List<String> problems = new ArrayList<>(settings.problems());
        problems.addAll(compose.problems());
        return Optional.of(new Finding(detected, descriptor.threshold(), dropIfMissing, problems));
    }

    /** Settings plus the compose extensions and every service's environment, for key lookups. */
    static Settings withCompose(Settings settings, Compose compose) {
        Settings all = new Settings();
        all.add("compose x- extensions", compose.extensions());
        for (Compose.Service s : compose.services()) {
            all.add("environment of service " + s.name(), s.environment());
        }
        // The admin's own files outrank what compose passes to containers.
        all.addAll(settings);
        return all;
    }

    private List<Evidence> score(Site site, Settings settings, Compose compose) {
        List<Evidence> out = new ArrayList<>();
        for (Fingerprint f : descriptor.fingerprints()) {
            String what = null;
            if (f.file() != null && site.has(f.file())) {
                what = "file " + site.resolve(f.file());
            }
            for (Compose.Service s : compose.services()) {
                if (what != null) {
                    break;
                }
                for (ImageRef img : s.allImages()) {
                    if (f.image().stream().anyMatch(img::matches)) {
                        what = "image " + img.repository() + (img.tag() == null ? "" : ":" + img.tag()) + " in service "
                                + s.name();
                        break;
                    }
                }
                if (what == null && f.container().contains(s.containerName())) {
                    what = "container name " + s.containerName();
                }
                if (what == null && f.service().contains(s.name())) {
                    what = "compose service " + s.name();
                }
                if (what == null) {
                    for (Compose.Mount m : s.mounts()) {
                        if (f.mount().contains(m.target())) {
                            what = "mount at " + m.target() + " in service " + s.name();
                            break;
                        }
                    }
                }
            }
            if (what == null && !f.key().isEmpty()) {
                Optional<Settings.Value> v = settings.get(f.key());
                if (v.isPresent()) {
                    what = "key " + v.get().key() + " in " + v.get().source();
                }
            }
            if (what == null && f.keyPrefix() != null) {
                Optional<Settings.Value> v = settings.firstWithPrefix(f.keyPrefix());
                if (v.isPresent()) {
                    what = "key " + v.get().key() + " in " + v.get().source();
                }
            }
            if (what != null) {
                out.add(new Evidence(what, f.weight()));
            }
        }
        return out;
    }

    /** True when every field set in {@code c} holds; {@code version} is the version found, null when unknown. */
    static boolean holds(Condition c, Site site, Settings settings, Compose compose, String version) {
        if (c == null) {
            return true;
        }
        if (c.file() != null && !site.has(c.file())) {
            return false;
        }
        if (c.noFile() != null && site.has(c.noFile())) {
            return false;
        }
        if (!c.key().isEmpty()) {
            String v = settings.get(c.key()).map(Settings.Value::value).orElse(null);
            if (c.equalsValue() != null && (v == null || !v.strip().equalsIgnoreCase(c.equalsValue()))) {
                return false;
            }
            if (c.notEquals() != null && v != null && v.strip().equalsIgnoreCase(c.notEquals())) {
                return false;
            }
            if (c.matches() != null && !anyMatches(c.key(), c.matches(), settings)) {
                return false;
            }
            if (c.equalsValue() == null && c.notEquals() == null && c.matches() == null && v == null) {
                return false;
            }
        }
        if (c.versionBelow() != null && (version == null || compareVersions(version, c.versionBelow()) >= 0)) {
            return false;
        }
        if (!c.image().isEmpty() && !anyImage(compose, c.image())) {
            return false;
        }
        return c.notImage().isEmpty() || !anyImage(compose, c.notImage());
    }

    /** True when the value of any of {@code keys} contains a match of {@code regex} (case-insensitive). */
    private static boolean anyMatches(List<String> keys, String regex, Settings settings) {
        Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        for (String k : keys) {
            Optional<Settings.Value> v = settings.get(k);
            if (v.isPresent() && p.matcher(v.get().value()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compares two versions by their numbers, part by part ({@code 2023.10} before {@code 2025}, {@code 10.10}
     * before {@code 2021}); missing parts count as 0, letters are ignored.
     */
    static int compareVersions(String a, String b) {
        List<Long> x = numbers(a);
        List<Long> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            long p = i < x.size() ? x.get(i) : 0;
            long q = i < y.size() ? y.get(i) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static List<Long> numbers(String version) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d{1,18}").matcher(version);
        while (m.find()) {
            out.add(Long.parseLong(m.group()));
        }
        return out;
    }

    private static boolean anyImage(Compose compose, List<String> globs) {
        return compose.services().stream().flatMap(s -> s.allImages().stream()).anyMatch(i -> globs.stream()
                .anyMatch(i::matches));
    }

    /** The first value any rule gives, or null. */
    static String value(List<ValueRule> rules, Site site, Settings settings, Compose compose, String version) {
        for (ValueRule r : rules) {
            if (!holds(r.when(), site, settings, compose, version)) {
                continue;
            }
            String found = null;
            if (r.file() != null) {
                found = site.text(r.file()).map(t -> extract(t, r.regex())).orElse(null);
            } else if (!r.key().isEmpty()) {
                String v = settings.get(r.key()).map(Settings.Value::value).orElse(r.defaultValue());
                if (v != null && r.tag()) {
                    v = usableTag(ImageRef.parse(v).tag());
                }
                if (v != null && r.equalsValue() != null) {
                    v = v.strip().equalsIgnoreCase(r.equalsValue()) ? v : null;
                }
                found = v == null ? null : extract(v, r.regex());
            } else if (!r.image().isEmpty()) {
                found = imageValue(r, compose);
            } else if (settings.unreadable().isEmpty()) {
                // An unconditional default (e.g. edition ce) only when the files that could say otherwise were read.
                found = r.value();
            }
            if (found != null && !found.isBlank()) {
                return r.value() != null ? r.value() : found.strip();
            }
        }
        return null;
    }

    private static String imageValue(ValueRule r, Compose compose) {
        for (Compose.Service s : compose.services()) {
            for (ImageRef img : s.allImages()) {
                if (r.image().stream().anyMatch(img::matches)) {
                    if (r.value() != null) {
                        return r.value();
                    }
                    String tag = usableTag(img.tag());
                    if (tag != null) {
                        String v = extract(tag, r.regex());
                        if (v != null) {
                            return v;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** A tag that names a version: not missing and not {@code latest}. */
    private static String usableTag(String tag) {
        return tag == null || tag.isBlank() || tag.equalsIgnoreCase("latest") ? null : tag;
    }

    /** Group 1 of the regex (multi-line), or the first line when there is no regex. */
    private static String extract(String text, String regex) {
        if (regex == null) {
            String first = text.strip().split("\\R", 2)[0].strip();
            return first.isEmpty() ? null : first;
        }
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        if (!m.find()) {
            return null;
        }
        return m.groupCount() >= 1 ? m.group(1) : m.group();
    }

    private List<Component> components(
            Site site, Settings settings, Compose compose, String version, Set<String> dropIfMissing) {
        Map<String, Component> out = new LinkedHashMap<>();
        Set<Compose.Mount> used = new HashSet<>();
        for (ComponentRule r : descriptor.components()) {
            if (!holds(r.when(), site, settings, compose, version)) {
                continue;
            }
            ComponentClass cls = ComponentClass.fromJson(r.componentClass());
            String method = r.method() != null
                    ? r.method()
                    : cls == ComponentClass.BACKUP ? DatabaseKinds.methodFor(r.kind()) : "none";
            String path = null;
            String origin = "";
            if (!r.key().isEmpty()) {
                Optional<Settings.Value> v = settings.get(r.key());
                if (v.isPresent()) {
                    path = site.resolve(v.get().value());
                    origin = v.get().key() + " in " + v.get().source();
                } else if (r.defaultPath() != null) {
                    path = site.resolve(r.defaultPath());
                    origin = r.key().get(0) + " unset, default";
                }
            } else if (!r.containerPath().isEmpty()) {
                for (String cp : r.containerPath()) {
                    Optional<String[]> hit = viaMount(r, cp, settings, compose, used);
                    if (hit.isPresent()) {
                        path = hit.get()[0];
                        origin = hit.get()[1];
                        break;
                    }
                }
            } else if (r.path() != null) {
                path = site.resolve(r.path());
            }
            if (path == null) {
                continue;
            }
            if (r.sub() != null && !r.sub().isBlank()) {
                path = Paths2.join(path, r.sub());
            }
            if (r.ifExists()) {
                dropIfMissing.add(path);
            }
            String note = r.note() + (origin.isEmpty() ? "" : (r.note().isEmpty() ? "" : "; ") + "from " + origin);
            // One component per path, the first rule's: a descriptor lists the rule that says what becomes of a
            // folder before the more general ones (ADR 0009).
            out.putIfAbsent(path, new Component(path, cls, r.kind(), method, OptionalLong.empty(), note, r.rebuild()));
        }
        addComposeFiles(site, compose, out);
        if (descriptor.keepUnmatchedMounts()) {
            addUnmatchedMounts(compose, used, out);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The host path holding a container path: of every eligible service's mounts, the one with the longest target
     * that contains it. A component belongs to the service whose mount it is under, so a rule that names no engine,
     * service or image resolves through a database container's mounts only for that database's own kind: {@code
     * /data/git-bridge} is not a folder inside Redis's {@code /data}.
     */
    private static Optional<String[]> viaMount(
            ComponentRule r,
            String containerPathTemplate,
            Settings settings,
            Compose compose,
            Set<Compose.Mount> used) {
        boolean unrestricted = r.service().isEmpty() && r.image().isEmpty() && r.engine() == null;
        Compose.Mount best = null;
        Compose.Service bestService = null;
        String bestPath = null;
        for (Compose.Service s : compose.services()) {
            if (!r.service().isEmpty() && !r.service().contains(s.name())) {
                continue;
            }
            if (!r.image().isEmpty()
                    && s.allImages().stream().noneMatch(i -> r.image().stream().anyMatch(i::matches))) {
                continue;
            }
            if (r.engine() != null
                    && s.allImages().stream()
                            .noneMatch(i ->
                                    DatabaseKinds.of(i).map(r.engine()::equals).orElse(false))) {
                continue;
            }
            if (unrestricted
                    && s.allImages().stream()
                            .map(DatabaseKinds::of)
                            .flatMap(Optional::stream)
                            .anyMatch(kind -> !kind.equals(r.kind()))) {
                continue;
            }
            Map<String, String> vars = new LinkedHashMap<>(settings.merged());
            vars.putAll(s.environment());
            String cp = Interpolation.apply(containerPathTemplate, vars);
            if (r.regex() != null) {
                Matcher m = Pattern.compile(r.regex()).matcher(cp);
                cp = m.find() && m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "";
            }
            // A template whose variable is unset (or absolute where a relative was expected) names nothing.
            if (cp.isBlank() || !cp.startsWith("/") || cp.contains("//") || cp.endsWith("/")) {
                continue;
            }
            cp = Paths2.normalize(cp);
            for (Compose.Mount m : s.mounts()) {
                if (Paths2.isWithin(cp, m.target())
                        && (best == null || m.target().length() > best.target().length())) {
                    best = m;
                    bestService = s;
                    bestPath = cp;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        used.add(best);
        String rest = bestPath.substring(best.target().length());
        String host = rest.isEmpty() ? best.hostPath() : Paths2.join(best.hostPath(), rest.substring(1));
        return Optional.of(new String[] {host, "mount " + best.target() + " of service " + bestService.name()});
    }

    /** The compose files and {@code .env} of the install folder: they hold the configuration and secrets. */
    static void addComposeFiles(Site site, Compose compose, Map<String, Component> out) {
        for (String f : compose.files()) {
            if (Paths2.isWithin(f, site.dir())) {
                out.putIfAbsent(
                        f,
                        new Component(
                                f,
                                ComponentClass.BACKUP,
                                "config",
                                "copy",
                                OptionalLong.empty(),
                                "compose file: the deployment's configuration"));
            }
        }
        String env = site.resolve(".env");
        if (!compose.files().isEmpty() && (site.has(".env") || compose.envFileUsed())) {
            out.putIfAbsent(
                    env,
                    new Component(
                            env,
                            ComponentClass.BACKUP,
                            "secrets",
                            "copy",
                            OptionalLong.empty(),
                            "compose .env: settings and passwords"));
        }
    }

    /** Bind mounts and volumes no rule described: kept, so that nothing the admin mounted is silently lost. */
    static void addUnmatchedMounts(Compose compose, Set<Compose.Mount> used, Map<String, Component> out) {
        for (Compose.Service s : compose.services()) {
            for (Compose.Mount m : s.mounts()) {
                if (used.contains(m) || isSystemPath(m.hostPath()) || out.containsKey(m.hostPath())) {
                    continue;
                }
                // Inside a component already, or around components already described (another service's view of
                // the same data, e.g. a backup sidecar mounting the server's data folder): not a component of its own.
                boolean overlaps = out.values().stream()
                        .map(Component::path)
                        .anyMatch(p -> Paths2.isWithin(m.hostPath(), p) || Paths2.isWithin(p, m.hostPath()));
                if (overlaps) {
                    continue;
                }
                String kind = s.allImages().stream()
                        .map(DatabaseKinds::of)
                        .flatMap(Optional::stream)
                        .findFirst()
                        .orElse("files");
                out.put(
                        m.hostPath(),
                        new Component(
                                m.hostPath(),
                                ComponentClass.BACKUP,
                                kind,
                                DatabaseKinds.methodFor(kind),
                                OptionalLong.empty(),
                                (m.isBind() ? "bind mount" : "volume " + m.volume()) + " at " + m.target()
                                        + " of service " + s.name()));
            }
        }
    }

    static boolean isSystemPath(String hostPath) {
        return SYSTEM_DIRS.contains(hostPath) || SYSTEM_PATHS.stream().anyMatch(p -> Paths2.isWithin(hostPath, p));
    }
}
