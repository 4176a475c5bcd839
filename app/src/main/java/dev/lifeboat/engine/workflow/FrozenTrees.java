package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.remote.CommandSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The window on btrfs (ADR 0017): where copied folders lie in a btrfs subvolume, the backup's window takes a
 * read-only snapshot of the subvolume (milliseconds, whatever the number of files) instead of walking the folders, and
 * the final delta of ADR 0015 reads that snapshot once the site is up again, inside a private mount namespace in which
 * the snapshot's folders are bind-mounted over the live ones: the same paths, the same marker, the same list and
 * index.
 *
 * <p>Pure: the commands are values and the decisions take parsed output; the workflow runs them.
 */
public final class FrozenTrees {
    /** The name of a snapshot starts with this, then the compose project, an {@code @} and the run's start (ms). */
    static final String PREFIX = ".lifeboat-frozen-";

    /**
     * Binds each {@code SOURCE TARGET} pair up to {@code --}, then runs the rest as the command; in a mount namespace
     * of its own ({@code unshare -m}: private propagation), so nothing of it is seen outside.
     */
    private static final String BIND = "mount --make-rprivate / || exit 97;"
            // A path with a symbolic link in it (changed since the plan) could lead out of the snapshot: refused.
            + " while [ \"$1\" != -- ]; do [ \"$(readlink -f \"$1\")\" = \"$1\" ]"
            + " && [ \"$(readlink -f \"$2\")\" = \"$2\" ] && mount --bind \"$1\" \"$2\" || exit 97; shift 2; done;"
            + " shift; exec \"$@\"";

    private FrozenTrees() {}

    /** A btrfs subvolume (its root folder) and the copied folders that lie in it. */
    public record Subvolume(String path, List<String> roots) {
        public Subvolume {
            roots = List.copyOf(roots);
        }

        /** The snapshot of this subvolume a run with this token makes. */
        String snapshot(String token) {
            return (path.equals("/") ? "" : path) + "/" + PREFIX + token;
        }

        /** Where {@code root} lies in that snapshot. */
        String inSnapshot(String root, String token) {
            return snapshot(token) + (path.equals("/") ? root : root.substring(path.length()));
        }
    }

    /** A run's token: its project (as a file name) and its start, so that a project's leftovers can be found. */
    static String token(String project, Instant started) {
        return safe(project) + "@" + started.toEpochMilli();
    }

    /**
     * At plan time, as root: for each copied folder on btrfs, {@code FOLDER NUL SUBVOLUME NUL}, where the subvolume is
     * the nearest folder at or above it whose inode is 256 (every btrfs subvolume's root has that inode), found on the
     * folder's own device without crossing a mount point (a bind mount in the way would put other content at that path
     * in the snapshot) and with no symbolic link in the folder's path (the snapshot would resolve it to the live
     * files). Nothing when {@code btrfs}, {@code unshare}, {@code mountpoint} or {@code readlink} is missing.
     */
    static CommandSpec probeSpec(List<String> roots) {
        String script = "for t in btrfs unshare mountpoint readlink; do command -v $t >/dev/null 2>&1 || exit 0; done\n"
                + "for r in \"$@\"; do\n"
                + "  [ -d \"$r\" ] && [ \"$(readlink -f \"$r\")\" = \"$r\" ] || continue\n"
                + "  [ \"$(stat -f -c %T \"$r\" 2>/dev/null)\" = btrfs ] || continue\n"
                + "  dev=$(stat -c %d \"$r\"); d=$r\n"
                + "  while [ \"$(stat -c %i \"$d\")\" != 256 ]; do\n"
                + "    if [ \"$d\" = / ] || mountpoint -q \"$d\"; then d=; break; fi\n"
                + "    d=$(dirname \"$d\")\n"
                + "    [ \"$(stat -c %d \"$d\")\" = \"$dev\" ] || { d=; break; }\n"
                + "  done\n"
                + "  [ -n \"$d\" ] && printf '%s\\0%s\\0' \"$r\" \"$d\"\n"
                + "done\n"
                + "exit 0";
        return CommandSpec.script(script, roots, false)
                .withTimeout(Duration.ofSeconds(30))
                .asRoot();
    }

