package dev.lifeboat.engine.store;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** Sizes of a snapshot on disk, and the record of its last verification ({@code verified.txt} beside the manifest). */
public final class StoreStats {
    private StoreStats() {}

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
        } catch (IOException e) {
            throw new EngineException("Could not measure " + snapshot + ": " + e.getMessage(), e);
        }
        return new Usage(t[0], t[1]);
    }

    /** Records the outcome of a verification. */
    public static void recordVerified(Path snapshot, boolean ok) throws EngineException {
        try {
            Files.writeString(
                    snapshot.resolve("verified.txt"),
                    Instant.now() + " " + (ok ? "ok" : "FAILED") + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("Could not record the verification in " + snapshot + ": " + e.getMessage(), e);
        }
    }

    /** The last verification, e.g. {@code 2026-12-01T10:00:00Z ok}. */
    public static Optional<String> lastVerified(Path snapshot) {
        try {
            Path f = snapshot.resolve("verified.txt");
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
