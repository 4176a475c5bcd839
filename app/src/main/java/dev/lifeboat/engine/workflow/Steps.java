package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.store.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The steps of a run: tells the listener when each starts, ends or fails, and keeps their records. */
final class Steps {
    private final ProgressListener events;
    private final Map<String, Long> running = new LinkedHashMap<>();
    private final Map<String, String> titles = new LinkedHashMap<>();
    private final List<Manifest.StepEntry> done = new ArrayList<>();

    Steps(ProgressListener events) {
        this.events = events;
    }

    synchronized void start(String id, String title) {
        running.put(id, System.nanoTime());
        titles.put(id, title);
        events.on(new WorkflowEvent.StepStarted(Instant.now(), id, title));
    }

    synchronized void finish(String id, String summary) {
        long ms = took(id);
        done.add(new Manifest.StepEntry(id, titles.get(id), ms, "ok", summary));
        events.on(new WorkflowEvent.StepFinished(Instant.now(), id, Duration.ofMillis(ms), summary));
    }

    synchronized void fail(String id, String message) {
        long ms = took(id);
        done.add(new Manifest.StepEntry(id, titles.get(id), ms, "failed", message));
        events.on(new WorkflowEvent.StepFailed(Instant.now(), id, message));
    }

    synchronized void failRunning(String message) {
        for (String id : List.copyOf(running.keySet())) {
            fail(id, message);
        }
    }

    private long took(String id) {
        Long t0 = running.remove(id);
        return t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
    }

    synchronized List<Manifest.StepEntry> records() {
        return List.copyOf(done);
    }
}
