package dev.lifeboat.engine.schedule;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of a schedule's runs, newest last, in the state folder: {@code STATE/schedules/NAME/runs.json} (the
 * last {@value #KEEP}), the last run's log beside it ({@code backup.log}, {@code drill.log}), and the schedule's run
 * lock ({@code .run.lock}, an OS lock: a run that dies leaves nothing held). Writes are atomic.
 */
public final class RunHistory {
    public static final int KEEP = 60;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path dir;

    /** The history of one schedule in {@code stateDir/schedules/NAME}. */
    public RunHistory(Path stateDir, String schedule) {
        this.dir = stateDir.resolve("schedules").resolve(Schedule.checkName(schedule));
    }

    public Path dir() {
        return dir;
    }

    /** Where the last run of a kind wrote its log. */
    public Path log(Schedule.Kind kind) {
        return dir.resolve(kind.word() + ".log");
    }

    /** Every kept record, oldest first; empty when none. A damaged file reads as empty (and is replaced). */
    public List<RunRecord> all() {
        Path f = dir.resolve("runs.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            return JSON.readValue(f.toFile(), new TypeReference<List<RunRecord>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The newest record of a kind. */
    public Optional<RunRecord> last(Schedule.Kind kind) {
        List<RunRecord> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind().equals(kind.word())) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest record of a kind that did not end skipped. */
    public Optional<RunRecord> lastRun(Schedule.Kind kind) {
        List<RunRecord> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            RunRecord r = all.get(i);
            if (r.kind().equals(kind.word()) && r.outcome() != RunRecord.Outcome.SKIPPED) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The newest record of a kind that ended well. */
    public Optional<RunRecord> lastOk(Schedule.Kind kind) {
        List<RunRecord> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            RunRecord r = all.get(i);
            if (r.kind().equals(kind.word()) && r.outcome() == RunRecord.Outcome.OK) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Adds a record (the oldest beyond {@value #KEEP} go). */
    public synchronized void add(RunRecord r) throws EngineException {
        List<RunRecord> all = new ArrayList<>(all());
        all.add(r);
        while (all.size() > KEEP) {
            all.remove(0);
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "runs", ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            Files.move(
                    tmp, dir.resolve("runs.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("Could not record the run in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the whole history (the schedule was removed). */
    public void delete() throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Takes the schedule's run lock, or says who holds it: two runs of one application never overlap (a backup and a
     * drill of the same schedule included).
     *
     * @param who what this run is, written into the lock for the one that finds it held
     * @return the lock, or empty with {@code heldBy} filled when another run holds it
     */
    public Optional<RunLock> tryLock(String who, StringBuilder heldBy) throws EngineException {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(".run.lock");
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                heldBy.append(Files.readString(file, StandardCharsets.UTF_8).strip());
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(who + "\n"), 0);
            ch.force(false);
            return Optional.of(new RunLock(ch, l));
        } catch (IOException e) {
            throw new EngineException("Could not take the schedule's run lock in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A held run lock. */
    public static final class RunLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        RunLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException e) {
                // Released when the channel closes, just below.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
