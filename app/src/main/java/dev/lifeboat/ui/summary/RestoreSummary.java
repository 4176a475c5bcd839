package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest.Kind;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.workflow.MigrateWorkflow;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.run.RunKind;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Summary of a finished restore, drill or migration: the result in words, what differs, the report to copy, and
 * for a migration its rollback.
 */
public final class RestoreSummary {
    private final ZoneId zone;

    /** @param zone the time zone snapshot times are told in */
    public RestoreSummary(ZoneId zone) {
        this.zone = zone;
    }

    /** The summary of what ran to its end; {@code engine} rolls a migration back. */
    public Summary of(RestoreOutcome o, RestoreService engine) {
        RestorePlan p = o.plan();
        String app = p.request().stack().displayName();
        List<Summary.Row> r = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Path folder;
        String headline;
        switch (p.kind()) {
            case DRILL -> {
                DrillRecord d = o.drill();
                folder = p.request().snapshot().path();
                headline = d.passed()
                        ? "Drill passed: the snapshot of " + time(p.request().snapshot()) + " restores and matches it."
                        : "Drill FAILED: the snapshot of " + time(p.request().snapshot())
                                + " did not restore as it should.";
                r.add(new Summary.Row("result", "Result", d.passed() ? "passed" : "FAILED"));
                r.add(new Summary.Row(
                        "snapshot", "Snapshot", snapshotText(p.request().snapshot())));
                r.add(new Summary.Row("server", "Ran on", d.target() + ", beside the live site (not touched)"));
                r.add(new Summary.Row(
                        "restore", "Restore took", seconds(d.restoreMillis()) + " (files and dumps back)"));
                r.add(new Summary.Row(
                        "left",
                        "Left behind",
                        d.leftBehind().isEmpty()
                                ? "nothing: its containers, volumes, networks and folder are gone"
                                : String.join("; ", d.leftBehind())));
                r.add(new Summary.Row("took", "Took", seconds(d.millis())));
                r.add(new Summary.Row(
                        "recorded", "Recorded", "beside the snapshot; the Action page lists it as its last drill"));
                wrong.addAll(d.problems());
                d.leftBehind().forEach(x -> wrong.add("left behind: " + x));
            }
            case MIGRATE -> {
                MigrateWorkflow.Result m = o.migration();
                RestoreWorkflow.Result res = m.restore();
                folder = m.snapshot();
                headline = res.ok()
                        ? app + " now runs on " + p.target() + "."
                        : app + " was moved to " + p.target() + ", but it does not match the snapshot.";
                r.add(new Summary.Row("result", "Result", restoreResult(res, p.target())));
                r.add(new Summary.Row("server", "New server", p.target() + ", project " + res.project()));
                r.add(new Summary.Row(
                        "downtime",
                        "Site down",
                        seconds(m.downtimeMillis()) + " (from the stop on " + p.source() + " to the health check on "
                                + p.target() + ")"));
                r.add(new Summary.Row(
                        "site-url",
                        "Site URL",
                        p.options().siteUrl() == null
                                ? "unchanged"
                                : p.options().siteUrl() + " ("
                                        + p.maintenance().siteUrl().size() + " settings)"));
                r.add(new Summary.Row("snapshot", "Snapshot", m.snapshot().toString()));
                r.add(new Summary.Row(
                        "source", "Old server", p.source() + ": stopped, its data kept. Rollback starts it again."));
                r.add(new Summary.Row("took", "Took", seconds(o.millis())));
                wrong.addAll(res.problems());
            }
            default -> {
                RestoreWorkflow.Result res = o.restore();
                folder = p.request().snapshot().path();
                headline = res.ok()
                        ? app + " on " + p.target() + " is back to the snapshot of "
                                + time(p.request().snapshot()) + "."
                        : "The restore ran, but " + app + " on " + p.target() + " does not match the snapshot.";
                r.add(new Summary.Row("result", "Result", restoreResult(res, p.target())));
                r.add(new Summary.Row("server", "Server", p.target() + ", project " + res.project()));
                r.add(new Summary.Row(
                        "snapshot", "Snapshot", snapshotText(p.request().snapshot())));
                r.add(new Summary.Row("restore", "Data back in", seconds(res.loadMillis()) + " (files and dumps)"));
                r.add(new Summary.Row("took", "Took", seconds(res.millis())));
                wrong.addAll(res.problems());
            }
        }
        return new Summary(
                title(p.kind(), o.good()),
                subtitle(p.kind()),
                headline,
                o.good(),
                r,
                wrong,
                folder,
                "Open snapshot folder",
                reportText(p, headline, r, wrong),
                p.kind() == Kind.MIGRATE ? new MigrationRollback(engine, p) : null);
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

    private static String reportText(RestorePlan p, String headline, List<Summary.Row> rows, List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append("Lifeboat ").append(RunKind.of(p.kind()).noun()).append(" report\n");
        b.append(headline).append('\n');
        b.append("Application: ")
                .append(p.request().stack().displayName())
                .append(" in ")
                .append(p.request().stack().installDir())
                .append(" on ")
                .append(p.source())
                .append('\n');
        for (Summary.Row r : rows) {
            b.append(r.label()).append(": ").append(r.value()).append('\n');
        }
        if (!problems.isEmpty()) {
            b.append("What differs:\n");
            problems.forEach(x -> b.append("  ").append(x).append('\n'));
        }
        return b.toString();
    }

    /** The page's heading. */
    private static String title(Kind kind, boolean good) {
        return switch (kind) {
            case RESTORE -> good ? "Restore complete" : "Restore finished: it does not match";
            case DRILL -> good ? "Drill passed" : "Drill failed";
            case MIGRATE -> good ? "Migration complete" : "Migration finished: it does not match";
        };
    }

    private static String subtitle(Kind kind) {
        return switch (kind) {
            case RESTORE -> "What was put back, whether it matches the snapshot, and how long it took.";
            case DRILL -> "Whether the snapshot restores as it should, how long that took, and what was left behind.";
            case MIGRATE -> "Where the application runs now, how long the site was down, and how to go back.";
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
}
