package dev.lifeboat.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The one way the UI runs engine work: off the FX thread, on named daemon threads, with the result or the error
 * handed back on the FX thread. Cancelling interrupts the worker; engine calls honour that.
 */
public final class FxTasks {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lifeboat-worker-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private FxTasks() {}

    /** Work that returns a value and may throw; the engine's blocking calls fit here. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /**
     * Starts {@code work} on a worker thread. Exactly one of {@code onDone} and {@code onError} is then called on the
     * FX thread, unless the task was cancelled, when neither is.
     */
    public static <T> Task<T> run(Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onDone.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        WORKERS.execute(task);
        return task;
    }

    /** Runs {@code work} on a worker thread with no result to hand back, e.g. closing a session. */
    public static void background(Runnable work) {
        WORKERS.execute(work);
    }

    /** True when called on the FX application thread. */
    public static boolean onFxThread() {
        return Platform.isFxApplicationThread();
    }
}
