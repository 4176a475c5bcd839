package dev.lifeboat.engine.progress;

/**
 * The one way progress, log lines and warnings leave the engine (conventions rule 6). The CLI prints the events as text or
 * JSON lines; the wizard queues them and drains the queue onto the FX thread on a timer.
 *
 * <p>Threading: called from any engine thread, also from several at once (a dump and a transfer run side by side);
 * implementations must be thread-safe and return quickly (queue, do not render). Events of one step arrive in order.
 * Never called with null.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Drops every event. */
    ProgressListener NONE = event -> {};

    void on(WorkflowEvent event);
}
