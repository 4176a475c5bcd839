package dev.lifeboat.engine.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComposeProject;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FileText;
import dev.lifeboat.engine.probe.FolderListing;
import dev.lifeboat.engine.probe.FoundFile;
import dev.lifeboat.engine.probe.PathStats;
import dev.lifeboat.engine.probe.Probe;
import dev.lifeboat.engine.probe.ProbeLimits;
import dev.lifeboat.engine.probe.Reading;
import dev.lifeboat.engine.probe.RunningContainer;
import dev.lifeboat.engine.probe.Survey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the applications on a server: the one code path for live ({@code ShellProbe} over SSH) and offline ({@code
 * FsProbe}) detection. Costs three probe calls: survey (containers and candidate files), read (the config files of
 * candidate folders), stat (sizes of the components found; not made when nothing was found); one more read per
 * level of compose {@code include:} or {@code extends: {file:}} that names files not read yet (at most {@link
 * Compose#MAX_INCLUDE_DEPTH}). {@link Detection#probeCalls()} says how many were made.
 *
 * <p>Blocking; thread-safe (holds no state between calls). Errors of single files or folders end up in {@link
 * Detection#problems()}; {@link EngineException} only when the probe as a whole fails.
 */
public final class Detector {
    /** The compose projects of restore drills ({@code DrillWorkflow}): Lifeboat's own copies, never detected. */
    public static final String DRILL_PROJECT_PREFIX = "lifeboat-drill-";

    /**
     * Where applications are installed: every folder directly inside {@code /} and {@code /var} but the operating
     * system's own ({@link ProbeLimits#SYSTEM_FOLDERS}: admins install on whatever disk is big, mounted wherever they
     * like: {@code /data2}, {@code /volume1}, {@code /srv}, {@code /var/www}), plus {@code /usr/local} and Docker's
     * volumes, where compose projects managed by a web UI live. Running compose projects are found wherever they are,
     * through their containers' labels.
     */
    public static final List<String> SEARCH_ROOTS = List.of("/*", "/var/*", "/usr/local", "/var/lib/docker/volumes");

    /**
     * How deep below a search root files are looked for: /home/USER/APP/lib/config-seed/FILE is 5, and installs kept
     * a few folders further down (/home/USER/clients/acme/prod/APP/...) are still found.
     */
    public static final int SEARCH_DEPTH = 10;

    /** Where and how deep detection searches, for people: said whenever nothing is found. */
    public static String searchLimits() {
        return "every top-level folder and every folder in /var but the system's own (/proc, /sys, /dev, /etc, /usr,"
                + " /var/lib, /var/log ...), /usr/local and /var/lib/docker/volumes, down to " + SEARCH_DEPTH
                + " levels below each";
    }

    private static final List<String> BASE_PATTERNS = List.of("*.yml", "*.yaml", ".env", "Dockerfile*");

    private final List<Stack> stacks;
    private final Stack generic = new GenericComposeStack();

    /** A detector over these stacks (normally {@link StackRegistry}); the generic compose stack is always last. */
    public Detector(List<Stack> stacks) {
        this.stacks = List.copyOf(stacks);
    }

    public static Detector withBuiltInStacks() {
        return new Detector(StackRegistry.builtIn());
    }

    /** The file name patterns the survey looks for. */
    List<String> namePatterns() {
        Set<String> names = new LinkedHashSet<>(BASE_PATTERNS);
        names.addAll(Compose.STANDARD_FILES);
        for (Stack s : stacks) {
            s.anchors().forEach(a -> names.add(Paths2.name(a)));
            s.wantedFiles().forEach(a -> names.add(Paths2.name(a)));
        }
        return new ArrayList<>(names);
    }

    public Detection detect(Probe probe) throws EngineException {
        List<String> lookedAt = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        int calls = 0;
        // Round trip 1: what runs, and which files could be configuration.
        Survey survey = probe.survey(SEARCH_ROOTS, SEARCH_DEPTH, namePatterns());
        calls++;
        problems.addAll(survey.problems());
        Map<String, FoundFile> listed = new LinkedHashMap<>();
        Set<String> seenFiles = new HashSet<>();
        for (FoundFile f : survey.files()) {
            // The same file reached along a second path (a link to a folder already searched) is listed once.
            if (f.fileKey().isEmpty() || seenFiles.add(f.fileKey() + "/" + Paths2.name(f.path()))) {
                listed.put(f.path(), f);
            }
        }
        lookedAt.add("searched " + searchLimits() + " on " + probe.describe() + ": " + listed.size()
                + " candidate files, " + survey.containers().size() + " containers (running or stopped)"
                + (survey.searched().isEmpty() ? "" : "; folders searched: " + String.join(", ", survey.searched())));

        Map<String, List<RunningContainer>> byDir = new LinkedHashMap<>();
        int drillCopies = 0;
        for (RunningContainer c : survey.containers()) {
            if (c.project().startsWith(DRILL_PROJECT_PREFIX)) {
                drillCopies++; // Lifeboat's own throw-away copy of a drill: not one of the admin's applications
                continue;
            }
            if (!c.workingDir().isBlank()) {
                byDir.computeIfAbsent(Paths2.normalize(c.workingDir()), k -> new ArrayList<>())
                        .add(c);
            }
        }
        if (drillCopies > 0) {
            lookedAt.add(drillCopies + " containers of a restore drill's throw-away copy (compose projects "
                    + DRILL_PROJECT_PREFIX + "*) left out: they are not an application of this server");
        }
        Set<String> candidates = candidates(listed, byDir.keySet());

        // Round trip 2: the files stacks need to decide, and what each candidate folder holds.
        List<String> reads = reads(candidates, listed, byDir);
        Reading reading = probe.read(reads, new ArrayList<>(candidates));
        Map<String, FileText> texts = new LinkedHashMap<>(reading.files());
        calls++;
        // Compose files that include or extend files not read yet: one more round trip per level, bounded.
        for (int level = 0; level < Compose.MAX_INCLUDE_DEPTH; level++) {
            List<String> more = referenced(texts);
            if (more.isEmpty()) {
                break;
            }
            texts.putAll(probe.readFiles(more));
            calls++;
        }
        texts.values().forEach(t -> {
            if (t.truncated()) {
                problems.add(t.path() + " is larger than " + (Probe.MAX_FILE_BYTES >> 20)
                        + " MiB; only its first " + (Probe.MAX_FILE_BYTES >> 20)
                        + " MiB were read, so what it says after that is not known");
            } else if (t.status() == FileText.Status.SKIPPED) {
                problems.add(t.path() + " was not read: the files before it already came to "
                        + (Probe.MAX_READ_BYTES >> 20) + " MiB");
            }
        });
        Map<Integer, String> homes = homes(texts.get("/etc/passwd"));
        String dockerRoot = dockerRoot(texts.get("/etc/docker/daemon.json"));

        List<Stack.Finding> findings = new ArrayList<>();
        Map<String, Stack> stackOf = new HashMap<>();
        for (String dir : candidates) {
            Site site = new Site(dir, listed, texts, byDir.getOrDefault(dir, List.of()), homes, dockerRoot);
            Optional<Stack.Finding> best = Optional.empty();
            Stack bestStack = generic;
            StringBuilder scores = new StringBuilder();
            for (Stack s : stacks) {
                Optional<Stack.Finding> f;
                try {
                    f = s.examine(site);
                } catch (RuntimeException e) {
                    // A stack (most likely a user's descriptor) that cannot cope with this folder must not stop the
                    // detection of everything else.
                    problems.add("stack " + s.id() + " failed on " + dir + ": " + e);
                    continue;
                }
                if (f.isPresent()) {
                    int score = f.get().detected().score();
                    scores.append(' ')
                            .append(s.id())
                            .append(' ')
                            .append(score)
                            .append('/')
                            .append(f.get().threshold());
                    if (f.get().matches()
                            && (best.isEmpty() || score > best.get().detected().score())) {
                        best = f;
                        bestStack = s;
                    }
                }
            }
            if (best.isEmpty()) {
                Optional<Stack.Finding> g = generic.examine(site);
                g.ifPresent(f -> problems.addAll(f.problems()));
                best = g.filter(Stack.Finding::matches).map(f -> f.withoutProblems());
            }
            lookedAt.add(dir + ": " + (best.isPresent() ? best.get().detected().stackId() : "no application")
                    + (scores.length() == 0 ? "" : " (scores:" + scores + ")"));
            ComposeProject project = composeProject(containersOf(dir, survey.containers()));
            stackOf.put(dir, bestStack);
            best.ifPresent(f -> {
                findings.add(
                        project == null
                                ? f
                                : new Stack.Finding(
                                        f.detected().withCompose(project),
                                        f.threshold(),
                                        f.dropIfMissing(),
                                        f.problems()));
                problems.addAll(f.problems());
            });
        }
        List<Stack.Finding> kept = withOwnFolders(withoutNested(findings), reading.folders(), stackOf);

        // Round trip 3: sizes, existence and emptiness of every component, in one batch.
        Set<String> paths = new TreeSet<>();
        kept.forEach(f -> f.detected().components().forEach(c -> paths.add(c.path())));
        Map<String, PathStats> stats = Map.of();
        if (!paths.isEmpty()) {
            stats = probe.stat(new ArrayList<>(paths));
            calls++;
        }
        List<DetectedStack> out = new ArrayList<>();
        for (Stack.Finding f : kept) {
            out.add(withStats(f, stats));
        }
        out.sort(Comparator.comparing(DetectedStack::installDir));
        if (out.isEmpty()) {
            lookedAt.add("no known application and no compose project found");
        }
        return new Detection(out, lookedAt, problems, calls);
    }

    /** Folders that may hold an application: compose folders, stack anchors, running projects. */
    private Set<String> candidates(Map<String, FoundFile> listed, Set<String> runningDirs) {
        Set<String> dirs = new TreeSet<>(runningDirs);
        Set<String> yamlDirs = new HashSet<>();
        for (String p : listed.keySet()) {
            String n = Paths2.name(p);
            if (n.endsWith(".yml") || n.endsWith(".yaml")) {
                yamlDirs.add(Paths2.parent(p));
            }
        }
        for (String p : listed.keySet()) {
            String name = Paths2.name(p);
            if (Compose.STANDARD_FILES.contains(name) || name.equals(".env") && yamlDirs.contains(Paths2.parent(p))) {
                dirs.add(Paths2.parent(p));
            }
            for (Stack s : stacks) {
                for (String anchor : s.anchors()) {
                    if (p.endsWith("/" + anchor)) {
                        String dir = p.substring(0, p.length() - anchor.length() - 1);
                        dirs.add(dir.isEmpty() ? "/" : dir);
                    }
                }
            }
        }
        return dirs;
    }

    private List<String> reads(
            Set<String> candidates, Map<String, FoundFile> listed, Map<String, List<RunningContainer>> byDir) {
        Set<String> out = new LinkedHashSet<>(List.of("/etc/passwd", "/etc/docker/daemon.json"));
        Set<String> wanted = new LinkedHashSet<>();
        stacks.forEach(s -> wanted.addAll(s.wantedFiles()));
        for (String dir : candidates) {
            boolean running = byDir.containsKey(dir);
            for (String p : listed.keySet()) {
                String parent = Paths2.parent(p);
                String name = Paths2.name(p);
                if (parent.equals(dir) && (name.endsWith(".yml") || name.endsWith(".yaml") || name.equals(".env"))) {
                    out.add(p);
                }
                // Dockerfiles of built services, up to two levels down (e.g. build_nuxeo/Dockerfile).
                if (name.startsWith("Dockerfile") && Paths2.isWithin(p, dir) && depthBelow(p, dir) <= 3) {
                    out.add(p);
                }
            }
            for (String rel : wanted) {
                String p = Paths2.join(dir, rel);
                if (listed.containsKey(p) || running) {
                    out.add(p);
                }
            }
            if (running) {
                // Outside the search roots nothing was listed: ask for the usual names and the label's files.
                Compose.STANDARD_FILES.forEach(n -> out.add(Paths2.join(dir, n)));
                out.add(Paths2.join(dir, ".env"));
                byDir.get(dir).forEach(c -> c.configFiles().forEach(f -> out.add(Paths2.normalize(f))));
            }
        }
        return new ArrayList<>(out);
    }

    /** Files named by {@code include:} or {@code extends: {file:}} in the compose files read, not read yet. */
    private static List<String> referenced(Map<String, FileText> texts) {
        Set<String> out = new LinkedHashSet<>();
        for (FileText t : texts.values()) {
            String n = Paths2.name(t.path());
            if (!t.ok() || !(n.endsWith(".yml") || n.endsWith(".yaml"))) {
                continue;
            }
            if (!t.text().contains("include") && !t.text().contains("extends")) {
                continue;
            }
            Optional<Object> doc = YamlTexts.load(t.text(), t.path(), new String[1]);
            if (doc.isPresent() && doc.get() instanceof Map<?, ?> top) {
                String dir = Paths2.parent(t.path());
                out.addAll(Compose.includes(top, dir, Map.of()));
                out.addAll(Compose.extendedFiles(top, dir, Map.of()));
            }
        }
        out.removeIf(p -> texts.containsKey(p) || p.contains("$"));
        return new ArrayList<>(out);
    }

    private static int depthBelow(String path, String dir) {
        return (int) path.substring(dir.length()).chars().filter(c -> c == '/').count();
    }

    /** Each finding with the rest of its install folder listed where that folder is its own ({@link ComposeFolder}). */
    private static List<Stack.Finding> withOwnFolders(
            List<Stack.Finding> findings, Map<String, FolderListing> listings, Map<String, Stack> stackOf) {
        List<String> dirs =
                findings.stream().map(f -> f.detected().installDir()).toList();
        List<Stack.Finding> out = new ArrayList<>();
        for (Stack.Finding f : findings) {
            String dir = f.detected().installDir();
            Stack s = stackOf.get(dir);
            List<String> known = new ArrayList<>();
            if (s != null) {
                known.addAll(s.anchors());
                known.addAll(s.wantedFiles());
            }
            DetectedStack d = ComposeFolder.apply(f.detected(), listings.get(dir), known, dirs);
            out.add(new Stack.Finding(d, f.threshold(), f.dropIfMissing(), f.problems()));
        }
        return out;
    }

    /** An application inside another one's folder is part of it (e.g. a compose file in a Toolkit's config). */
    private static List<Stack.Finding> withoutNested(List<Stack.Finding> findings) {
        List<Stack.Finding> out = new ArrayList<>();
        for (Stack.Finding f : findings) {
            boolean nested = false;
            for (Stack.Finding g : findings) {
                if (g == f) {
                    continue;
                }
                String fd = f.detected().installDir();
                String gd = g.detected().installDir();
                boolean fGeneric = f.detected().stackId().equals(GenericComposeStack.ID);
                boolean gGeneric = g.detected().stackId().equals(GenericComposeStack.ID);
                if (!fd.equals(gd) && Paths2.isWithin(fd, gd) && (fGeneric || !gGeneric)) {
                    nested = true;
                }
            }
            if (!nested) {
                out.add(f);
            }
        }
        return out;
    }

    private static DetectedStack withStats(Stack.Finding f, Map<String, PathStats> stats) {
        DetectedStack d = f.detected();
        List<Component> components = new ArrayList<>();
        for (Component c : d.components()) {
            PathStats s = stats.getOrDefault(c.path(), PathStats.missing(c.path()));
            if (!s.exists() && f.dropIfMissing().contains(c.path())) {
                continue;
            }
            String note = c.note();
            if (s.type() == PathStats.Type.LINK_LOOP) {
                note = note + (note.isEmpty() ? "" : " ") + "(a symbolic link loop; size unknown)";
            } else if (s.type() == PathStats.Type.UNKNOWN) {
                note = note + (note.isEmpty() ? "" : " ") + "(not readable by this login; size unknown)";
            } else if (!s.exists()) {
                note = note + (note.isEmpty() ? "" : " ") + "(not found on the server)";
            } else if (s.type() == PathStats.Type.DIRECTORY && s.empty()) {
                note = note + (note.isEmpty() ? "" : " ") + "(empty)";
            }
            components.add(c.withSize(s.sizeBytes()).withNote(note));
        }
        return d.withComponents(withoutContained(components));
    }

    /**
     * The running containers that belong to an install folder: compose ran in it or below it (the Toolkit runs
     * compose on {@code lib/*.yml}, so its working dir is {@code lib}), or its compose files lie in it.
     */
    static List<RunningContainer> containersOf(String dir, List<RunningContainer> all) {
        List<RunningContainer> out = new ArrayList<>();
        for (RunningContainer c : all) {
            boolean wd = !c.workingDir().isBlank() && Paths2.isWithin(Paths2.normalize(c.workingDir()), dir);
            boolean files = c.configFiles().stream().anyMatch(f -> Paths2.isWithin(f, dir));
            if (wd || files) {
                out.add(c);
            }
        }
        return out;
    }

    /** The compose project of a site's running containers (the most common project name), or null. */
    static ComposeProject composeProject(List<RunningContainer> containers) {
        Map<String, List<RunningContainer>> byProject = new TreeMap<>();
        for (RunningContainer c : containers) {
            if (!c.project().isBlank()) {
                byProject.computeIfAbsent(c.project(), k -> new ArrayList<>()).add(c);
            }
        }
        return byProject.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .map(e -> {
                    List<RunningContainer> cs = e.getValue();
                    List<String> services = cs.stream()
                            .map(RunningContainer::service)
                            .filter(x -> !x.isBlank())
                            .distinct()
                            .sorted()
                            .toList();
                    return new ComposeProject(
                            e.getKey(), cs.get(0).workingDir(), cs.get(0).configFiles(), services);
                })
                .orElse(null);
    }

    /**
     * No component contains another, so that nothing is copied twice and every path has one class. Of a folder and
     * a path inside it, the folder is kept when it matters at least as much (a {@code backup} compose folder covers
     * its {@code .env}); a folder that matters less than something inside it (an {@code ephemeral} folder around a
     * {@code backup} file) gives way, so nothing that must be kept is lost.
     */
    static List<Component> withoutContained(List<Component> components) {
        List<Component> out = new ArrayList<>(components);
        boolean changed = true;
        while (changed) {
            changed = false;
            search:
            for (Component inner : out) {
                for (Component outer : out) {
                    if (inner != outer
                            && !inner.path().equals(outer.path())
                            && Paths2.isWithin(inner.path(), outer.path())) {
                        // ComponentClass is declared from most to least important.
                        boolean outerCovers = outer.componentClass().ordinal()
                                <= inner.componentClass().ordinal();
                        out.remove(outerCovers ? inner : outer);
                        changed = true;
                        break search;
                    }
                }
            }
        }
        return out;
    }

    /** Home folders by user id, from {@code /etc/passwd}. */
    static Map<Integer, String> homes(FileText passwd) {
        Map<Integer, String> out = new HashMap<>();
        if (passwd == null || !passwd.ok()) {
            return out;
        }
        for (String line : passwd.text().split("\\R")) {
            String[] f = line.split(":");
            if (f.length >= 6) {
                try {
                    out.put(Integer.parseInt(f[2]), f[5]);
                } catch (NumberFormatException e) {
                    // A malformed line says nothing about homes; skip it.
                }
            }
        }
        return out;
    }

    /** Docker's data root: {@code data-root} (or the old {@code graph}) in daemon.json, else /var/lib/docker. */
    static String dockerRoot(FileText daemonJson) {
        if (daemonJson != null && daemonJson.ok()) {
            try {
                JsonNode n = new ObjectMapper().readTree(daemonJson.text());
                for (String key : new String[] {"data-root", "graph"}) {
                    if (n != null && n.hasNonNull(key) && n.get(key).asText().startsWith("/")) {
                        return Paths2.normalize(n.get(key).asText());
                    }
                }
            } catch (IOException e) {
                // An unreadable daemon.json leaves Docker on its default root, as dockerd itself would refuse it.
            }
        }
        return "/var/lib/docker";
    }
}
