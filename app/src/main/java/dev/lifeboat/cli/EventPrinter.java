package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Prints workflow events: as text (a step list, a progress line with ETA at most every two seconds, container and
 * step log lines, the downtime) or as JSON lines (one object per event, {@code type} first). Thread-safe.
 */
final class EventPrinter implements ProgressListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
    private final PrintWriter out;
    private final boolean json;
    private final boolean quietLogs;
    private long lastProgress;

    EventPrinter(PrintWriter out, boolean json, boolean quietLogs) {
        this.out = out;
        this.json = json;
        this.quietLogs = quietLogs;
    }

    @Override
    public synchronized void on(WorkflowEvent e) {
        if (json) {
            out.println(toJson(e));
            out.flush();
            return;
        }
        if (e instanceof WorkflowEvent.StepStarted) {
            // A step that ends within two seconds prints no progress line at all.
            lastProgress = System.nanoTime();
        }
        if (e instanceof WorkflowEvent.Progress p) {
            long now = System.nanoTime();
            if (now - lastProgress < PROGRESS_EVERY_NANOS) {
                return;
            }
            lastProgress = now;
            out.println("  " + bar(p));
        } else if (e instanceof WorkflowEvent.LogLine l) {
            if (quietLogs && l.source().startsWith("container:")) {
                return;
            }
            out.println("    | " + l.source().replaceFirst("^(container|step):", "") + ": " + clean(l.line()));
        } else {
            out.println(EventText.line(e));
        }
        out.flush();
    }

    static String bar(WorkflowEvent.Progress p) {
        String done = p.unit() == WorkflowEvent.Unit.BYTES
                ? ByteSizes.human(OptionalLong.of(p.done()))
                : Long.toString(p.done());
        double f = p.fraction();
        if (f < 0) {
            return "[" + p.step() + "] " + done;
        }
        int n = (int) Math.round(f * 30);
        String eta = p.etaMillis().isPresent() ? ", " + eta(p.etaMillis().getAsLong()) + " left" : "";
        return String.format(
                Locale.ROOT,
                "[%s] [%s%s] %3.0f%% %s%s",
                p.step(),
                "#".repeat(n),
                ".".repeat(30 - n),
                f * 100,
                done,
                eta);
    }

    static String eta(long ms) {
        long s = ms / 1000;
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replaceAll("\\p{Cntrl}", "?");
    }

    static String toJson(WorkflowEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", e.getClass().getSimpleName());
        n.put("at", e.at().toString());
        if (e instanceof WorkflowEvent.StepStarted s) {
            n.put("step", s.step()).put("title", s.title());
        } else if (e instanceof WorkflowEvent.StepFinished s) {
            n.put("step", s.step()).put("millis", s.took().toMillis()).put("summary", s.summary());
        } else if (e instanceof WorkflowEvent.StepFailed s) {
            n.put("step", s.step()).put("message", s.message());
        } else if (e instanceof WorkflowEvent.StepSkipped s) {
            n.put("step", s.step()).put("reason", s.reason());
        } else if (e instanceof WorkflowEvent.Progress p) {
            n.put("step", p.step())
                    .put("done", p.done())
                    .put("unit", p.unit().name().toLowerCase(Locale.ROOT));
            if (p.total().isPresent()) {
                n.put("total", p.total().getAsLong());
            }
            if (p.etaMillis().isPresent()) {
                n.put("etaMillis", p.etaMillis().getAsLong());
            }
        } else if (e instanceof WorkflowEvent.LogLine l) {
            n.put("source", l.source()).put("line", l.line());
        } else if (e instanceof WorkflowEvent.DowntimeEnded d) {
            n.put("millis", d.downtime().toMillis()).put("healthy", d.healthy());
        } else if (e instanceof WorkflowEvent.Warning w) {
            n.put("message", w.message());
        }
        return n.toString();
    }
}
