package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest.Kind;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the Summary page of a restore, drill or migration: the result in words, what differs, the report to copy,
 * and a migration's rollback. FX thread only.
 */
public final class RestoreSummaryViewModel {

    /**
     * One line of the summary.
     *
     * @param key stable, for tests and ids, e.g. {@code result}
     * @param label e.g. {@code Result}
     * @param value e.g. {@code every count matches the snapshot}
     */
    public record Row(String key, String label, String value) {}

    private final ZoneId zone;
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.RESTORE);
    private final ObjectProperty<RestoreOutcome> outcome = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> snapshot = new SimpleObjectProperty<>();
    private final StringProperty headline = new SimpleStringProperty("");
    private final BooleanProperty good = new SimpleBooleanProperty(true);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final StringProperty report = new SimpleStringProperty("");
    private final BooleanProperty rollingBack = new SimpleBooleanProperty(false);
    private final BooleanProperty rolledBack = new SimpleBooleanProperty(false);
    private final StringProperty rollbackText = new SimpleStringProperty("");
    private final BooleanProperty rollbackFailed = new SimpleBooleanProperty(false);
    private final BooleanBinding canRollback = kind.isEqualTo(Kind.MIGRATE)
            .and(outcome.isNotNull())
            .and(rollingBack.not())
            .and(rolledBack.not());

    public RestoreSummaryViewModel() {
        this(ZoneId.systemDefault());
    }

    public RestoreSummaryViewModel(ZoneId zone) {
        this.zone = zone;
    }

    /** Shows what ran to its end. */
    public void show(RestoreOutcome o) {
        RestorePlan p = o.plan();
        kind.set(p.kind());
        outcome.set(o);
        good.set(o.good());
        rollingBack.set(false);
        rolledBack.set(false);
        rollbackFailed.set(false);
        String app = p.request().stack().displayName();
        List<Row> r = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        switch (p.kind()) {
            case DRILL -> {
                DrillRecord d = o.drill();
                snapshot.set(p.request().snapshot().path());
                headline.set(
                        d.passed()
                                ? "Drill passed: the snapshot of "
                                        + time(p.request().snapshot()) + " restores and" + " matches it."
                                : "Drill FAILED: the snapshot of "
                                        + time(p.request().snapshot()) + " did not restore as it should.");
                r.add(new Row("result", "Result", d.passed() ? "passed" : "FAILED"));
                r.add(new Row("snapshot", "Snapshot", snapshotText(p.request().snapshot())));
                r.add(new Row("server", "Ran on", d.target() + ", beside the live site (not touched)"));
                r.add(new Row("restore", "Restore took", seconds(d.restoreMillis()) + " (files and dumps back)"));
                r.add(new Row(
                        "left",
                        "Left behind",
                        d.leftBehind().isEmpty()
                                ? "nothing: its containers, volumes, networks and folder are gone"
                                : String.join("; ", d.leftBehind())));
                r.add(new Row("took", "Took", seconds(d.millis())));
                r.add(new Row(
                        "recorded", "Recorded", "beside the snapshot; the Action page lists it as its last drill"));
                wrong.addAll(d.problems());
                d.leftBehind().forEach(x -> wrong.add("left behind: " + x));
            }
            case MIGRATE -> {
                MigrateWorkflow.Result m = o.migration();
                RestoreWorkflow.Result res = m.restore();
                snapshot.set(m.snapshot());
                headline.set(
                        res.ok()
                                ? app + " now runs on " + p.target() + "."
                                : app + " was moved to " + p.target() + ", but it does not match the snapshot.");
                r.add(new Row("result", "Result", restoreResult(res, p.target())));
                r.add(new Row("server", "New server", p.target() + ", project " + res.project()));
                r.add(new Row(
                        "downtime",
                        "Site down",
                        seconds(m.downtimeMillis()) + " (from the stop on " + p.source() + " to the health check on "
                                + p.target() + ")"));
                r.add(new Row(
                        "site-url",
                        "Site URL",
                        p.options().siteUrl() == null
                                ? "unchanged"
                                : p.options().siteUrl() + " ("
                                        + p.maintenance().siteUrl().size() + " settings)"));
                r.add(new Row("snapshot", "Snapshot", m.snapshot().toString()));
                r.add(new Row(
                        "source", "Old server", p.source() + ": stopped, its data kept. Rollback starts it again."));
                r.add(new Row("took", "Took", seconds(o.millis())));
                wrong.addAll(res.problems());
            }
            default -> {
                RestoreWorkflow.Result res = o.restore();
                snapshot.set(p.request().snapshot().path());
                headline.set(
                        res.ok()
                                ? app + " on " + p.target() + " is back to the snapshot of "
                                        + time(p.request().snapshot()) + "."
                                : "The restore ran, but " + app + " on " + p.target()
                                        + " does not match the snapshot.");
                r.add(new Row("result", "Result", restoreResult(res, p.target())));
                r.add(new Row("server", "Server", p.target() + ", project " + res.project()));
                r.add(new Row("snapshot", "Snapshot", snapshotText(p.request().snapshot())));
                r.add(new Row("restore", "Data back in", seconds(res.loadMillis()) + " (files and dumps)"));
                r.add(new Row("took", "Took", seconds(res.millis())));
                wrong.addAll(res.problems());
            }
        }
        rows.setAll(r);
        problems.setAll(wrong);
        rollbackText.set(
                p.kind() == Kind.MIGRATE
                        ? "If the new server is not right: Rollback starts " + app + " on " + p.source()
                                + " again. " + p.target() + " keeps running its copy; what changed there is not"
                                + " copied back."
                        : "");
        report.set(reportText(p));
    }

    private static String restoreResult(RestoreWorkflow.Result res, String where) {
        if (res.ok()) {
            return "every count matches the snapshot; the health check passed on " + where;
        }
        List<String> what = new ArrayList<>();
        if (!res.problems().isEmpty()) {
            what.add(res.problems().size() + (res.problems().size() == 1 ? " difference" : " differences"));
        }
        what.add(res.healthy() ? "the health check passed" : "the health check did NOT pass");
        return String.join("; ", what);
    }

    /** A rollback started. */
    public void rollbackStarted() {
        rollingBack.set(true);
        rollbackFailed.set(false);
        RestorePlan p = outcome.get().plan();
        rollbackText.set("Starting " + p.request().stack().displayName() + " on " + p.source() + " again …");
    }

    /** What the running rollback does now, e.g. the last line of its log. */
    public void rollbackProgress(String line) {
        if (rollingBack.get() && line != null && !line.isBlank()) {
            rollbackText.set("Rolling back: " + line);
        }
    }

    /** The rollback ended; {@code unhealthy} is null when the old server's health check passed. */
    public void rolledBack(String unhealthy) {
        rollingBack.set(false);
        rolledBack.set(true);
        RestorePlan p = outcome.get().plan();
        String app = p.request().stack().displayName();
        rollbackFailed.set(unhealthy != null);
        rollbackText.set(
                unhealthy == null
                        ? app + " runs again on " + p.source() + ". " + p.target()
                                + " still runs its copy: stop it there when you are done with it."
                        : app + " was started again on " + p.source() + ", but its health check did not pass: "
                                + unhealthy);
    }

    /** The rollback could not run. */
    public void rollbackError(String why) {
        rollingBack.set(false);
        rollbackFailed.set(true);
        rollbackText.set("Could not roll back: " + why);
    }

    String reportText(RestorePlan p) {
        StringBuilder b = new StringBuilder();
        b.append("Lifeboat ").append(noun(p.kind())).append(" report\n");
        b.append(headline.get()).append('\n');
        b.append("Application: ")
                .append(p.request().stack().displayName())
                .append(" in ")
                .append(p.request().stack().installDir())
                .append(" on ")
                .append(p.source())
                .append('\n');
        for (Row r : rows) {
            b.append(r.label()).append(": ").append(r.value()).append('\n');
        }
        if (!problems.isEmpty()) {
            b.append("What differs:\n");
            problems.forEach(x -> b.append("  ").append(x).append('\n'));
        }
        return b.toString();
    }

    /** The page's heading. */
    public String title() {
        boolean ok = good.get();
        return switch (kind.get()) {
            case RESTORE -> ok ? "Restore complete" : "Restore finished: it does not match";
            case DRILL -> ok ? "Drill passed" : "Drill failed";
            case MIGRATE -> ok ? "Migration complete" : "Migration finished: it does not match";
        };
    }

    static String noun(Kind k) {
        return switch (k) {
            case RESTORE -> "restore";
            case DRILL -> "drill";
            case MIGRATE -> "migration";
        };
    }

    private String snapshotText(SnapshotInfo s) {
        return time(s) + "  (" + s.id() + ")";
    }

    private String time(SnapshotInfo s) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                    .withZone(zone)
                    .format(Instant.parse(s.started()));
        } catch (DateTimeParseException | NullPointerException e) {
            return s.id();
        }
    }

    static String seconds(long millis) {
        long s = millis / 1000;
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : s / 60 + " min " + s % 60 + " s";
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    public ObjectProperty<RestoreOutcome> outcomeProperty() {
        return outcome;
    }

    public ObjectProperty<Path> snapshotProperty() {
        return snapshot;
    }

    public StringProperty headlineProperty() {
        return headline;
    }

    public BooleanProperty goodProperty() {
        return good;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public StringProperty reportProperty() {
        return report;
    }

    public BooleanProperty rollingBackProperty() {
        return rollingBack;
    }

    public BooleanProperty rolledBackProperty() {
        return rolledBack;
    }

    public StringProperty rollbackTextProperty() {
        return rollbackText;
    }

    public BooleanProperty rollbackFailedProperty() {
        return rollbackFailed;
    }

    public BooleanBinding canRollbackProperty() {
        return canRollback;
    }
}
