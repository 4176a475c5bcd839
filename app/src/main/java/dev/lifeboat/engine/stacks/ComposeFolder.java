package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FolderListing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What of an application's install folder is listed besides the components its stack describes (issue 21, ADR
 * 0009). A compose folder often holds more than the compose files and {@code .env}: a {@code config/} folder the
 * services read through {@code env_file} or {@code configs}, the admin's scripts, build files. Where the folder is the
 * application's own, that rest is listed too, so that a backup keeps it and the admin sees it:
 *
 * <ul>
 *   <li>as the folder as a whole, a {@code config} component that covers the compose files, {@code .env} and the
 *       mounted folders inside it, when everything inside it is copied as {@code backup} anyway;
 *   <li>else (a database, a cache or logs live inside it, which must keep their own treatment) each entry that no
 *       component describes, as a {@code config} component of its own.
 * </ul>
 *
 * <p>Left as the stack describes it: a folder that is not the application's own (a home folder, a top-level folder, a
 * folder that holds another application), a checkout of a repository (it has {@code .git} or {@code .gitignore}: the
 * repository's files can be fetched again, and what the admin adds to a vendor's checkout is what the stack's rules
 * name), and a folder whose other entries are documentation or files the stack itself knows (its anchors and the files
 * it reads, such as the Overleaf Toolkit's {@code bin/} and {@code lib/}).
 */
final class ComposeFolder {
    /** Entries that say nothing about the deployment: documentation, editor and version-control files. */
    private static final List<String> DOCUMENTATION_PREFIXES = List.of(
            "readme",
            "license",
            "licence",
            "copying",
            "changelog",
            "changes",
            "contributing",
            "notice",
            "authors",
            "code_of_conduct",
            "security.md");

    private static final Set<String> METADATA = Set.of(
            ".gitattributes",
            ".gitmodules",
            ".github",
            ".gitlab",
            ".dockerignore",
            ".editorconfig",
            ".ds_store",
            ".idea",
            ".vscode");

    /** Repository checkouts: their tracked files come from the repository. */
    private static final Set<String> CHECKOUT_MARKERS = Set.of(".git", ".gitignore");

    private ComposeFolder() {}

    /**
     * The stack with the rest of its install folder listed, or unchanged.
     *
     * @param d a detected stack, before its components are measured
     * @param listing the names directly inside {@code d.installDir()}; null or not {@code ok} when unknown
     * @param known paths relative to the install folder that the stack itself knows (anchors, files it reads)
     * @param otherDirs the install folders of the other applications found on the server
     */
    static DetectedStack apply(DetectedStack d, FolderListing listing, List<String> known, List<String> otherDirs) {
        String dir = d.installDir();
        if (listing == null || !listing.ok() || !isOwn(dir, otherDirs)) {
            return d;
        }
        if (d.components().stream().anyMatch(c -> c.path().equals(dir))) {
            return d; // the descriptor lists the folder itself (SeaTable)
        }
        if (listing.names().stream().anyMatch(CHECKOUT_MARKERS::contains)) {
            return d;
        }
        Set<String> knownNames = new HashSet<>();
        for (String k : known) {
            String first = Paths2.normalize("/" + k).substring(1);
            if (!first.isEmpty()) {
                knownNames.add(first.contains("/") ? first.substring(0, first.indexOf('/')) : first);
            }
        }
        List<String> extras = new ArrayList<>();
        for (String name : listing.names()) {
            String path = Paths2.join(dir, name);
            boolean described = d.components().stream().anyMatch(c -> Paths2.isWithin(c.path(), path));
            if (!described && !knownNames.contains(name) && !isDocumentation(name)) {
                extras.add(name);
            }
        }
        if (extras.isEmpty() && !listing.more()) {
            return d;
        }
        List<Component> inside = d.components().stream()
                .filter(c -> Paths2.isWithin(c.path(), dir))
                .toList();
        boolean allCopied = inside.stream()
                .allMatch(c -> c.componentClass() == ComponentClass.BACKUP
                        && c.method().equals("copy"));
        List<Component> out = new ArrayList<>();
        if (allCopied) {
            out.add(new Component(
                    dir,
                    ComponentClass.BACKUP,
                    "config",
                    "copy",
                    OptionalLong.empty(),
                    "compose folder as a whole: compose files, .env and the admin's own files ("
                            + summary(extras, listing.more()) + ")"));
            d.components().stream().filter(c -> !Paths2.isWithin(c.path(), dir)).forEach(out::add);
        } else {
            out.addAll(d.components());
            for (String name : extras) {
                out.add(new Component(
                        Paths2.join(dir, name),
                        ComponentClass.BACKUP,
                        "config",
                        "copy",
                        OptionalLong.empty(),
                        "in the compose folder, named by no compose file: the admin's own, kept"));
            }
        }
        return d.withComponents(out);
    }

    /**
     * True when a folder belongs to one application: not {@code /}, a top-level folder, a folder directly in
     * {@code /home}, {@code /var}, {@code /mnt} or {@code /media}, {@code /usr/local} or Docker's volumes folder, and
     * neither inside nor around another application's folder.
     */
    static boolean isOwn(String dir, List<String> otherDirs) {
        String parent = Paths2.parent(dir);
        if (dir.equals("/")
                || parent.equals("/")
                || List.of("/home", "/var", "/mnt", "/media").contains(parent)
                || dir.equals("/usr/local")
                || dir.equals("/var/lib/docker/volumes")) {
            return false;
        }
        for (String other : otherDirs) {
            if (!other.equals(dir) && (Paths2.isWithin(other, dir) || Paths2.isWithin(dir, other))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDocumentation(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return METADATA.contains(n) || DOCUMENTATION_PREFIXES.stream().anyMatch(n::startsWith);
    }

    private static String summary(List<String> extras, boolean more) {
        List<String> shown = extras.size() > 5 ? extras.subList(0, 5) : extras;
        return String.join(", ", shown) + (extras.size() > shown.size() || more ? ", ..." : "");
    }
}
