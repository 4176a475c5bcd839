package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * The site's downtime window of a run: from the first stop to a passing health check. It opens when a step marked
 * {@link Step.Window#OPENS} begins and closes when one marked {@link Step.Window#CLOSES} ends (or when an undo has
 * started the site again); both edges are events ({@link WorkflowEvent.DowntimeStarted}, {@link
 * WorkflowEvent.DowntimeEnded}). A migration marks the source's part of it ({@link #mark()}: the snapshot's own
 * downtime) and closes it on the new server. Thread-safe.
 */
public final class DowntimeWindow {
    private final ProgressListener events;
    private State state = State.NOT_YET;
    private Instant startedAt;
    private Instant markedAt;
    private long t0;
    private long markedMillis = -1;
    private long millis;
    private boolean healthy;

    private enum State {
        NOT_YET,
        OPEN,
        CLOSED
    }

    DowntimeWindow(ProgressListener events) {
        this.events = events;
    }

    /** The site goes down now. Once per run. */
    public synchronized void open() {
        if (state != State.NOT_YET) {
            return;
        }
        state = State.OPEN;
        startedAt = Instant.now();
        t0 = System.nanoTime();
        events.on(new WorkflowEvent.DowntimeStarted(startedAt));
    }

    /** The site is up again ({@code healthy}: its health check passed) or the run gave up on it. */
    public synchronized void close(boolean healthy) {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSED;
        this.healthy = healthy;
        millis = (System.nanoTime() - t0) / 1_000_000;
        Instant now = Instant.now();
        if (markedMillis < 0) {
            markedAt = now;
            markedMillis = millis;
        }
        events.on(new WorkflowEvent.DowntimeEnded(now, Duration.ofMillis(millis), healthy));
    }

    /**
     * Marks the end of the part that one snapshot records, while the site stays down (a migration's source, stopped
     * for good; the window goes on until the new server is up).
     */
    public synchronized void mark() {
        if (state == State.OPEN && markedMillis < 0) {
            markedAt = Instant.now();
            markedMillis = (System.nanoTime() - t0) / 1_000_000;
        }
    }

    /** Whether the site is down now: the window opened and has not closed. */
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    public synchronized boolean opened() {
        return state != State.NOT_YET;
    }

    /** How long the site was down: to the mark if there is one, else to the close (0 before either). */
    public synchronized long markedMillis() {
        return Math.max(0, markedMillis);
    }

    /** The whole window, once closed (0 before). */
    public synchronized long millis() {
        return millis;
    }

    public synchronized boolean healthy() {
        return healthy;
    }

    public synchronized Instant startedAt() {
        return startedAt == null ? Instant.now() : startedAt;
    }

    /** The end of the part the snapshot records. */
    public synchronized Instant markedAt() {
        return markedAt == null ? startedAt() : markedAt;
    }
}
