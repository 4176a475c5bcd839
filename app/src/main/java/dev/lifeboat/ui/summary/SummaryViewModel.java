package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** State of the Summary page: what the finished backup made, in words, and the report to copy. FX thread only. */
public final class SummaryViewModel {
    private final ObjectProperty<Path> snapshot = new SimpleObjectProperty<>();
    private final StringProperty headline = new SimpleStringProperty("");
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty size = new SimpleStringProperty("");
    private final StringProperty downtime = new SimpleStringProperty("");
    private final StringProperty duration = new SimpleStringProperty("");
    private final StringProperty verification = new SimpleStringProperty("");
    private final StringProperty report = new SimpleStringProperty("");

    /** Shows a finished backup. */
    public void show(BackupWorkflow.Result r) {
        Manifest m = r.manifest();
        snapshot.set(r.snapshot());
        String app =
                m.application() == null ? "the application" : m.application().name();
        String server = m.server() == null ? "" : " on " + m.server().host();
        headline.set("Snapshot " + m.id() + " of " + app + server + " is complete.");
        path.set(r.snapshot().toString());
        long dumpBytes = m.dumps() == null
                ? 0
                : m.dumps().stream().mapToLong(Manifest.DumpEntry::bytes).sum();
        long files = m.transfer() == null ? 0 : m.transfer().files();
        long fileBytes = m.transfer() == null ? 0 : m.transfer().totalBytes();
        size.set(ByteSizes.human(fileBytes + dumpBytes) + "  (" + files + " files, " + ByteSizes.human(fileBytes)
                + "; " + (m.dumps() == null ? 0 : m.dumps().size()) + " dumps, " + ByteSizes.human(dumpBytes)
                + " compressed)");
        if (m.downtime() == null) {
            downtime.set("—");
        } else {
            downtime.set(String.format(Locale.ROOT, "%.1f s", m.downtime().millis() / 1000.0)
                    + (m.downtime().healthy()
                            ? " (the site passed its health check)"
                            : " (its health check did not pass in time: look at the site)"));
        }
        duration.set(durationText(m.started(), m.finished()));
        verification.set(verificationText(m));
        report.set(reportText(m));
    }

    static String durationText(String started, String finished) {
        try {
            Duration d = Duration.between(Instant.parse(started), Instant.parse(finished));
            long s = d.getSeconds();
            return s < 60
                    ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                    : s / 60 + " min " + s % 60 + " s";
        } catch (DateTimeParseException | NullPointerException e) {
            return "—";
        }
    }

    /** What the run checked: the index of the copied files and the digests of the dumps. */
    static String verificationText(Manifest m) {
        StringBuilder b = new StringBuilder();
        if (m.steps() != null) {
            for (Manifest.StepEntry s : m.steps()) {
                if (s.id().equals("verify") || s.id().equals("index")) {
                    if (b.length() > 0) {
                        b.append("; ");
                    }
                    b.append(s.id().equals("verify") ? "dumps: " : "files: ")
                            .append(s.summary() == null || s.summary().isEmpty() ? s.outcome() : s.summary());
                }
            }
        }
        return b.length() == 0 ? "checked at backup" : b.toString();
    }

    String reportText(Manifest m) {
        StringBuilder b = new StringBuilder();
        b.append("Lifeboat backup report\n");
        b.append(headline.get()).append('\n');
        if (m.application() != null) {
            b.append("Application: ").append(m.application().name());
            if (m.application().version() != null) {
                b.append(' ').append(m.application().version());
            }
            b.append(" in ").append(m.application().installDir()).append('\n');
        }
        if (m.server() != null) {
            b.append("Server: ")
                    .append(m.server().user())
                    .append('@')
                    .append(m.server().host())
                    .append(':')
                    .append(m.server().port())
                    .append('\n');
        }
        b.append("Snapshot: ").append(path.get()).append('\n');
        b.append("Size: ").append(size.get()).append('\n');
        b.append("Site down: ").append(downtime.get()).append('\n');
        b.append("Took: ")
                .append(duration.get())
                .append(" (")
                .append(m.started())
                .append(" to ")
                .append(m.finished())
                .append(")\n");
        b.append("Verification: ").append(verification.get()).append('\n');
        if (m.steps() != null) {
            b.append("Steps:\n");
            for (Manifest.StepEntry s : m.steps()) {
                b.append("  ")
                        .append(s.id())
                        .append("  ")
                        .append(s.outcome())
                        .append("  ")
                        .append(s.millis())
                        .append(" ms");
                if (s.summary() != null && !s.summary().isEmpty()) {
                    b.append("  ").append(s.summary());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    public ObjectProperty<Path> snapshotProperty() {
        return snapshot;
    }

    public StringProperty headlineProperty() {
        return headline;
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty sizeProperty() {
        return size;
    }

    public StringProperty downtimeProperty() {
        return downtime;
    }

    public StringProperty durationProperty() {
        return duration;
    }

    public StringProperty verificationProperty() {
        return verification;
    }

    public StringProperty reportProperty() {
        return report;
    }
}
