package dev.lifeboat.engine.store;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Sizes of a snapshot on disk, and the record of its last verification ({@code verified.txt} beside the manifest). */
public final class StoreStats {
    /** The file that records the last verification. */
    public static final String VERIFIED = "verified.txt";
    /** How many of a failed verification's problems {@code verified.txt} keeps. */
    static final int PROBLEMS_KEPT = 20;

    private StoreStats() {}

    /**
     * The last verification of a snapshot.
     *
     * @param at when it ended (ISO-8601 UTC)
     * @param ok whether everything matched
     * @param problems what differed (the first {@value #PROBLEMS_KEPT}); empty when ok, and for a failure recorded
     *     before Lifeboat kept them
     */
    public record Verification(String at, boolean ok, List<String> problems) {
        public Verification {
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param apparentBytes the bytes its files hold
     * @param newDiskBytes the bytes only this snapshot holds (files with one link, i.e. not shared with another)
     */
    public record Usage(long apparentBytes, long newDiskBytes) {}

    public static Usage usage(Path snapshot) throws EngineException {
        long[] t = new long[2];
        try (Stream<Path> s = Files.walk(snapshot)) {
            s.forEach(p -> {
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        t[0] += a.size();
                        Object links = Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                        if (links instanceof Integer n && n == 1) {
                            t[1] += a.size();
                        }
                    }
                } catch (IOException e) {
                    // A file that vanished while counting does not count.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A folder that cannot be read is counted as far as it could be; the listing says why it is damaged.
        }
        return new Usage(t[0], t[1]);
    }

    /** Records the outcome of a verification, without what differed. */
    public static void recordVerified(Path snapshot, boolean ok) throws EngineException {
        recordVerified(snapshot, ok, List.of());
    }

    /**
     * Records the outcome of a verification: {@code TIME ok}, or {@code TIME FAILED} and then what differed, one
     * problem a line (the first {@value #PROBLEMS_KEPT}). Written to a temporary file and renamed.
     */
    public static void recordVerified(Path snapshot, boolean ok, List<String> problems) throws EngineException {
        StringBuilder b = new StringBuilder(Instant.now() + " " + (ok ? "ok" : "FAILED") + "\n");
        if (!ok) {
            problems.stream().limit(PROBLEMS_KEPT).forEach(p -> b.append(p.replaceAll("\\p{Cntrl}", "?"))
                    .append('\n'));
        }
        Path tmp = snapshot.resolve(VERIFIED + ".partial");
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    snapshot.resolve(VERIFIED),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException x) {
                // A store that cannot be written cannot be tidied either; a .partial file is never read.
            }
            throw new EngineException(
                    "Could not record the verification in " + snapshot + ": " + SnapshotStore.why(e), e);
        }
    }

    /** The last verification, e.g. {@code 2026-12-01T10:00:00Z ok} (its first line). */
    public static Optional<String> lastVerified(Path snapshot) {
        return readVerified(snapshot).map(lines -> lines.get(0).strip());
    }

    /** The last verification with what it found, if the snapshot was verified (and the record reads). */
    public static Optional<Verification> lastVerification(Path snapshot) {
        return readVerified(snapshot).flatMap(lines -> {
            String[] first = lines.get(0).strip().split(" ", 2);
            if (first.length != 2) {
                return Optional.empty();
            }
            List<String> problems = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                if (!l.isBlank()) {
                    problems.add(l.strip());
                }
            }
            return Optional.of(new Verification(first[0], first[1].equals("ok"), problems));
        });
    }

    private static Optional<List<String>> readVerified(Path snapshot) {
        try {
            Path f = snapshot.resolve(VERIFIED);
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(lines);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
