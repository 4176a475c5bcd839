package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FileText;
import dev.lifeboat.engine.probe.RunningContainer;
import dev.lifeboat.engine.stacks.StackDescriptor.Constraint;
import dev.lifeboat.engine.stacks.StackDescriptor.Keep;
import dev.lifeboat.engine.stacks.StackDescriptor.Rewrite;
import dev.lifeboat.engine.stacks.StackDescriptor.Upgrade;
import dev.lifeboat.engine.stacks.VersionChange.Check;
import dev.lifeboat.engine.stacks.VersionChange.Outcome;
import dev.lifeboat.engine.stacks.VersionSpots.ImageSpot;
import dev.lifeboat.engine.stacks.VersionSpots.Spot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An installation's version and what a new one means, read from its files as its stack's {@code upgrade:} describes
 * (ADR 0014). Pure functions over file texts: the caller reads the files ({@link #filesToRead}, then {@link
 * #moreFiles} once for a {@code COMPOSE_FILE} list) through a probe, and nothing here reaches a server.
 */
public final class Upgrades {
    /** What a version written into files and image tags may look like: Docker's tag characters, nothing a shell or a
     * YAML parser would read otherwise. */
    private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private Upgrades() {}

    /**
     * The files an upgrade of {@code detected} reads, absolute: those its stack reads for detection, {@code .env},
     * the compose files, and those its {@code upgrade:} names.
     */
    public static List<String> filesToRead(Stack stack, DetectedStack detected) {
        Set<String> rel = new LinkedHashSet<>(stack.wantedFiles());
        rel.add(".env");
        for (String f : Compose.STANDARD_FILES) {
            rel.add(f);
            rel.add(f.substring(0, f.lastIndexOf('.')) + ".override" + f.substring(f.lastIndexOf('.')));
        }
        stack.upgrade().ifPresent(u -> {
            for (Keep k : u.keep()) {
                if (k.file() != null) {
                    rel.add(k.file());
                }
                if (k.keepOld() != null) {
                    rel.add(k.keepOld());
                }
            }
            rel.addAll(u.settings());
            u.rewrites().forEach(r -> rel.add(r.file()));
            for (Constraint c : u.constraints()) {
                if (c.notAbove() != null) {
                    rel.add(c.notAbove());
                }
                if (c.when() != null && c.when().file() != null) {
                    rel.add(c.when().file());
                }
                if (c.when() != null && c.when().noFile() != null) {
                    rel.add(c.when().noFile());
                }
            }
        });
        Set<String> out = new LinkedHashSet<>();
        rel.forEach(r -> out.add(Paths2.join(detected.installDir(), r)));
        if (detected.compose() != null) {
            out.addAll(detected.compose().configFiles());
        }
        return List.copyOf(out);
    }

    /** The compose files the installation uses that {@code files} does not hold yet (named by {@code .env}). */
    public static List<String> moreFiles(Stack stack, DetectedStack detected, Map<String, FileText> files) {
        Site site = site(detected, files);
        Map<String, String> env = new LinkedHashMap<>(settings(stack, site).merged());
        return Compose.filesOf(site, env, fallbackComposeFiles(stack)).stream()
                .filter(f -> !files.containsKey(f))
                .toList();
    }

    /**
     * What upgrading {@code detected} to {@code target} means.
     *
     * @param files the texts read ({@link #filesToRead}), by absolute path
     * @param runningImages the images its containers run now, as Docker reports them
     * @return the change; refused (with the reasons and what to do) when the stack says nothing about upgrades, the
     *     version cannot be told, the target is not a newer version of the right form, or a constraint refuses
     */
    public static VersionChange change(
            Stack stack,
            DetectedStack detected,
            Map<String, FileText> files,
            List<String> runningImages,
            String target) {
        String name = detected.displayName();
        List<Check> checks = new ArrayList<>();
        Optional<Upgrade> spec = stack.upgrade();
        if (spec.isEmpty()) {
            checks.add(refusal("Lifeboat has no description of how " + name + " is upgraded (the " + stack.id()
                    + " stack descriptor has no upgrade: section, docs/stack-descriptors.md): upgrade it by its"
                    + " vendor's instructions, after a 'lifeboat backup'."));
            return refused(null, target, "", checks);
        }
        Upgrade u = spec.get();
        Read read = read(stack, u, detected, files);
        Site site = read.site();
        Settings settings = read.settings();
        Map<String, String> vars = read.vars();
        Compose compose = read.compose();
        Settings all = DescriptorStack.withCompose(settings, compose);

        Predicate<ImageRef> ours = appImages(u, compose, name, checks);
        if (ours == null) {
            return refused(null, target, "", checks);
        }
        if (u.manual() != null) {
            // Not applied by Lifeboat: say so whatever else is found, with the version when it can be told.
            Kept kept = locate(u, site, settings, vars, compose, ours, name, new ArrayList<>());
            checks.add(refusal(u.manual()));
            String seen = kept == null || !SAFE_VERSION.matcher(kept.version()).matches() ? null : kept.version();
            return refused(seen, target, kept == null ? "" : kept.where(), checks);
        }
        Kept kept = locate(u, site, settings, vars, compose, ours, name, checks);
        if (kept == null) {
            return refused(null, target, "", checks);
        }
        String current = kept.version();
        if (!SAFE_VERSION.matcher(current).matches()) {
            checks.add(refusal("Lifeboat cannot read a version in " + kept.where() + ": it holds something else."
                    + " Write the version that runs there, then plan again."));
            return refused(null, target, kept.where(), checks);
        }
        if (kept.spots().isEmpty()) {
            checks.add(refusal(name + "'s version is read from " + kept.where() + ", but its descriptor names no file"
                    + " to write a new one to (an upgrade: keep entry with a file)."));
            return refused(current, target, kept.where(), checks);
        }
        String t = target == null ? "" : target.strip();
        if (t.isEmpty()) {
            checks.add(refusal("Say which version to upgrade to (--to VERSION); " + name + " runs " + current + "."));
            return refused(current, t, kept.where(), checks);
        }
        if (!SAFE_VERSION.matcher(t).matches() || u.versionFormat() != null && !t.matches(u.versionFormat())) {
            checks.add(refusal("'" + t + "' is not a version " + name + " uses"
                    + (u.versionExample() == null ? "" : " (they look like " + u.versionExample() + ")")
                    + "; " + name + " runs " + current + "."));
            return refused(current, t, kept.where(), checks);
        }
        int cmp = Versions.compare(t, current);
        if (cmp == 0) {
            checks.add(refusal(name + " already runs " + current + " (" + kept.where() + ")."));
            return refused(current, t, kept.where(), checks);
        }
        if (cmp < 0) {
            checks.add(refusal(t + " is older than the " + current + " that runs: Lifeboat upgrades, it does not"
                    + " downgrade (a new version's migrations can make going back impossible). To go back, restore a"
                    + " snapshot taken before the upgrade."));
            return refused(current, t, kept.where(), checks);
        }

        if (detected.version() != null && Versions.compare(detected.version(), current) != 0) {
            checks.add(new Check(
                    Outcome.NOTE,
                    "Detection read " + detected.version() + ", " + kept.where() + " says " + current + ": " + current
                            + " is the version that is upgraded.",
                    ""));
        }
        for (String running : new LinkedHashSet<>(runningImages)) {
            ImageRef r = ImageRef.parse(running);
            if (ours.test(r) && r.tag() != null && Versions.compare(r.tag(), current) != 0) {
                checks.add(new Check(
                        Outcome.NOTE,
                        "A container runs " + running + " while " + kept.where() + " says " + current
                                + ": it was changed without the containers being made again. The upgrade makes"
                                + " them again from " + t + ".",
                        ""));
            }
        }
        for (Constraint c : u.constraints()) {
            check(c, site, all, compose, current, t).ifPresent(checks::add);
        }
        List<FileEdit> edits = edits(u, site, kept, current, t);
        return new VersionChange(
                current,
                t,
                kept.where(),
                edits,
                pulls(ours, kept, runningImages, t),
                builds(ours, compose),
                u.migrates(),
                u.migration(),
                u.startSeconds(),
                checks);
    }

    /** An installation's files as an upgrade reads them: its settings (with its upgrade's own), its compose files. */
    private record Read(Site site, Settings settings, Map<String, String> vars, Compose compose) {}

    private static Read read(Stack stack, Upgrade u, DetectedStack detected, Map<String, FileText> files) {
        Site site = site(detected, files);
        Settings settings = settings(stack, site);
        for (String f : u.settings()) {
            site.text(f).ifPresent(t -> settings.add(f, KeyValueFile.parse(t, site.resolve(f))));
        }
        Map<String, String> vars = new LinkedHashMap<>(settings.merged());
        vars.putIfAbsent("PWD", site.dir());
        Compose compose = Compose.load(site, settings.merged(), project(detected), fallbackComposeFiles(stack));
        return new Read(site, settings, vars, compose);
    }

    /**
     * The version an installation runs and the newer ones the server already has images of: what the window offers
     * to upgrade to (a version typed may be any other).
     *
     * @param current the version it runs
     * @param versions newer versions of the images that carry its version, newest first
     */
    public record Offered(String current, List<String> versions) {
        public Offered {
            versions = List.copyOf(versions);
        }
    }

    /**
     * What {@link Offered} says for {@code detected}; empty when Lifeboat cannot upgrade it (the plan says why).
     *
     * @param localImages the images the server has, {@code REPOSITORY:TAG}
     */
    public static Optional<Offered> offered(
            Stack stack,
            DetectedStack detected,
            Map<String, FileText> files,
            List<String> runningImages,
            List<String> localImages) {
        Optional<Upgrade> spec = stack.upgrade();
        if (spec.isEmpty() || spec.get().manual() != null) {
            return Optional.empty();
        }
        Upgrade u = spec.get();
        Read read = read(stack, u, detected, files);
        List<Check> ignored = new ArrayList<>(); // the plan tells them
        Predicate<ImageRef> ours = appImages(u, read.compose(), detected.displayName(), ignored);
        Kept kept = ours == null
                ? null
                : locate(
                        u,
                        read.site(),
                        read.settings(),
                        read.vars(),
                        read.compose(),
                        ours,
                        detected.displayName(),
                        ignored);
        if (kept == null || !SAFE_VERSION.matcher(kept.version()).matches()) {
            return Optional.empty();
        }
        Set<String> repositories = new LinkedHashSet<>();
        for (String pull : pulls(ours, kept, runningImages, kept.version())) {
            repositories.add(ImageRef.parse(pull).repository());
        }
        Set<String> newer = new LinkedHashSet<>();
        for (String local : localImages) {
            ImageRef i = ImageRef.parse(local.strip());
            String tag = i.tag();
            if (repositories.contains(i.repository())
                    && tag != null
                    && SAFE_VERSION.matcher(tag).matches()
                    && (u.versionFormat() == null || tag.matches(u.versionFormat()))
                    && Versions.compare(tag, kept.version()) > 0) {
                newer.add(tag);
            }
        }
        List<String> versions = new ArrayList<>(newer);
        versions.sort((a, b) -> Versions.compare(b, a));
        return Optional.of(new Offered(kept.version(), versions));
    }

    // ------------------------------------------------------------------------------------------ where it is kept

    /** The version and every place it is written, from the first keep entry the installation has. */
    private record Kept(String version, String where, List<Spot> spots, Keep keep, List<ImageSpot> images) {}

    private static Kept locate(
            Upgrade u,
            Site site,
            Settings settings,
            Map<String, String> vars,
            Compose compose,
            Predicate<ImageRef> ours,
            String name,
            List<Check> checks) {
        List<String> looked = new ArrayList<>();
        for (Keep k : u.keep()) {
            if (k.imageTag()) {
                looked.add("the image tag in " + String.join(", ", compose.files()));
                Map<String, String> texts = new LinkedHashMap<>();
                for (String f : compose.files()) {
                    site.textAt(f).ifPresent(x -> texts.put(f, x));
                }
                String env = site.resolve(".env");
                site.textAt(env).ifPresent(x -> texts.put(env, x));
                List<String> problems = new ArrayList<>();
                List<ImageSpot> found = VersionSpots.imageTags(texts, compose.files(), env, vars, ours, problems);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> checks.add(refusal(
                            "Lifeboat cannot tell which version of " + name + " runs: " + p + ", then plan again.")));
                    return null;
                }
                if (found.isEmpty()) {
                    continue;
                }
                Optional<ImageSpot> latest = found.stream()
                        .filter(s -> s.tag().text().equalsIgnoreCase("latest"))
                        .findFirst();
                if (latest.isPresent()) {
                    checks.add(refusal("Lifeboat cannot tell which version of " + name + " runs: "
                            + latest.get().tag().where() + " says 'latest', which is whatever was newest when it was"
                            + " pulled; write the version that runs instead, then plan again."));
                    return null;
                }
                Set<String> versions = new LinkedHashSet<>();
                found.forEach(s -> versions.add(s.tag().text()));
                if (versions.size() > 1) {
                    checks.add(refusal("The compose files name " + name + "'s image with several versions ("
                            + String.join(
                                    ", ",
                                    found.stream()
                                            .map(s -> s.tag().text() + " in "
                                                    + s.tag().where())
                                            .toList())
                            + "): make them one version, then plan again."));
                    return null;
                }
                List<Spot> spots = found.stream().map(ImageSpot::tag).distinct().toList();
                String where = String.join(
                        "; ", spots.stream().map(Spot::where).distinct().toList());
                return new Kept(versions.iterator().next(), where, spots, k, found);
            }
            if (k.file() != null) {
                String path = site.resolve(k.file());
                looked.add(k.key().isEmpty() ? path : String.join(" or ", k.key()) + " in " + path);
                Optional<String> text = site.text(k.file());
                if (text.isEmpty()) {
                    continue;
                }
                Optional<Spot> spot = k.key().isEmpty()
                        ? VersionSpots.firstLine(path, text.get())
                        : VersionSpots.keyValue(path, text.get(), k.key(), k.tag());
                if (spot.isPresent()) {
                    return new Kept(spot.get().text(), spot.get().where(), List.of(spot.get()), k, List.of());
                }
                continue;
            }
            looked.add(String.join(" or ", k.key()) + " in its settings");
            Optional<Settings.Value> v = settings.get(k.key());
            if (v.isPresent()) {
                String version = k.tag()
                        ? ImageRef.parse(v.get().value()).tag()
                        : v.get().value().strip();
                if (version != null && !version.isBlank()) {
                    return new Kept(version, v.get().key() + " in " + v.get().source(), List.of(), k, List.of());
                }
            }
        }
        checks.add(refusal("Lifeboat cannot tell which version of " + name + " in " + site.dir() + " runs: it looked"
                + " at "
                + (looked.isEmpty()
                        ? "nothing (the descriptor's upgrade: has no keep entry)"
                        : String.join("; ", looked))
                + ". Write the running version there, then plan again."));
        return null;
    }

    /**
     * Which images carry the application's version: the descriptor's {@code images}, or — none named, and the version
     * kept in an image tag — the one image of the compose project that is not a database's. Null (with a refusal) when
     * that is not one image.
     */
    private static Predicate<ImageRef> appImages(Upgrade u, Compose compose, String name, List<Check> checks) {
        if (!u.images().isEmpty()) {
            return i -> u.images().stream().anyMatch(i::matches);
        }
        if (u.keep().stream().noneMatch(Keep::imageTag)) {
            return i -> false; // the version is in a file or a setting, and no image carries it
        }
        List<String> repos = compose.services().stream()
                .map(Compose.Service::image)
                .filter(i -> !i.isBlank())
                .map(ImageRef::parse)
                .filter(i -> DatabaseKinds.of(i).isEmpty())
                .map(ImageRef::repository)
                .distinct()
                .toList();
        if (repos.size() == 1) {
            String repo = repos.get(0);
            return i -> i.repository().equals(repo);
        }
        checks.add(refusal(
                repos.isEmpty()
                        ? name + " runs no image besides its databases: there is no application version to change."
                        : name + " runs several images besides its databases (" + String.join(", ", repos)
                                + "): Lifeboat cannot tell which one's tag is the application's version. Describe"
                                + " the application in a stack descriptor of your own with an upgrade: section"
                                + " naming its images (docs/stack-descriptors.md), then plan again."));
        return null;
    }

    // ------------------------------------------------------------------------------------------ constraints

    private static Optional<Check> check(
            Constraint c, Site site, Settings all, Compose compose, String current, String target) {
        if (c.when() != null && !DescriptorStack.holds(c.when(), site, all, compose, current)) {
            return Optional.empty();
        }
        if (!c.retracted().isEmpty()
                && c.retracted().stream().noneMatch(r -> Versions.compare(Versions.release(target), r) == 0)) {
            return Optional.empty();
        }
        if (c.crossing() != null && !crosses(current, target, c.crossing())) {
            return Optional.empty();
        }
        String ceiling = null;
        if (c.notAbove() != null) {
            Optional<Spot> top = site.text(c.notAbove()).flatMap(x -> VersionSpots.firstLine(c.notAbove(), x));
            if (top.isEmpty() || Versions.compare(target, top.get().text()) <= 0) {
                return Optional.empty();
            }
            ceiling = top.get().text();
        }
        if (c.warn()) {
            return Optional.of(new Check(Outcome.NOTE, c.why(), ""));
        }
        if (c.needs() != null) {
            boolean ok = Versions.compare(current, c.needs()) >= 0;
            return Optional.of(new Check(
                    ok ? Outcome.PASSED : Outcome.REFUSED,
                    c.why(),
                    "it runs " + current + (ok ? "" : ", below " + c.needs())));
        }
        if (c.atLeast() != null) {
            Optional<String[]> other = otherVersion(c, all, compose);
            if (other.isEmpty()) {
                return Optional.of(new Check(
                        Outcome.NOTE,
                        c.why(),
                        "Lifeboat could not tell the version of "
                                + String.join(" or ", c.setting().isEmpty() ? c.image() : c.setting())
                                + ": check it before the upgrade"));
            }
            boolean ok = Versions.compare(other.get()[0], c.atLeast()) >= 0;
            return Optional.of(new Check(
                    ok ? Outcome.PASSED : Outcome.REFUSED,
                    c.why(),
                    other.get()[1] + " gives " + other.get()[0] + (ok ? "" : ", below " + c.atLeast())));
        }
        if (!c.setting().isEmpty()) {
            Optional<Settings.Value> v = all.get(c.setting());
            return Optional.of(new Check(
                    v.isPresent() ? Outcome.PASSED : Outcome.REFUSED,
                    c.why(),
                    v.map(x -> x.key() + " is set in " + x.source())
                            .orElse(String.join(" or ", c.setting()) + " is not set")));
        }
        return Optional.of(
                new Check(Outcome.REFUSED, c.why(), ceiling == null ? "" : c.notAbove() + " says " + ceiling));
    }

    /** The version a constraint compares ({value, where it came from}): a setting's first, then an image's tag. */
    private static Optional<String[]> otherVersion(Constraint c, Settings all, Compose compose) {
        Optional<Settings.Value> v = all.get(c.setting());
        if (v.isPresent()) {
            String raw = v.get().value().strip();
            String version =
                    raw.contains(":") || raw.contains("/") ? ImageRef.parse(raw).tag() : raw;
            if (version != null && !version.isEmpty() && Character.isDigit(version.charAt(0))) {
                return Optional.of(
                        new String[] {version, v.get().key() + " in " + v.get().source()});
            }
        }
        for (Compose.Service s : compose.services()) {
            for (ImageRef i : s.allImages()) {
                if (c.image().stream().anyMatch(i::matches)
                        && i.tag() != null
                        && !i.tag().isEmpty()
                        && Character.isDigit(i.tag().charAt(0))) {
                    return Optional.of(new String[] {i.tag(), "the image of service " + s.name()});
                }
            }
        }
        return Optional.empty();
    }

    /** Whether going from {@code current} to {@code target} passes {@code v}: below it now, at or above it after. */
    static boolean crosses(String current, String target, String v) {
        return Versions.compare(current, v) < 0 && Versions.compare(target, v) >= 0;
    }

    // ------------------------------------------------------------------------------------------ what is written

    private static List<FileEdit> edits(Upgrade u, Site site, Kept kept, String current, String target) {
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        Map<String, List<String>> changes = new LinkedHashMap<>();
        Keep k = kept.keep();
        if (k.keepOld() != null) {
            String old = site.resolve(k.keepOld());
            String version = site.text(k.file()).orElseThrow();
            before.put(old, site.text(k.keepOld()).orElse(null));
            after.put(old, version);
            changes.computeIfAbsent(old, x -> new ArrayList<>())
                    .add("keeps " + current + ", the version before the upgrade, as the vendor's upgrade does");
        }
        Map<String, List<Spot>> byFile = new LinkedHashMap<>();
        kept.spots().forEach(s -> byFile.computeIfAbsent(s.file(), x -> new ArrayList<>())
                .add(s));
        for (Map.Entry<String, List<Spot>> e : byFile.entrySet()) {
            String text = site.textAt(e.getKey()).orElseThrow();
            before.putIfAbsent(e.getKey(), text);
            after.put(e.getKey(), VersionSpots.replace(after.getOrDefault(e.getKey(), text), e.getValue(), target));
            List<String> said = changes.computeIfAbsent(e.getKey(), x -> new ArrayList<>());
            e.getValue().stream().map(s -> s.change(target)).distinct().forEach(said::add);
        }
        for (Rewrite r : u.rewrites()) {
            if (!crosses(current, target, r.crossing())) {
                continue;
            }
            String path = site.resolve(r.file());
            Optional<String> text = Optional.ofNullable(after.get(path)).or(() -> site.text(r.file()));
            if (text.isEmpty()) {
                continue;
            }
            Matcher m = Pattern.compile(r.regex(), Pattern.MULTILINE).matcher(text.get());
            int n = 0;
            while (m.find()) {
                n++;
            }
            if (n == 0) {
                continue;
            }
            before.putIfAbsent(path, text.get());
            after.put(
                    path,
                    Pattern.compile(r.regex(), Pattern.MULTILINE)
                            .matcher(text.get())
                            .replaceAll(Matcher.quoteReplacement(r.replace())));
            changes.computeIfAbsent(path, x -> new ArrayList<>())
                    .add(r.why() + " (" + n + (n == 1 ? " place" : " places") + ")");
        }
        List<FileEdit> out = new ArrayList<>();
        for (String path : after.keySet()) {
            out.add(new FileEdit(path, before.get(path), after.get(path), changes.get(path)));
        }
        return out;
    }

    /** The images to pull: every image that carries the version, running or named in compose, with the new tag. */
    private static List<String> pulls(Predicate<ImageRef> ours, Kept kept, List<String> running, String target) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : running) {
            ImageRef i = ImageRef.parse(r);
            if (ours.test(i)) {
                out.add(i.repository() + ":" + target);
            }
        }
        for (ImageSpot s : kept.images()) {
            out.add(s.image().repository() + ":" + target);
        }
        return List.copyOf(out);
    }

    /** Compose services built on an image that carries the version (its base image), not pulled as they are. */
    private static List<String> builds(Predicate<ImageRef> ours, Compose compose) {
        List<String> out = new ArrayList<>();
        for (Compose.Service s : compose.services()) {
            boolean pulled = !s.image().isBlank() && ours.test(ImageRef.parse(s.image()));
            if (!pulled && s.baseImages().stream().map(ImageRef::parse).anyMatch(ours)) {
                out.add(s.name());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ the site

    /** The installation as a {@link Site} of the files read, with its running project's compose files. */
    static Site site(DetectedStack detected, Map<String, FileText> files) {
        List<RunningContainer> running = detected.compose() == null
                ? List.of()
                : List.of(new RunningContainer(
                        "",
                        "",
                        detected.compose().name(),
                        "",
                        detected.compose().workingDir(),
                        detected.compose().configFiles()));
        return new Site(detected.installDir(), Map.of(), files, running, Map.of(), "/var/lib/docker");
    }

    /** The stack's settings of a site: its own hook's for a descriptor stack, else {@code .env}. */
    private static Settings settings(Stack stack, Site site) {
        if (stack instanceof DescriptorStack d) {
            return d.settings(site);
        }
        Settings s = new Settings();
        site.text(".env").ifPresent(t -> s.add(".env", KeyValueFile.parse(t, site.resolve(".env"))));
        return s;
    }

    private static List<String> fallbackComposeFiles(Stack stack) {
        return stack instanceof DescriptorStack d ? d.descriptor().composeFiles() : List.of();
    }

    private static String project(DetectedStack detected) {
        return detected.compose() == null ? null : detected.compose().name();
    }

    private static Check refusal(String why) {
        return new Check(Outcome.REFUSED, why, "");
    }

    private static VersionChange refused(String current, String target, String keptIn, List<Check> checks) {
        return new VersionChange(current, target, keptIn, List.of(), List.of(), List.of(), List.of(), "", null, checks);
    }
}
