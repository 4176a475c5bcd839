package dev.lifeboat.engine.stacks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compose project as Docker Compose would see it from files alone: which files, the project name, and each
 * service's image, container name, environment and mounts with host paths resolved (bind mounts, {@code ~}, relative
 * paths, named volumes under Docker's data root).
 *
 * @param dir the project folder (where the first compose file is)
 * @param files the compose files used, absolute
 * @param projectName the compose project name
 * @param services the merged services, in file order
 * @param extensions scalar values of top-level {@code x-*} mappings (e.g. Cytomine's {@code x-version-env})
 * @param envFileUsed true when a service loads {@code .env} with {@code env_file}
 * @param problems files that could not be read or parsed
 */
public record Compose(
        String dir,
        List<String> files,
        String projectName,
        List<Service> services,
        Map<String, String> extensions,
        boolean envFileUsed,
        List<String> problems) {

    /** Compose's own file names, in the order it looks for them. */
    public static final List<String> STANDARD_FILES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    /**
     * One service.
     *
     * @param name service name
     * @param image image reference after interpolation; empty when the service is only built
     * @param baseImages images a built service starts FROM (from its Dockerfile and IMAGE build args)
     * @param containerName {@code container_name}, or empty
     * @param environment its {@code environment:} after interpolation
     * @param mounts its volumes
     */
    public record Service(
            String name,
            String image,
            List<String> baseImages,
            String containerName,
            Map<String, String> environment,
            List<Mount> mounts) {

        /** The image and base images, parsed. */
        public List<ImageRef> allImages() {
            List<ImageRef> out = new ArrayList<>();
            if (!image.isBlank()) {
                out.add(ImageRef.parse(image));
            }
            baseImages.forEach(b -> out.add(ImageRef.parse(b)));
            return out;
        }
    }

    /**
     * One mount of a service.
     *
     * @param hostPath absolute host path (for a named volume its {@code _data} folder)
     * @param target path inside the container, normalised
     * @param volume the volume name for a named volume, else empty
     */
    public record Mount(String hostPath, String target, String volume) {
        public boolean isBind() {
            return volume.isEmpty();
        }
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The compose files of a folder: those a running project's label names, else {@code COMPOSE_FILE} from its
     * environment, else Compose's standard names, else the stack's own file names ({@code fallback}, globs such as
     * {@code *.yml}) for layouts started with explicit {@code -f} options.
     */
    static List<String> filesOf(Site site, Map<String, String> env, List<String> fallback) {
        List<String> out = new ArrayList<>();
        site.containers().stream()
                .flatMap(c -> c.configFiles().stream())
                .map(f -> Paths2.join(site.dir(), f.strip()))
                .distinct()
                .forEach(out::add);
        if (!out.isEmpty()) {
            return out;
        }
        String composeFile = env.getOrDefault("COMPOSE_FILE", "");
        if (!composeFile.isBlank()) {
            String sep = env.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            for (String f : composeFile.split(java.util.regex.Pattern.quote(sep.isEmpty() ? ":" : sep))) {
                if (!f.isBlank()) {
                    out.add(site.resolve(f.strip()));
                }
            }
            return out;
        }
        for (String name : STANDARD_FILES) {
            if (site.has(name)) {
                out.add(site.resolve(name));
                String base = name.substring(0, name.lastIndexOf('.'));
                String ext = name.substring(name.lastIndexOf('.'));
                if (site.has(base + ".override" + ext)) {
                    out.add(site.resolve(base + ".override" + ext));
                }
                break;
            }
        }
        if (out.isEmpty()) {
            for (String glob : fallback) {
                java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(glob).replace("*", "\\E.*\\Q"));
                site.listed().keySet().stream()
                        .filter(f -> Paths2.parent(f).equals(site.dir())
                                && p.matcher(Paths2.name(f)).matches())
                        .sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Loads the project of a site, interpolating with {@code env} (normally its {@code .env}). Returns a project with
     * no services when the folder has no compose file.
     */
    @SuppressWarnings("unchecked")
    static Compose load(Site site, Map<String, String> settings, String labelProject, List<String> fallbackFiles) {
        // Compose runs in the project folder, so a file's ${PWD} is that folder unless the environment says otherwise.
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.putIfAbsent("PWD", site.dir());
        List<String> files = filesOf(site, env, fallbackFiles);
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Map<String, Object> volumes = new LinkedHashMap<>();
        Map<String, String> extensions = new LinkedHashMap<>();
        String[] topName = {null};
        for (String file : files) {
            loadFile(site, file, env, false, 0, new HashSet<>(), services, volumes, extensions, topName, problems);
        }
        String project = projectName(site, env, topName[0], labelProject);
        String home = site.home();
        List<Service> out = new ArrayList<>();
        boolean envFileUsed = false;
        for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
            Map<String, Object> def = e.getValue();
            Map<String, String> environment = environment(def.get("environment"), env);
            List<Mount> mounts = new ArrayList<>();
            for (Object v : asList(def.get("volumes"))) {
                mount(v, env, site, home, project, volumes).ifPresent(mounts::add);
            }
            for (Object f : asList(def.get("env_file"))) {
                Object path = f instanceof Map<?, ?> m ? m.get("path") : f;
                if (path != null
                        && Paths2.join(site.dir(), Interpolation.apply(String.valueOf(path), env))
                                .equals(site.resolve(".env"))) {
                    envFileUsed = true;
                }
            }
            out.add(new Service(
                    e.getKey(),
                    str(def.get("image"), env),
                    baseImages(def.get("build"), env, site),
                    str(def.get("container_name"), env),
                    environment,
                    mounts));
        }
        return new Compose(site.dir(), files, project, out, extensions, envFileUsed, problems);
    }

    /** How deep {@code include:} and {@code extends: {file: ...}} are followed; Compose itself has no limit. */
    static final int MAX_INCLUDE_DEPTH = 5;

    /**
     * Loads one compose file into the project: its services (with {@code extends} resolved), volumes, {@code x-}
     * extensions and name, then the files it {@code include}s. Files reached through {@code include} or {@code
     * extends} keep their own folder for relative paths ({@code rebase}), as Compose resolves them.
     */
    @SuppressWarnings("unchecked")
    private static void loadFile(
            Site site,
            String file,
            Map<String, String> env,
            boolean rebase,
            int depth,
            Set<String> loading,
            Map<String, Map<String, Object>> services,
            Map<String, Object> volumes,
            Map<String, String> extensions,
            String[] topName,
            List<String> problems) {
        Optional<Map<?, ?>> top = parse(site, file, problems);
        if (top.isEmpty()) {
            return;
        }
        if (!loading.add(file)) {
            problems.add(file + " includes itself (through " + String.join(", ", loading) + "); not followed again");
            return;
        }
        String dir = Paths2.parent(file);
        if (depth == 0 && top.get().get("name") instanceof String n) {
            topName[0] = Interpolation.apply(n, env);
        }
        for (Map.Entry<?, ?> e : top.get().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("x-") && e.getValue() instanceof Map<?, ?> ext) {
                ext.forEach((k, v) -> {
                    if (v != null && !(v instanceof Map) && !(v instanceof List)) {
                        extensions.putIfAbsent(String.valueOf(k), Interpolation.apply(String.valueOf(v), env));
                    }
                });
            }
        }
        if (top.get().get("volumes") instanceof Map<?, ?> v) {
            v.forEach((k, val) -> volumes.put(String.valueOf(k), val));
        }
        if (top.get().get("services") instanceof Map<?, ?> s) {
            for (Map.Entry<?, ?> e : s.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> def) {
                    Map<String, Object> resolved = extended(
                            site,
                            file,
                            (Map<String, Object>) def,
                            (Map<?, ?>) s,
                            env,
                            depth,
                            problems,
                            new HashSet<>());
                    merge(
                            services.computeIfAbsent(String.valueOf(e.getKey()), k -> new LinkedHashMap<>()),
                            rebase ? rebased(resolved, dir) : resolved);
                }
            }
        }
        for (String included : includes(top.get(), dir, env)) {
            if (depth + 1 > MAX_INCLUDE_DEPTH) {
                problems.add(file + " includes " + included + " more than " + MAX_INCLUDE_DEPTH
                        + " levels deep; not followed");
                continue;
            }
            loadFile(site, included, env, true, depth + 1, loading, services, volumes, extensions, topName, problems);
        }
        loading.remove(file);
    }

    /** A compose file's top-level mapping, or empty with the reason in {@code problems}. */
    private static Optional<Map<?, ?>> parse(Site site, String file, List<String> problems) {
        Optional<String> text = site.textAt(file);
        if (text.isEmpty()) {
            problems.add("compose file " + file + " could not be read");
            return Optional.empty();
        }
        String[] problem = new String[1];
        Optional<Object> doc = YamlTexts.load(text.get(), file, problem, site.truncated(file));
        if (doc.isEmpty()) {
            if (problem[0] != null) {
                problems.add(problem[0]);
            }
            return Optional.empty();
        }
        if (!(doc.get() instanceof Map<?, ?> top)) {
            problems.add(file + " is not a compose file (no mapping at the top)");
            return Optional.empty();
        }
        return Optional.of(top);
    }

    /**
     * The files a compose file names in {@code include:} (a path, a list of paths, or entries with {@code path:}),
     * absolute, relative ones taken from the including file's folder.
     */
    static List<String> includes(Map<?, ?> top, String dir, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Object item : asList(top.get("include"))) {
            Object path = item instanceof Map<?, ?> m ? m.get("path") : item;
            for (Object p : asList(path)) {
                if (p != null && !(p instanceof Map)) {
                    String f = Interpolation.apply(String.valueOf(p), env).strip();
                    if (!f.isEmpty()) {
                        out.add(Paths2.join(dir, f));
                    }
                }
            }
        }
        return out;
    }

    /** The file of every {@code extends: {file: ...}} in a compose file, absolute. */
    static List<String> extendedFiles(Map<?, ?> top, String dir, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        if (top.get("services") instanceof Map<?, ?> s) {
            for (Object def : s.values()) {
                if (def instanceof Map<?, ?> d
                        && d.get("extends") instanceof Map<?, ?> ext
                        && ext.get("file") != null) {
                    out.add(Paths2.join(
                            dir,
                            Interpolation.apply(String.valueOf(ext.get("file")), env)
                                    .strip()));
                }
            }
        }
        return out;
    }

    /**
     * A service definition with its {@code extends} applied: the base service (from the same file or {@code file:},
     * itself extended), overlaid with this definition, as Compose merges them.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> extended(
            Site site,
            String file,
            Map<String, Object> def,
            Map<?, ?> siblings,
            Map<String, String> env,
            int depth,
            List<String> problems,
            Set<String> seen) {
        Object ext = def.get("extends");
        if (ext == null) {
            return def;
        }
        String baseName;
        String baseFile = null;
        if (ext instanceof Map<?, ?> m) {
            baseName = m.get("service") == null ? null : String.valueOf(m.get("service"));
            if (m.get("file") != null) {
                baseFile = Paths2.join(
                        Paths2.parent(file),
                        Interpolation.apply(String.valueOf(m.get("file")), env).strip());
            }
        } else {
            baseName = String.valueOf(ext);
        }
        Map<String, Object> own = new LinkedHashMap<>(def);
        own.remove("extends");
        String where = (baseFile == null ? file : baseFile) + " service " + baseName;
        if (baseName == null || depth >= MAX_INCLUDE_DEPTH || !seen.add(where)) {
            problems.add(file + ": extends " + where + " cannot be followed (missing service, or a loop)");
            return own;
        }
        Map<String, Object> base = null;
        if (baseFile == null) {
            if (siblings.get(baseName) instanceof Map<?, ?> b) {
                base = extended(site, file, (Map<String, Object>) b, siblings, env, depth, problems, seen);
            }
        } else {
            Optional<Map<?, ?>> top = parse(site, baseFile, problems);
            if (top.isPresent()
                    && top.get().get("services") instanceof Map<?, ?> s
                    && s.get(baseName) instanceof Map<?, ?> b) {
                base = rebased(
                        extended(site, baseFile, (Map<String, Object>) b, s, env, depth + 1, problems, seen),
                        Paths2.parent(baseFile));
            }
        }
        if (base == null) {
            problems.add(file + ": extends " + where + ", which is not there");
            return own;
        }
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.remove("container_name"); // Compose never inherits it
        merge(out, own);
        return out;
    }

    /**
     * A service definition from a file in another folder, with its relative host paths (bind mounts, build
     * context, env files) made absolute from that folder, so that they stay right once merged into the project.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> rebased(Map<String, Object> def, String dir) {
        Map<String, Object> out = new LinkedHashMap<>(def);
        if (def.get("volumes") != null) {
            List<Object> vols = new ArrayList<>();
            for (Object v : asList(def.get("volumes"))) {
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                    if (copy.get("source") instanceof String src && isRelative(src)) {
                        copy.put("source", Paths2.join(dir, src));
                    }
                    vols.add(copy);
                } else if (v != null) {
                    String sv = String.valueOf(v);
                    int colon = sv.indexOf(':');
                    String src = colon < 0 ? sv : sv.substring(0, colon);
                    vols.add(colon > 0 && isRelative(src) ? Paths2.join(dir, src) + sv.substring(colon) : sv);
                }
            }
            out.put("volumes", vols);
        }
        Object build = def.get("build");
        if (build instanceof String b && !b.startsWith("/") && !b.contains("://")) {
            out.put("build", Paths2.join(dir, b));
        } else if (build instanceof Map<?, ?> bm) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) bm);
            Object ctx = copy.get("context");
            String c = ctx == null ? "." : String.valueOf(ctx);
            if (!c.startsWith("/") && !c.contains("://")) {
                copy.put("context", Paths2.join(dir, c));
            }
            out.put("build", copy);
        }
        if (def.get("env_file") != null) {
            List<Object> files = new ArrayList<>();
            for (Object f : asList(def.get("env_file"))) {
                if (f instanceof String fs && !fs.startsWith("/")) {
                    files.add(Paths2.join(dir, fs));
                } else {
                    files.add(f);
                }
            }
            out.put("env_file", files);
        }
        return out;
    }

    private static boolean isRelative(String source) {
        return source.startsWith("./") || source.startsWith("../") || source.equals(".") || source.equals("..");
    }

    /** Later files override earlier ones key by key; lists of volumes and environments are combined. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object old = into.get(k);
            if ((k.equals("volumes") || k.equals("env_file")) && old != null) {
                List<Object> all = new ArrayList<>(asList(old));
                all.addAll(asList(e.getValue()));
                into.put(k, all);
            } else if (k.equals("environment") && old != null) {
                Map<String, Object> env = new LinkedHashMap<>(envAsMap(old));
                env.putAll(envAsMap(e.getValue()));
                into.put(k, env);
            } else if (old instanceof Map<?, ?> om && e.getValue() instanceof Map<?, ?> nm) {
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) om);
                merge(m, (Map<String, Object>) nm);
                into.put(k, m);
            } else {
                into.put(k, e.getValue());
            }
        }
    }

    private static Map<String, Object> envAsMap(Object o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> m.put(String.valueOf(k), v));
        } else {
            for (Object item : asList(o)) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                m.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return m;
    }

    private static Map<String, String> environment(Object o, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        envAsMap(o).forEach((k, v) -> out.put(k, v == null ? "" : Interpolation.apply(String.valueOf(v), env)));
        return out;
    }

    static List<Object> asList(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(o);
    }

    private static String str(Object o, Map<String, String> env) {
        return o == null ? "" : Interpolation.apply(String.valueOf(o), env).strip();
    }

    /**
     * The project name as Compose chooses it: a running container's label, else {@code COMPOSE_PROJECT_NAME}, else
     * the top-level {@code name:}, else the folder name; lower-cased, keeping only letters, digits, {@code -} and
     * {@code _}.
     */
    static String projectName(Site site, Map<String, String> env, String topName, String labelProject) {
        String raw;
        if (labelProject != null && !labelProject.isBlank()) {
            raw = labelProject;
        } else if (!env.getOrDefault("COMPOSE_PROJECT_NAME", "").isBlank()) {
            raw = env.get("COMPOSE_PROJECT_NAME");
        } else if (topName != null && !topName.isBlank()) {
            raw = topName;
        } else {
            raw = Paths2.name(site.dir());
        }
        String n = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return n.replaceFirst("^[^a-z0-9]+", "");
    }

    private static Optional<Mount> mount(
            Object v, Map<String, String> env, Site site, String home, String project, Map<String, Object> volumes) {
        String source;
        String target;
        String type = null;
        if (v instanceof Map<?, ?> m) {
            type = m.get("type") == null ? null : String.valueOf(m.get("type"));
            source = str(m.get("source"), env);
            target = str(m.get("target"), env);
            if ("tmpfs".equals(type) || "npipe".equals(type) || "cluster".equals(type)) {
                return Optional.empty();
            }
        } else {
            String s = str(v, env);
            String[] parts = s.split(":");
            if (parts.length < 2) {
                return Optional.empty(); // anonymous volume: no stable host path
            }
            source = parts[0];
            target = parts[1];
        }
        if (target.isBlank() || source.isBlank()) {
            return Optional.empty();
        }
        target = Paths2.normalize(target);
        boolean bind = "bind".equals(type)
                || type == null && (source.startsWith("/") || source.startsWith(".") || source.startsWith("~"));
        if (bind) {
            String host;
            if (source.equals("~") || source.startsWith("~/")) {
                host = Paths2.join(home, source.substring(1).replaceFirst("^/", ""));
            } else if (source.startsWith("~")) {
                host = Paths2.join("/home", source.substring(1));
            } else {
                host = Paths2.join(site.dir(), source);
            }
            return Optional.of(new Mount(host, target, ""));
        }
        String name = project + "_" + source;
        if (volumes.get(source) instanceof Map<?, ?> def) {
            Object external = def.get("external");
            if (def.get("name") != null) {
                name = Interpolation.apply(String.valueOf(def.get("name")), env);
            } else if (Boolean.TRUE.equals(external) || "true".equals(String.valueOf(external))) {
                name = source;
            } else if (external instanceof Map<?, ?> ext && ext.get("name") != null) {
                name = String.valueOf(ext.get("name"));
            }
        }
        return Optional.of(new Mount(site.dockerRoot() + "/volumes/" + name + "/_data", target, name));
    }

    /** For a built service: the images its Dockerfile starts FROM, with ARG defaults and build args applied. */
    private static List<String> baseImages(Object build, Map<String, String> env, Site site) {
        if (build == null) {
            return List.of();
        }
        String context = ".";
        String dockerfile = "Dockerfile";
        Map<String, String> args = new LinkedHashMap<>();
        if (build instanceof Map<?, ?> b) {
            if (b.get("context") != null) {
                context = str(b.get("context"), env);
            }
            if (b.get("dockerfile") != null) {
                dockerfile = str(b.get("dockerfile"), env);
            }
            args.putAll(environment(b.get("args"), env));
        } else {
            context = str(build, env);
        }
        List<String> out = new ArrayList<>();
        String path = Paths2.join(Paths2.join(site.dir(), context), dockerfile);
        Optional<String> text = site.textAt(path);
        if (text.isPresent()) {
            Map<String, String> vars = new LinkedHashMap<>();
            for (String line : text.get().split("\\R")) {
                String l = line.strip();
                String upper = l.toUpperCase(Locale.ROOT);
                if (upper.startsWith("ARG ")) {
                    String decl = l.substring(4).strip();
                    int eq = decl.indexOf('=');
                    String name = eq < 0 ? decl : decl.substring(0, eq);
                    String dflt = eq < 0 ? "" : decl.substring(eq + 1).replaceAll("^[\"']|[\"']$", "");
                    String given = args.get(name);
                    vars.put(name, given != null && !given.isBlank() ? given : dflt);
                } else if (upper.startsWith("FROM ")) {
                    String image = Interpolation.apply(l.substring(5).strip().split("\\s+")[0], vars);
                    if (!image.isBlank() && !image.equalsIgnoreCase("scratch")) {
                        out.add(image);
                    }
                }
            }
        }
        // Without a readable Dockerfile, an *IMAGE build argument is still the best hint of the base image.
        args.forEach((k, v) -> {
            if (k.toUpperCase(Locale.ROOT).endsWith("IMAGE") && !v.isBlank() && !out.contains(v)) {
                out.add(v);
            }
        });
        return out;
    }
}
