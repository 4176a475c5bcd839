package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** The Summary of a finished backup: what it made, in words, and the report to copy. */
public final class BackupSummary {
    private BackupSummary() {}

    /** The summary of {@code r}. */
    public static Summary of(BackupWorkflow.Result r) {
        Manifest m = r.manifest();
        String app =
                m.application() == null ? "the application" : m.application().name();
        String server = m.server() == null ? "" : " on " + m.server().host();
        String headline = "Snapshot " + m.id() + " of " + app + server + " is complete.";
        long dumpBytes = m.dumps() == null
                ? 0
                : m.dumps().stream().mapToLong(Manifest.DumpEntry::bytes).sum();
        long files = m.transfer() == null ? 0 : m.transfer().files();
        long fileBytes = m.transfer() == null ? 0 : m.transfer().totalBytes();
        String size = ByteSizes.human(fileBytes + dumpBytes) + "  (" + files + " files, " + ByteSizes.human(fileBytes)
                + "; " + (m.dumps() == null ? 0 : m.dumps().size()) + " dumps, " + ByteSizes.human(dumpBytes)
                + " compressed)";
        String downtime = m.downtime() == null
                ? "—"
                : String.format(Locale.ROOT, "%.1f s", m.downtime().millis() / 1000.0)
                        + (m.downtime().healthy()
                                ? " (the site passed its health check)"
                                : " (its health check did not pass in time: look at the site)");
        String duration = durationText(m.started(), m.finished());
        String verification = verificationText(m);
        List<Summary.Row> rows = List.of(
                new Summary.Row("folder", "Snapshot", r.snapshot().toString()),
                new Summary.Row("size", "Size", size),
                new Summary.Row("downtime", "Site down", downtime),
                new Summary.Row("took", "Took", duration),
                new Summary.Row("verified", "Verified", verification));
        return new Summary(
                "Backup complete",
                "Where the snapshot is, how long the site was down, and what was checked.",
                headline,
                true,
                rows,
                List.of(),
                r.snapshot(),
                "Open folder",
                reportText(m, headline, rows),
                null);
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

    private static String reportText(Manifest m, String headline, List<Summary.Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("Lifeboat backup report\n");
        b.append(headline).append('\n');
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
        b.append("Snapshot: ").append(Summary.value(rows, "folder")).append('\n');
        b.append("Size: ").append(Summary.value(rows, "size")).append('\n');
        b.append("Site down: ").append(Summary.value(rows, "downtime")).append('\n');
        b.append("Took: ")
                .append(Summary.value(rows, "took"))
                .append(" (")
                .append(m.started())
                .append(" to ")
                .append(m.finished())
                .append(")\n");
        b.append("Verification: ").append(Summary.value(rows, "verified")).append('\n');
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
}
