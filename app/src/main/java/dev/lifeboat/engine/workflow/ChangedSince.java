package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.remote.CommandSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The final delta's fast path (ADR 0015): while the site is down, ask the server only for what can have changed since
 * a marker taken before the pre-sync began, instead of rsync's exchange of the whole file list.
 *
 * <p>Before the pre-sync (site up) {@link #markSpec} notes the server's clock and uptime and lists every directory
 * with its inode and filesystem type. In the window {@link #changedSpec} lists the files and directories whose change
 * time (ctime: user space cannot set it back, unlike the modification time) is after the marker minus {@link
 * #MARGIN_SECONDS}. {@link #decide} turns the two into the entries of one rsync ({@code --files-from}, {@code -d
 * --delete}): each changed file; each changed directory's own entries (deletions and renames change the directory's
 * ctime, and rsync deletes in a directory whose entries it copies with {@code --dirs}); and the whole tree of a
 * changed directory that is not the one the pre-sync copied at that path (renamed or made since the marker: the files
 * inside a renamed directory keep their old ctime). Whatever it cannot trust is a {@link Full} delta with its reason.
 *
 * <p>Pure: the commands are values and the decisions take parsed output; the workflow runs them.
 */
final class ChangedSince {
    /** The names of a backup's frozen copies (ADR 0017), as a glob: never walked, never copied. */
    static final String FROZEN_NAMES = ".lifeboat-frozen-*";

    /** Taken off the marker: a filesystem's coarse clock (or whole-second timestamps) must not hide a change. */
    static final int MARGIN_SECONDS = 2;
    /**
     * How far the wall clock may move against the uptime between the marker and the window before it is not trusted
     * (the clock is read in whole seconds, the uptime in hundredths: up to 2 s of it is rounding).
     */
    static final double CLOCK_SLACK_SECONDS = 3.0;
    /**
     * Filesystems whose ctime is kept by the kernel on every change of content, metadata or name (a rename sets the
     * renamed inode's ctime there). Network and FUSE filesystems, FAT and the like are not trusted.
     */
    static final Set<String> TRUSTED_FILESYSTEMS = Set.of(
            "ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs");

    private static final String CLOCK =
            "printf '%s %s\\0' \"$(date +%s)\" \"$(cut -d' ' -f1 /proc/uptime 2>/dev/null)\"";

    private ChangedSince() {}

    /**
     * The server's clock when the marker was taken, its uptime, and each directory's inode, device and filesystem (the
     * devices tell a btrfs subvolume or a mount inside a copied folder, ADR 0017).
     */
    record Mark(
            long epoch,
            Optional<Double> uptime,
            Map<String, Long> dirInodes,
            Map<String, Long> dirDevices,
            Set<String> filesystems) {
        /** Change times after this (in seconds since the epoch) can be changes made after the marker. */
        long since() {
            return epoch - MARGIN_SECONDS;
        }
    }

    /**
     * What changed since the marker, as the server listed it in the window: each changed directory's inode and device
     * (inode numbers repeat across btrfs subvolumes, and every subvolume's root is inode 256: a directory is the one
     * the marker saw only on the same device too).
     */
    record Changes(
            long epoch,
            Optional<Double> uptime,
            List<String> files,
            Map<String, Long> dirs,
            Map<String, Long> dirDevices) {
        /**
         * These changes without the devices: read from a btrfs snapshot (ADR 0017), every folder shows the
         * snapshot's device, not the live one the marker saw (a folder on another device was refused before).
         */
        Changes withoutDevices() {
            return new Changes(epoch, uptime, files, dirs, Map.of());
        }
    }

    /** How the final delta copies. */
    sealed interface Decision permits Full, Fast {}

    /** rsync of every copied tree, as before this ADR; the reason goes into the run's log. */
    record Full(String reason) implements Decision {}

