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

    private record Block(List<String> patterns, List<Entry> entries) {}

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

    /** Reads a file and what it includes; a missing file is an empty configuration. */
    public static SshConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*"), new ArrayList<>()));
        read(
                Files.readString(file, StandardCharsets.UTF_8),
                file.toAbsolutePath().getParent(),
                blocks,
                0);
        return new SshConfig(blocks);
    }

    /** Parses configuration text; Includes are not followed. Unknown keywords are kept but ignored. */
    public static SshConfig parse(String text) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*"), new ArrayList<>()));
        try {
            read(text, null, blocks, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // cannot happen: nothing is read without a folder
        }
        return new SshConfig(blocks);
    }

    /**
     * Adds the lines of {@code text} to {@code blocks}, continuing the last block. {@code dir} is where relative
     * Include paths start; null follows no Include.
     */
    private static void read(String text, Path dir, List<Block> blocks, int depth) throws IOException {
        Block current = blocks.get(blocks.size() - 1);
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("[\\s=]+", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (keyword.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new ArrayList<>());
                blocks.add(current);
            } else if (keyword.equals("match")) {
                current = new Block(List.of(), new ArrayList<>()); // never applies
                blocks.add(current);
            } else if (keyword.equals("include")) {
                if (dir == null) {
                    continue;
                }
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new IOException("Include nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
                }
                for (String pattern : value.split("\\s+")) {
                    for (Path f : includedFiles(pattern, dir)) {
                        read(Files.readString(f, StandardCharsets.UTF_8), dir, blocks, depth + 1);
                    }
                }
                current = blocks.get(blocks.size() - 1);
            } else {
                current.entries().add(new Entry(keyword, value));
            }
        }
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
            files.forEach(f -> {
                if (Files.isRegularFile(f)) {
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
            if (!matches(b.patterns(), host)) {
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
