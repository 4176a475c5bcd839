package dev.lifeboat.engine.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A probe over a local folder that stands for the server's {@code /} ({@code detect --fs DIR}). Reads only; never
 * follows symbolic links (so link loops cannot trap it); unreadable folders and time limits become problems in the
 * answer.
 *
 * <p>Not thread-safe; cheap to create.
 */
public final class FsProbe implements Probe {
    private final Path root;

    /** A probe treating {@code root} as the server's {@code /}. */
    public FsProbe(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    /** The local file for a server path, or null when the path would leave the root. */
    private Path local(String serverPath) {
        String rel = serverPath.startsWith("/") ? serverPath.substring(1) : serverPath;
        Path p = root.resolve(rel).normalize();
        return p.startsWith(root) ? p : null;
    }

    private String serverPath(Path local) {
        Path rel = root.relativize(local);
        return "/" + rel.toString().replace('\\', '/');
    }

    @Override
    public Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) {
        List<Pattern> patterns = namePatterns.stream().map(Globs::toRegex).toList();
        List<FoundFile> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + ProbeLimits.SURVEY_SECONDS * 1_000_000_000L;
        for (String r : roots) {
            Path start = local(r);
            if (start == null || !Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                if (start != null && !Files.exists(start) && !Files.notExists(start)) {
                    problems.add("cannot search " + r + ": permission denied");
                }
                continue;
            }
            try {
                Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), maxDepth, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (System.nanoTime() > deadline) {
                            problems.add("search stopped after " + ProbeLimits.SURVEY_SECONDS + " s at "
                                    + serverPath(dir) + "; results are partial");
                            return FileVisitResult.TERMINATE;
                        }
                        Path name = dir.getFileName();
                        if (!dir.equals(start)
                                && name != null
                                && ProbeLimits.PRUNED_DIR_NAMES.contains(name.toString())) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()
                                && Globs.anyMatches(patterns, file.getFileName().toString())) {
                            if (found.size() >= ProbeLimits.MAX_FOUND_FILES) {
                                problems.add("more than " + ProbeLimits.MAX_FOUND_FILES
                                        + " candidate files; search stopped, results are partial");
                                return FileVisitResult.TERMINATE;
                            }
                            found.add(new FoundFile(serverPath(file), uid(file), attrs.size()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        problems.add("cannot read " + serverPath(file) + ": " + reason(e));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                problems.add("cannot search " + r + ": " + reason(e));
            }
        }
        return new Survey(List.of(), found, problems);
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

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    @Override
    public Map<String, FileText> readFiles(List<String> paths) {
        Map<String, FileText> out = new LinkedHashMap<>();
        for (String path : paths) {
            Path p = local(path);
            if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                out.put(path, FileText.missing(path));
                continue;
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                out.put(path, FileText.unreadable(path));
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                boolean truncated = bytes.length > MAX_FILE_BYTES;
                int n = truncated ? MAX_FILE_BYTES : bytes.length;
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
        Path p = local(path);
        if (p == null) {
            return PathStats.missing(path);
        }
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
