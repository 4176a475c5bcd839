package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;

/**
 * What a Summary offers to go back to how things were, e.g. after a migration: start the application on the old
 * server again. Its words, and the work the page runs off the FX thread.
 */
public interface Rollback {

    /** The button's text, e.g. {@code Roll back: start it on root@srv-a again}. */
    String button();

    /** What it does, shown beside the button before it runs. */
    String offer();

    /** What the page says while it starts. */
    String running();

    /** What the page says once it ran: {@code unhealthy} is null when the health check passed, else what is wrong. */
    String done(String unhealthy);

    /**
     * Goes back; blocks, so the page calls it on a worker thread. Returns null when the application is up again, else
     * what is wrong; its log leaves through {@code listener}.
     */
    String run(ProgressListener listener, CancelToken cancel) throws EngineException;
}
