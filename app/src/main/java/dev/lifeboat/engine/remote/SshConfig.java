package dev.lifeboat.engine.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client configuration ({@code ~/.ssh/config}) that Lifeboat honours: {@code Host} blocks
 * with patterns ({@code *}, {@code ?}, {@code !negation}), {@code HostName} (with {@code %h}), {@code User},
 * {@code Port}, {@code IdentityFile} (with {@code ~}, {@code %d}, {@code %u}, {@code %h}, {@code %r}) and
 * {@code ProxyJump}. As in OpenSSH the first value found for a keyword wins; {@code IdentityFile}s accumulate.
 * {@code Include} (globs in the last path element; relative paths are relative to the config file's folder, which is
 * {@code ~/.ssh} for the user's own) reads the named files in place, in name order, as if their lines stood there.
 * {@code Match} blocks are not supported and never apply. Immutable and thread-safe.
 */
public final class SshConfig {

    /** What the configuration says about one host alias; empty parts were not set. */
    public record HostSettings(
            String alias,
            Optional<String> hostName,
            Optional<String> user,
            Optional<Integer> port,
            List<String> identityFiles,
            List<String> proxyJump) {}

    private record Entry(String keyword, String value) {}

    /**
     * A Host block: it applies when every one of its conditions matches (its own Host patterns, and those of the
     * blocks it was included from).
     */
    private record Block(List<List<String>> conditions, List<Entry> entries) {
        boolean appliesTo(String host) {
            return conditions.stream().allMatch(patterns -> matches(patterns, host));
        }
    }

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** An empty configuration. */
    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** How deep Includes may nest, as in OpenSSH. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** Reads the user's config file and what it includes; a missing file is an empty configuration. */
    public static SshConfig load(Path file) throws IOException {
        return load(file, Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /**
     * Reads a config file and what it includes; relative Include paths start in {@code sshDir} ({@code ~/.ssh} in
     * OpenSSH, for the user's config and for {@code -F} files alike).
     */
    public static SshConfig load(Path file, Path sshDir) throws IOException {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        List<Block> blocks = new ArrayList<>();
        read(text(file), sshDir, List.of(), blocks, 0);
        return new SshConfig(blocks);
    }

    /** Parses configuration text; Includes are not followed. Unknown keywords are kept but ignored. */
    public static SshConfig parse(String text) {
        List<Block> blocks = new ArrayList<>();
        try {
            read(text, null, List.of(), blocks, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // cannot happen: nothing is read without a folder
        }
        return new SshConfig(blocks);
    }

    /** A file's text; bytes that are not UTF-8 become U+FFFD rather than an error (a stray binary file). */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /**
     * Appends the blocks of {@code text} to {@code blocks}, in file order. {@code outer} are the conditions of the
     * block the text was included from (empty at the top). An Include reads the named files in place; the lines after
     * it continue in a fresh copy of the block it stood in, so that they keep their place in the order of blocks.
     * {@code sshDir} is where relative Include paths start; null follows no Include.
     */
    private static void read(String text, Path sshDir, List<List<String>> outer, List<Block> blocks, int depth)
            throws IOException {
        Block current = new Block(outer, new ArrayList<>());
        blocks.add(current);
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("[\\s=]+", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (keyword.equals("host")) {
                current = new Block(with(outer, List.of(value.split("\\s+"))), new ArrayList<>());
                blocks.add(current);
            } else if (keyword.equals("match")) {
                current = new Block(with(outer, List.of()), new ArrayList<>()); // never applies
                blocks.add(current);
            } else if (keyword.equals("include")) {
                if (sshDir == null) {
                    continue;
                }
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new IOException("Include nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
                }
                for (String pattern : value.split("\\s+")) {
                    for (Path f : includedFiles(pattern, sshDir)) {
                        read(text(f), sshDir, current.conditions(), blocks, depth + 1);
                    }
                }
                current = new Block(current.conditions(), new ArrayList<>());
                blocks.add(current);
            } else {
                current.entries().add(new Entry(keyword, value));
            }
        }
    }

    private static List<List<String>> with(List<List<String>> outer, List<String> patterns) {
        List<List<String>> all = new ArrayList<>(outer);
        all.add(patterns);
        return List.copyOf(all);
    }

    /** The files an Include pattern names, in name order; none when nothing matches (as in OpenSSH). */
    private static List<Path> includedFiles(String pattern, Path dir) throws IOException {
        String p = pattern;
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        Path path = dir.resolve(p);
        Path parent = path.getParent();
        String glob = path.getFileName().toString();
        if (parent == null || !Files.isDirectory(parent)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (var files = Files.newDirectoryStream(parent, glob)) {
            boolean dotsWanted = glob.startsWith(".");
            files.forEach(f -> {
                // As OpenSSH's glob: hidden files (editor swap files, .bak) only when the pattern names them.
                if (Files.isRegularFile(f)
                        && (dotsWanted || !f.getFileName().toString().startsWith("."))) {
                    out.add(f);
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** The settings for what the user typed as a host (an alias or a real name). */
    public HostSettings resolve(String host) {
        String hostName = null;
        String user = null;
        Integer port = null;
        List<String> proxyJump = null;
        List<String> identityFiles = new ArrayList<>();
        for (Block b : blocks) {
            if (!b.appliesTo(host)) {
                continue;
            }
            for (Entry e : b.entries()) {
                switch (e.keyword()) {
                    case "hostname" -> hostName = hostName == null ? e.value() : hostName;
                    case "user" -> user = user == null ? e.value() : user;
                    case "port" -> port = port == null ? Integer.valueOf(e.value()) : port;
                    case "identityfile" -> identityFiles.add(e.value());
                    case "proxyjump" -> proxyJump = proxyJump == null ? parseJumps(e.value()) : proxyJump;
                    default -> {}
                }
            }
        }
        String realHost = hostName == null ? host : hostName.replace("%h", host);
        return new HostSettings(
                host,
                Optional.ofNullable(hostName == null ? null : realHost),
                Optional.ofNullable(user),
                Optional.ofNullable(port),
                List.copyOf(identityFiles),
                proxyJump == null ? List.of() : proxyJump);
    }

    /**
     * Expands {@code ~} and the tokens OpenSSH allows in IdentityFile.
     *
     * @param home the local user's home directory
     */
    public static Path expandIdentityFile(String value, Path home, String localUser, String host, String remoteUser) {
        String v = value;
        if (v.equals("~") || v.startsWith("~/")) {
            v = home + v.substring(1);
        }
        v = v.replace("%d", home.toString())
                .replace("%u", localUser)
                .replace("%h", host)
                .replace("%r", remoteUser)
                .replace("%%", "%");
        Path p = Path.of(v);
        return p.isAbsolute() ? p : home.resolve(".ssh").resolve(p);
    }

    private static List<String> parseJumps(String value) {
        if (value.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> jumps = new ArrayList<>();
        for (String j : value.split(",")) {
            if (!j.isBlank()) {
                jumps.add(j.strip());
            }
        }
        return List.copyOf(jumps);
    }

    private static boolean matches(List<String> patterns, String host) {
        boolean positive = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String glob = negated ? p.substring(1) : p;
            if (globMatches(glob, host)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    static boolean globMatches(String glob, String text) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE)
                .matcher(text)
                .matches();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
