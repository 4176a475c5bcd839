package dev.lifeboat.engine.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A probe over a local folder that stands for the server's {@code /} ({@code detect --fs DIR}). Reads only. Symbolic
 * links are followed as the server would follow them, but never out of the folder: an absolute link target is taken
 * from DIR (DIR is the server's {@code /}) and {@code ..} never climbs above it, so a link can reach nothing outside
 * DIR. Link loops and folders reached twice are searched once; unreadable folders and time limits become problems in
 * the answer.
 *
 * <p>Not thread-safe; cheap to create.
 */
public final class FsProbe implements Probe {
    /** As Linux: more links than this on the way to one file is a loop (ELOOP). */
    private static final int MAX_LINK_HOPS = 40;

    private final Path root;

    /** A probe treating {@code root} as the server's {@code /}. */
    public FsProbe(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    /** A server path resolved inside the root: the local file, or {@code loop} when links go round in circles. */
    private record Resolved(Path local, boolean loop) {}

    /**
     * Resolves a server path the way the server's kernel would, with DIR as {@code /}: every link on the way is
     * followed, absolute targets restart at DIR, {@code ..} stops at DIR.
     */
    private Resolved resolve(String serverPath) {
        Deque<String> todo = new ArrayDeque<>(List.of(serverPath.split("/")));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path p = localOf(done).resolve(c);
            if (Files.isSymbolicLink(p)) {
                if (++hops > MAX_LINK_HOPS) {
                    return new Resolved(p, true);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    done.add(c);
                    continue;
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    todo.addFirst(parts[i]);
                }
            } else {
                done.add(c);
            }
        }
        return new Resolved(localOf(done), false);
    }

    private Path localOf(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /** The local file for a server path (links resolved inside the root), or null for a link loop. */
    private Path local(String serverPath) {
        Resolved r = resolve(serverPath);
        return r.loop() ? null : r.local();
    }

    @Override
    public Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) {
        Walk walk = new Walk(namePatterns.stream().map(Globs::toRegex).toList(), maxDepth);
        List<String> searched = new ArrayList<>();
        for (String r : expand(roots, walk.problems)) {
            if (walk.stopped) {
                break;
            }
            Resolved start = resolve(r);
            if (start.loop()) {
                walk.problems.add("cannot search " + r + ": a symbolic link loop");
                continue;
            }
            if (!Files.isDirectory(start.local())) {
                if (!Files.exists(start.local()) && !Files.notExists(start.local())) {
                    walk.problems.add("cannot search " + r + ": permission denied");
                }
                continue;
            }
            searched.add(normalize(r));
            walk.dir(start.local(), normalize(r), 0);
        }
        return new Survey(List.of(), walk.found, walk.problems, searched);
    }

    /** The roots with each {@code P/*} replaced by the folders directly inside P that are searched, sorted. */
    private List<String> expand(List<String> roots, List<String> problems) {
        List<String> out = new ArrayList<>();
        for (String r : roots) {
            if (!ProbeLimits.isEveryFolderOf(r)) {
                out.add(r);
                continue;
            }
            String parent = normalize(ProbeLimits.parentOf(r));
            Resolved dir = resolve(parent);
            if (dir.loop() || !Files.isDirectory(dir.local())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.local())) {
                ds.forEach(e -> names.add(e.getFileName().toString()));
            } catch (IOException | DirectoryIteratorException e) {
                problems.add("cannot read " + parent + ": " + reason(e));
                continue;
            }
            names.sort(null);
            for (String name : names) {
                String sp = (parent.equals("/") ? "" : parent) + "/" + name;
                // Folders only (also through a link), as the shell's [ -d ] decides.
                Resolved e = resolve(sp);
                if (ProbeLimits.searchedInside(parent, name) && !e.loop() && Files.isDirectory(e.local())) {
                    out.add(sp);
                }
            }
        }
        return out;
    }

    /** One survey's walk: depth, time and count limits, folders already searched. */
    private final class Walk {
        final List<Pattern> patterns;
        final int maxDepth;
        final long deadline = System.nanoTime() + ProbeLimits.SURVEY_SECONDS * 1_000_000_000L;
        final List<FoundFile> found = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Set<Object> searched = new HashSet<>();
        boolean stopped;

        Walk(List<Pattern> patterns, int maxDepth) {
            this.patterns = patterns;
            this.maxDepth = maxDepth;
        }

        /** Searches a folder (a real folder, links resolved) whose server path is {@code serverPath}. */
        void dir(Path local, String serverPath, int depth) {
            if (stopped) {
                return;
            }
            if (System.nanoTime() > deadline) {
                problems.add("search stopped after " + ProbeLimits.SURVEY_SECONDS + " s at " + serverPath
                        + "; results are partial");
                stopped = true;
                return;
            }
            Object key = key(local);
            if (key != null && !searched.add(key)) {
                return; // reached again through a link: searched once
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(local)) {
                ds.forEach(entries::add);
            } catch (IOException | DirectoryIteratorException e) {
                problems.add("cannot read " + serverPath + ": " + reason(e));
                return;
            }
            entries.sort(null);
            for (Path entry : entries) {
                if (stopped) {
                    return;
                }
                String name = entry.getFileName().toString();
                String sp = (serverPath.equals("/") ? "" : serverPath) + "/" + name;
                Path target = entry;
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isSymbolicLink()) {
                        Resolved r = resolve(sp);
                        if (r.loop()) {
                            problems.add(sp + " is a symbolic link loop; not followed");
                            continue;
                        }
                        target = r.local();
                        attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    }
                } catch (NoSuchFileException e) {
                    continue; // a dangling link: nothing there
                } catch (IOException e) {
                    problems.add("cannot read " + sp + ": " + reason(e));
                    continue;
                }
                if (attrs.isDirectory()) {
                    if (depth + 1 < maxDepth && !ProbeLimits.pruned(name)) {
                        dir(target, sp, depth + 1);
                    }
                } else if (attrs.isRegularFile() && Globs.anyMatches(patterns, name)) {
                    if (found.size() >= ProbeLimits.MAX_FOUND_FILES) {
                        problems.add("more than " + ProbeLimits.MAX_FOUND_FILES
                                + " candidate files; search stopped, results are partial");
                        stopped = true;
                        return;
                    }
                    Object fk = attrs.fileKey();
                    found.add(new FoundFile(sp, uid(target), attrs.size(), fk == null ? "" : fk.toString()));
                }
            }
        }
    }

    private static String normalize(String serverPath) {
        StringBuilder sb = new StringBuilder();
        for (String c : serverPath.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                sb.append('/').append(c);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static Object key(Path dir) {
        try {
            Object k = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            return k != null ? k : dir.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static int uid(Path file) {
        try {
            Object v = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return v instanceof Integer i ? i : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not a POSIX file system (e.g. Windows): the owner is unknown, which detection tolerates.
            return -1;
        }
    }

    private static String reason(Exception e) {
        if (e instanceof DirectoryIteratorException d) {
            return reason(d.getCause());
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link loop";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    @Override
    public Reading read(List<String> files, List<String> folders) {
        Map<String, FolderListing> listings = new LinkedHashMap<>();
        for (String folder : folders) {
            listings.put(folder, list(folder));
        }
        return new Reading(readAll(files), listings);
    }

    private FolderListing list(String folder) {
        Path p = local(folder);
        if (p == null) {
            return FolderListing.unreadable(folder);
        }
        if (!Files.exists(p)) {
            return FolderListing.missing(folder);
        }
        if (!Files.isDirectory(p)) {
            return FolderListing.unreadable(folder);
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path e : ds) {
                names.add(e.getFileName().toString());
            }
        } catch (IOException | DirectoryIteratorException e) {
            return FolderListing.unreadable(folder);
        }
        names.sort(null);
        boolean more = names.size() > ProbeLimits.MAX_LISTED_NAMES;
        return new FolderListing(
                folder, FileText.Status.OK, more ? names.subList(0, ProbeLimits.MAX_LISTED_NAMES) : names, more);
    }

    private Map<String, FileText> readAll(List<String> paths) {
        Map<String, FileText> out = new LinkedHashMap<>();
        long budget = MAX_READ_BYTES;
        for (String path : paths) {
            Path p = local(path);
            if (p == null) {
                out.put(path, FileText.unreadable(path));
                continue;
            }
            if (!Files.exists(p)) {
                out.put(path, FileText.missing(path));
                continue;
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                out.put(path, FileText.unreadable(path));
                continue;
            }
            if (budget <= 0) {
                out.put(path, FileText.skipped(path));
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                boolean truncated = bytes.length > MAX_FILE_BYTES;
                int n = truncated ? MAX_FILE_BYTES : bytes.length;
                budget -= n;
                out.put(
                        path,
                        new FileText(
                                path, FileText.Status.OK, new String(bytes, 0, n, StandardCharsets.UTF_8), truncated));
            } catch (IOException e) {
                out.put(path, FileText.unreadable(path));
            }
        }
        return out;
    }

    @Override
    public Map<String, PathStats> stat(List<String> paths) {
        Map<String, PathStats> out = new LinkedHashMap<>();
        for (String path : paths) {
            out.put(path, statOne(path));
        }
        return out;
    }

    private PathStats statOne(String path) {
        // Links on the way are followed; the path itself is looked at as it is (a link is OTHER), as the shell does.
        String name = normalize(path).substring(normalize(path).lastIndexOf('/') + 1);
        Resolved r = resolve(path.substring(0, Math.max(0, path.lastIndexOf('/'))));
        if (r.loop()) {
            return new PathStats(path, PathStats.Type.LINK_LOOP, OptionalLong.empty(), false);
        }
        Path p = name.isEmpty() ? r.local() : r.local().resolve(name);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            // exists() and notExists() both false: a folder on the way hides the answer.
            return Files.notExists(p, LinkOption.NOFOLLOW_LINKS)
                    ? PathStats.missing(path)
                    : new PathStats(path, PathStats.Type.UNKNOWN, OptionalLong.empty(), false);
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            long size;
            try {
                size = Files.size(p);
            } catch (IOException e) {
                return new PathStats(path, PathStats.Type.FILE, OptionalLong.empty(), false);
            }
            return new PathStats(
                    path,
                    PathStats.Type.FILE,
                    OptionalLong.of(size),
                    p.getFileName().toString().equals(".keep"));
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new PathStats(path, PathStats.Type.OTHER, OptionalLong.empty(), false);
        }
        long deadline = System.nanoTime() + ProbeLimits.SIZE_SECONDS * 1_000_000_000L;
        long[] total = {0};
        boolean[] content = {false};
        boolean[] complete = {true};
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (System.nanoTime() > deadline) {
                        complete[0] = false;
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                        if (!file.getFileName().toString().equals(".keep")) {
                            content[0] = true;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // An unreadable sub-folder makes the total a lower bound; report it as unknown.
                    complete[0] = false;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            complete[0] = false;
        }
        OptionalLong size = complete[0] ? OptionalLong.of(total[0]) : OptionalLong.empty();
        return new PathStats(path, PathStats.Type.DIRECTORY, size, !content[0] && complete[0]);
    }
}
