package dev.lifeboat.engine.progress;

import java.util.Locale;

/** One line of text for an event: for {@code run.log} and the CLI's text output. */
public final class EventText {
    private EventText() {}

    public static String line(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.StepStarted s) {
            return "[" + s.step() + "] " + s.title();
        } else if (e instanceof WorkflowEvent.StepFinished s) {
            return "[" + s.step() + "] done in " + s.took().toMillis() + " ms"
                    + (s.summary().isEmpty() ? "" : ": " + s.summary());
        } else if (e instanceof WorkflowEvent.StepFailed s) {
            return "[" + s.step() + "] FAILED: " + s.message();
        } else if (e instanceof WorkflowEvent.StepSkipped s) {
            return "[" + s.step() + "] skipped: " + s.reason();
        } else if (e instanceof WorkflowEvent.Progress p) {
            return "[" + p.step() + "] " + p.done()
                    + (p.total().isPresent() ? "/" + p.total().getAsLong() : "") + " "
                    + p.unit().name().toLowerCase(Locale.ROOT);
        } else if (e instanceof WorkflowEvent.LogLine l) {
            return "<" + l.source() + "> " + l.line();
        } else if (e instanceof WorkflowEvent.DowntimeStarted) {
            return "site DOWN";
        } else if (e instanceof WorkflowEvent.DowntimeEnded d) {
            return "site UP again after " + d.downtime().toMillis() + " ms"
                    + (d.healthy() ? "" : " (health check not passed)");
        } else if (e instanceof WorkflowEvent.Warning w) {
            return "warning: " + w.message();
        }
        return e.toString();
    }
}