    /**
     * Only what changed.
     *
     * @param files changed files (absolute server paths)
     * @param dirs changed directories whose own entries are copied ({@code -d --delete})
     * @param trees changed directories copied with everything below them (not the one the pre-sync copied there)
     */
    record Fast(List<String> files, List<String> dirs, List<String> trees) implements Decision {
        /** The entries for rsync's {@code --files-from} when the trees' contents are {@code below}. */
        List<String> entries(List<String> below) {
            Set<String> out = new LinkedHashSet<>();
            files.forEach(out::add);
            dirs.forEach(d -> out.add(dirEntry(d)));
            trees.forEach(d -> out.add(dirEntry(d)));
            for (String p : below) {
                out.add(p);
            }
            return List.copyOf(out);
        }
    }

    /**
     * A directory as an entry of {@code --files-from} whose own entries rsync copies (and deletes in, with {@code
     * --delete}): {@code DIR/.}.
     */
    static String dirEntry(String dir) {
        return dir.endsWith("/") ? dir + "." : dir + "/.";
    }

    /**
     * Before the pre-sync, site up: the clock, the uptime, then {@code INODE DEVICE FSTYPE PATH} of every directory.
     */
    static CommandSpec markSpec(List<String> roots, List<String> excludes, boolean asRoot) {
        List<String> find = findArgs(roots, List.of(), excludes);
        find.addAll(List.of("-type", "d", "-printf", "%i %D %F %p\\0"));
        // find names a btrfs subvolume's filesystem "unknown" (its device is not the one the mount table lists):
        // {@code T FSTYPE DEVICE ROOT} of each root, from statfs, tells the type of the folders on its device.
        StringBuilder types = new StringBuilder("for r in");
        for (String r : roots) {
            types.append(' ').append(CommandSpec.quote(r.length() > 1 ? r.replaceAll("/+$", "") : r));
        }
        types.append("; do printf 'T %s %s %s\\0' \"$(stat -f -c %T \"$r\" 2>/dev/null || echo unknown)\""
                + " \"$(stat -c %d \"$r\" 2>/dev/null || echo 0)\" \"$r\"; done");
        CommandSpec s = CommandSpec.script(CLOCK + "; " + types + "; exec find \"$@\"", find, false)
                .withTimeout(Duration.ofMinutes(10));
        return asRoot ? s.asRoot() : s;
    }

    /**
     * In the window: the clock, the uptime, then {@code d INODE PATH} of each directory and {@code f PATH} of anything
     * else whose ctime is after {@code since}.
     */
    static CommandSpec changedSpec(List<String> roots, List<String> excludes, long since, boolean asRoot) {
        return changedSpec(roots, excludes, since, asRoot, List.of());
    }

    /** As {@link #changedSpec}, with find run by {@code wrapper} (the frozen view of ADR 0017, or none). */
    static CommandSpec changedSpec(
            List<String> roots, List<String> excludes, long since, boolean asRoot, List<String> wrapper) {
        List<String> find = findArgs(roots, List.of(), excludes);
        find.addAll(List.of(
                "-newerct",
                "@" + since,
                "(",
                "-type",
                "d",
                "-printf",
                "d %i %D %p\\0",
                "-o",
                "-printf",
                "f %p\\0",
                ")"));
        return spec(find, wrapper, asRoot);
    }

    /** In the window, for the trees a {@link Fast} copies whole: every path below them, NUL-terminated. */
    static CommandSpec treeSpec(List<String> trees, List<String> excludes, boolean asRoot) {
        return treeSpec(trees, excludes, asRoot, List.of());
    }

    /** As {@link #treeSpec}, with find run by {@code wrapper} (the frozen view of ADR 0017, or none). */
    static CommandSpec treeSpec(List<String> trees, List<String> excludes, boolean asRoot, List<String> wrapper) {
        List<String> find = findArgs(trees, List.of("-mindepth", "1"), excludes);
        find.addAll(List.of("(", "-type", "d", "-printf", "%p/.\\0", "-o", "-print0", ")"));
        CommandSpec s = CommandSpec.script("exec " + words(wrapper) + "find \"$@\"", find, false)
                .withTimeout(Duration.ofMinutes(10));
        return asRoot ? s.asRoot() : s;
    }

