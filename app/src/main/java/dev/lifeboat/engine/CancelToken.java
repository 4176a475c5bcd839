package dev.lifeboat.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop long work, shared between the thread that asks (a Cancel button, Ctrl-C) and the thread doing the
 * work. Thread-safe. Work that honours it checks {@link #isCancelled()} or registers a listener that stops the
 * remote side, and then throws {@link CancelledException}.
 */
public final class CancelToken {
    /** A token that is never cancelled, for callers that rely on thread interruption only. */
    public static final CancelToken NONE = new CancelToken();

    private final List<Runnable> listeners = new ArrayList<>();
    private boolean cancelled;

    /** Asks the work to stop. Runs each registered listener once, on the calling thread. Idempotent. */
    public void cancel() {
        if (this == NONE) {
            throw new IllegalStateException("CancelToken.NONE cannot be cancelled");
        }
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code onCancel} when the token is cancelled (at once, on this thread, if it already is). The returned
     * handle removes it again; always close it when the guarded work ends.
     */
    public AutoCloseable onCancel(Runnable onCancel) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                listeners.add(onCancel);
            }
        }
        if (runNow) {
            onCancel.run();
        }
        return () -> {
            synchronized (this) {
                listeners.remove(onCancel);
            }
        };
    }
}
