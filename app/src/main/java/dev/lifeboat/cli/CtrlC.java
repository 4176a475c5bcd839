package dev.lifeboat.cli;

import dev.lifeboat.engine.CancelToken;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C as a safe cancel for a long command: the JVM's shutdown waits (up to 3 minutes) while the run cancels and
 * undoes what must be undone (starting what it stopped). Close it when the run has returned.
 */
final class CtrlC implements AutoCloseable {
    private final CancelToken cancel = new CancelToken();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    CtrlC(PrintWriter err, String saying) {
        hook = new Thread(
                () -> {
                    err.println("lifeboat: cancelling; " + saying);
                    err.flush();
                    cancel.cancel();
                    try {
                        done.await(180, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "lifeboat-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    CancelToken token() {
        return cancel;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running and waits for this.
        }
    }
}