    private static CommandSpec spec(List<String> find, List<String> wrapper, boolean asRoot) {
        CommandSpec s = CommandSpec.script(CLOCK + "; exec " + words(wrapper) + "find \"$@\"", find, false)
                .withTimeout(Duration.ofMinutes(10));
        return asRoot ? s.asRoot() : s;
    }

    /** Words for a shell script, each quoted, with a space after each. */
    private static String words(List<String> w) {
        StringBuilder b = new StringBuilder();
        w.forEach(x -> b.append(CommandSpec.quote(x)).append(' '));
        return b.toString();
    }

    /** {@code ROOTS... OPTIONS... [( -path X -o ... ) -prune -o]}: find's arguments up to the test. */
    private static List<String> findArgs(List<String> roots, List<String> options, List<String> excludes) {
        List<String> a = new ArrayList<>();
        for (String r : roots) {
            String p = r.length() > 1 ? r.replaceAll("/+$", "") : r;
            // find takes a word that starts with '-' or is '(' or '!' as an expression: roots are absolute paths.
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("not an absolute path: " + r);
            }
            a.add(p);
        }
        a.addAll(options);
        // A backup's frozen copy of a btrfs subvolume (ADR 0017) is never walked: it holds the folders a second time.
        a.addAll(List.of("(", "-name", FROZEN_NAMES));
        for (String x : excludes) {
            a.add("-o");
            a.add("-path");
            // -path is a glob: the path's own wildcard characters are escaped.
            a.add(x.replaceAll("/+$", "").replaceAll("([\\[\\]*?\\\\])", "\\\\$1"));
        }
        a.add(")");
        a.add("-prune");
        a.add("-o");
        return a;
    }

    /** Parses {@link #markSpec}'s output; empty when it is not what the command prints. */
    static Optional<Mark> parseMark(byte[] out) {
        Optional<List<String>> fields = fields(out);
        if (fields.isEmpty() || fields.get().isEmpty()) {
            return Optional.empty();
        }
        List<String> f = fields.get();
        Optional<long[]> clock = clock(f.get(0));
        if (clock.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> inodes = new HashMap<>();
        Map<String, Long> devices = new HashMap<>();
        Map<String, String> typeOfDevice = new HashMap<>();
        Set<String> fs = new TreeSet<>();
        List<String[]> dirs = new ArrayList<>();
        for (String line : f.subList(1, f.size())) {
            String[] p = line.split(" ", 4);
            if (p.length == 4 && p[0].equals("T")) {
                typeOfDevice.put(p[2], p[1]);
                continue;
            }
            if (p.length < 4 || !p[0].matches("[0-9]+") || !p[1].matches("[0-9]+")) {
                return Optional.empty();
            }
            dirs.add(p);
        }
        for (String[] p : dirs) {
            inodes.put(p[3], Long.parseLong(p[0]));
            devices.put(p[3], Long.parseLong(p[1]));
            // On a root's device, statfs's name of the filesystem stands for find's "unknown".
            fs.add(p[2].equals("unknown") ? typeOfDevice.getOrDefault(p[1], p[2]) : p[2]);
        }
        return Optional.of(new Mark(clock.get()[0], uptime(f.get(0)), inodes, devices, fs));
    }

    /** Parses {@link #changedSpec}'s output; empty when it is not what the command prints. */
    static Optional<Changes> parseChanges(byte[] out) {
        Optional<List<String>> fields = fields(out);
        if (fields.isEmpty() || fields.get().isEmpty()) {
            return Optional.empty();
        }
        List<String> f = fields.get();
        Optional<long[]> clock = clock(f.get(0));
        if (clock.isEmpty()) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>();
        Map<String, Long> dirs = new HashMap<>();
        Map<String, Long> devices = new HashMap<>();
        for (String line : f.subList(1, f.size())) {
            if (line.startsWith("f ")) {
                files.add(line.substring(2));
            } else if (line.startsWith("d ")) {
                String[] p = line.substring(2).split(" ", 3);
                if (p.length < 3 || !p[0].matches("[0-9]+") || !p[1].matches("[0-9]+")) {
                    return Optional.empty();
                }
                dirs.put(p[2], Long.parseLong(p[0]));
                devices.put(p[2], Long.parseLong(p[1]));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Changes(clock.get()[0], uptime(f.get(0)), files, dirs, devices));
    }

    /** NUL-terminated paths ({@link #treeSpec}); empty when they are not valid UTF-8. */
    static Optional<List<String>> parsePaths(byte[] out) {
        return fields(out);
    }

    /**
     * How the final delta copies.
     *
     * @param mark the marker, or empty when it could not be taken (with {@code whyNoMark})
     * @param changes the window's listing, or empty when it failed
     * @param localDir whether the snapshot being written holds a directory at a server path (as the pre-sync left it)
     */
    static Decision decide(
            Optional<Mark> mark, String whyNoMark, Optional<Changes> changes, Predicate<String> localDir) {
        if (mark.isEmpty()) {
            return new Full("no marker was taken before the pre-sync (" + whyNoMark + ")");
        }
        Mark m = mark.get();
        Set<String> untrusted = new TreeSet<>(m.filesystems());
        untrusted.removeAll(TRUSTED_FILESYSTEMS);
        if (!untrusted.isEmpty()) {
            return new Full("the copied folders are on " + String.join(", ", untrusted)
                    + ", whose change times are not trusted");
        }
        if (changes.isEmpty()) {
            return new Full("the server could not list what changed since the marker");
        }
        Changes c = changes.get();
        if (c.epoch() < m.epoch()) {
            return new Full("the server's clock went back between the marker and the stop (" + m.epoch() + " → "
                    + c.epoch() + ")");
        }
        if (m.uptime().isPresent() && c.uptime().isPresent()) {
            double wall = c.epoch() - m.epoch();
            double up = c.uptime().get() - m.uptime().get();
            if (up < 0) {
                return new Full("the server restarted between the marker and the stop");
            }
            // date +%s is whole seconds: one second of rounding on each side.
            if (Math.abs(wall - up) > CLOCK_SLACK_SECONDS) {
                return new Full(String.format(
                        java.util.Locale.ROOT,
                        "the server's clock was set between the marker and the stop (%.0f s by the clock, %.0f s"
                                + " up)",
                        wall,
                        up));
            }
        }
        List<String> trees = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (Map.Entry<String, Long> d : new java.util.TreeMap<>(c.dirs()).entrySet()) {
            String path = d.getKey();
            Long before = m.dirInodes().get(path);
            Long devBefore = m.dirDevices().get(path);
            Long devNow = c.dirDevices().get(path);
            boolean sameDevice = devBefore == null || devNow == null || devBefore.equals(devNow);
            boolean same = before != null && before.equals(d.getValue()) && sameDevice && localDir.test(path);
            if (same) {
                dirs.add(path);
            } else if (trees.stream().noneMatch(t -> within(path, t))) {
                trees.add(path);
            }
        }
        List<String> files = c.files().stream()
                .filter(f -> trees.stream().noneMatch(t -> within(f, t)))
                .sorted()
                .toList();
        List<String> ds = dirs.stream()
                .filter(d -> trees.stream().noneMatch(t -> within(d, t)))
                .toList();
        return new Fast(files, ds, List.copyOf(trees));
    }

    /** Whether {@code path} is {@code dir} or below it. */
    static boolean within(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }

    private static Optional<long[]> clock(String first) {
        String[] p = first.strip().split(" ");
        if (p.length < 1 || !p[0].matches("[0-9]+")) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(p[0])});
    }

    private static Optional<Double> uptime(String first) {
        String[] p = first.strip().split(" ");
        if (p.length < 2 || !p[1].matches("[0-9]+(\\.[0-9]+)?")) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(p[1]));
    }

    /** NUL-terminated fields, strictly UTF-8 (a name that is not cannot be given back to rsync as it is). */
    private static Optional<List<String>> fields(byte[] out) {
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (s.isEmpty()) {
            return Optional.of(List.of());
        }
        if (!s.endsWith("\0")) {
            return Optional.empty(); // cut short
        }
        return Optional.of(List.of(s.substring(0, s.length() - 1).split("\0", -1)));
    }
}
