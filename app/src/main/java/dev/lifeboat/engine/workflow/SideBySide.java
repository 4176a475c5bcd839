package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.EngineException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads from a server that do not depend on each other, run side by side over the one connection (each its own SSH
 * channel), so that a preflight waits for the slowest of them instead of their sum. The caller starts them all, then
 * takes their results in the order it would have run them one by one: the first failure it meets is the one it would
 * have met before, and a read it never takes (an earlier check refused) is abandoned.
 */
final class SideBySide implements AutoCloseable {
    /** One read. */
    @FunctionalInterface
    interface Read<T> {
        T get() throws EngineException;
    }

    private final ExecutorService pool;

    SideBySide(int reads, String name) {
        pool = Executors.newFixedThreadPool(Math.max(1, reads), r -> BackupDumps.daemon(r, name));
    }

    <T> Future<T> start(Read<T> read) {
        return pool.submit(read::get);
    }

    /** The read's result, or what it threw (BackupWorkflow.join: an interrupt is a cancel). */
    static <T> T take(Future<T> f) throws EngineException {
        return BackupWorkflow.join(f);
    }

    /**
     * Takes no more reads. One still running (its result not taken: an earlier check refused) ends on its own: it is
     * not interrupted, as an interrupted read could leave the connection's other channels in doubt.
     */
    @Override
    public void close() {
        pool.shutdown();
    }
}