    /**
     * The subvolumes to freeze, from {@link #probeSpec}'s output: each with its copied folders, in the order of
     * {@code roots}. A subvolume whose snapshot would lie in a copied folder (it is one of them, or inside one) is
     * left to the window's walk.
     */
    static List<Subvolume> parseProbe(String out, List<String> roots) {
        Map<String, List<String>> bySubvolume = new LinkedHashMap<>();
        String[] f = out.split("\0");
        Map<String, String> subOf = new LinkedHashMap<>();
        for (int i = 0; i + 1 < f.length; i += 2) {
            if (f[i].startsWith("/") && f[i + 1].startsWith("/")) {
                subOf.put(f[i], f[i + 1]);
            }
        }
        for (String r : roots) {
            String sv = subOf.get(r);
            if (sv == null || roots.stream().anyMatch(x -> ChangedSince.within(sv, strip(x)))) {
                continue;
            }
            bySubvolume.computeIfAbsent(sv, k -> new ArrayList<>()).add(r);
        }
        List<Subvolume> out2 = new ArrayList<>();
        bySubvolume.forEach((k, v) -> out2.add(new Subvolume(k, List.copyOf(v))));
        return List.copyOf(out2);
    }

    /**
     * Why a subvolume cannot be frozen after all, from the marker's listing: a folder below one of its copied folders
     * on another device (another subvolume or a mounted filesystem) would be an empty folder in the snapshot.
     */
    static Optional<String> whyNot(Subvolume sv, ChangedSince.Mark mark) {
        for (String root : sv.roots()) {
            String r = strip(root);
            Long dev = mark.dirDevices().get(r);
            if (dev == null) {
                return Optional.of(r + " was not in the marker's listing");
            }
            for (Map.Entry<String, Long> d : mark.dirDevices().entrySet()) {
                if (!d.getValue().equals(dev) && ChangedSince.within(d.getKey(), r)) {
                    return Optional.of(d.getKey() + " is another subvolume or a mounted filesystem inside " + r
                            + " (a snapshot would show it empty)");
                }
            }
        }
        return Optional.empty();
    }

    /** In the window, as root: a read-only snapshot of each subvolume. */
    static CommandSpec snapshotSpec(List<Subvolume> svs, String token) {
        List<String> args = new ArrayList<>();
        for (Subvolume sv : svs) {
            args.add(sv.path());
            args.add(sv.snapshot(token));
        }
        return CommandSpec.script(
                        "while [ $# -gt 0 ]; do btrfs subvolume snapshot -r \"$1\" \"$2\" >/dev/null || exit 1;"
                                + " shift 2; done",
                        args,
                        true)
                .withTimeout(Duration.ofSeconds(60))
                .asRoot();
    }

    /** As root: deletes this run's snapshots (those that are there). */
    static CommandSpec deleteSpec(List<Subvolume> svs, String token) {
        return CommandSpec.script(
                        "rc=0; for p in \"$@\"; do [ -d \"$p\" ] || continue;"
                                + " btrfs subvolume delete \"$p\" >/dev/null || rc=1; done; exit $rc",
                        svs.stream().map(s -> s.snapshot(token)).toList(),
                        true)
                .withTimeout(Duration.ofSeconds(60))
                .asRoot();
    }

    /**
     * As root, before the window, with the application's lock held: deletes the snapshots an earlier run of this
     * project left (it died before deleting them) and prints each one's path, NUL-terminated.
     */
    static CommandSpec leftoversSpec(List<Subvolume> svs, String project) {
        List<String> args = new ArrayList<>(List.of(PREFIX + safe(project) + "@[0-9]*"));
        svs.stream().map(Subvolume::path).distinct().forEach(args::add);
        return CommandSpec.script(
                        "pat=$1; shift; for s in \"$@\"; do for d in \"${s%/}\"/$pat; do [ -d \"$d\" ] || continue;"
                                + " btrfs subvolume delete \"$d\" >/dev/null && printf '%s\\0' \"$d\"; done; done;"
                                + " exit 0",
                        args, true)
                .withTimeout(Duration.ofSeconds(60))
                .asRoot();
    }

    /**
     * The words that run a command with each frozen folder's snapshot over the folder itself: {@code unshare -m sh -c
     * BIND sh SNAP1 ROOT1 ... --}, then the command.
     */
    static List<String> wrapper(List<Subvolume> svs, String token) {
        List<String> w = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", BIND, "sh"));
        for (Subvolume sv : svs) {
            for (String root : sv.roots()) {
                w.add(sv.inSnapshot(strip(root), token));
                w.add(strip(root));
            }
        }
        w.add("--");
        return List.copyOf(w);
    }

    /** The copied folders of these subvolumes. */
    static List<String> roots(List<Subvolume> svs) {
        return svs.stream().flatMap(s -> s.roots().stream()).toList();
    }

    /** The snapshots' paths, for people. */
    static String describe(List<Subvolume> svs) {
        return String.join(", ", svs.stream().map(Subvolume::path).toList());
    }

    private static String strip(String p) {
        return p.length() > 1 ? p.replaceAll("/+$", "") : p;
    }

    /** The project as a file name, as the server's lock names it ({@link ServerGuard#forProject}). */
    private static String safe(String project) {
        return project.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
