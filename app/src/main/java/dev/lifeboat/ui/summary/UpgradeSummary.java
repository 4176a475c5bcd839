package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
import dev.lifeboat.ui.upgrade.UpgradeOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The Summary of a finished upgrade (issue 20): what runs now, how long the rehearsal took and the site was down, and
 * the way back — a Rollback button after an upgrade (or after a way back that failed), none after a failed rehearsal
 * (nothing changed) or an automatic rollback that passed.
 */
public final class UpgradeSummary {

    /** The summary of {@code o}; {@code engine} rolls it back. */
    public Summary of(UpgradeOutcome o, UpgradeService engine) {
        UpgradePlan p = o.plan();
        String app = p.stack().displayName();
        String where = engine.where();
        List<Summary.Row> r = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        String title;
        String headline;
        java.nio.file.Path folder = null;
        switch (o.end()) {
            case UPGRADED -> {
                UpgradeWorkflow.Result res = o.result();
                title = "Upgrade complete";
                headline = app + " on " + where + " runs " + res.to() + " now.";
                r.add(new Summary.Row(
                        "result",
                        "Result",
                        "upgraded from " + res.from() + " to " + res.to()
                                + "; the new version's health check passed and every count matches the snapshot"));
                r.add(new Summary.Row(
                        "rehearsal",
                        "Rehearsal",
                        "passed on a throw-away copy in " + RestoreSummary.seconds(res.rehearsalMillis())
                                + " (the copy is gone)"));
                r.add(new Summary.Row(
                        "downtime",
                        "Site down",
                        RestoreSummary.seconds(res.downtimeMillis())
                                + " for the live part (the last snapshot, the new version's start and migrations)"));
                r.add(new Summary.Row(
                        "snapshot",
                        "Way back",
                        res.liveSnapshot().getFileName()
                                + ", taken with the site stopped: Rollback below, or 'lifeboat upgrade --rollback'"));
                folder = res.liveSnapshot();
            }
            case REHEARSAL_FAILED -> {
                title = "Upgrade stopped by its rehearsal";
                headline = p.target() + " did not come up on the copy: " + app + " still runs " + p.current()
                        + ", never upgraded.";
                r.add(new Summary.Row(
                        "result",
                        "Result",
                        "not upgraded: the rehearsal failed; the live site ran all"
                                + " along but for the snapshot's seconds"));
                r.add(new Summary.Row("copy", "The copy", "removed, with its containers, volumes and folder"));
                wrong.add(o.message());
            }
            case ROLLED_BACK -> {
                title = o.cancelled() ? "Upgrade cancelled and rolled back" : "Upgrade rolled back";
                headline = app + " runs " + p.current() + " again: the upgrade to " + p.target()
                        + (o.cancelled() ? " was cancelled" : " failed") + " on the live site and Lifeboat went back.";
                r.add(new Summary.Row(
                        "result",
                        "Result",
                        "rolled back to " + p.current()
                                + " with the data of the snapshot taken with the site stopped (nothing written since is"
                                + " lost: the site was down)"));
                wrong.add(o.message());
            }
            case ROLLBACK_FAILED -> {
                title = "Upgrade failed: the site needs you";
                headline = "The upgrade to " + p.target() + " failed on the live site and so did the way back.";
                r.add(new Summary.Row(
                        "result",
                        "Result",
                        "NOT rolled back: try Rollback below again, or 'lifeboat"
                                + " upgrade --rollback' from a terminal"));
                wrong.add(o.message());
            }
            default -> throw new IllegalStateException(o.end().toString());
        }
        r.add(new Summary.Row(
                "version",
                "Versions",
                p.current() + " → " + p.target() + " (kept in " + p.change().keptIn() + ")"));
        boolean good = o.upgraded();
        boolean offerRollback = o.end() == UpgradeOutcome.End.UPGRADED || o.end() == UpgradeOutcome.End.ROLLBACK_FAILED;
        return new Summary(
                title,
                "What runs now, how the rehearsal and the live part went, and the way back.",
                headline,
                good,
                r,
                wrong,
                folder,
                "Open snapshot folder",
                report(p, where, headline, r, wrong),
                offerRollback ? new UpgradeRollback(engine, p) : null);
    }

    private static String report(
            UpgradePlan p, String where, String headline, List<Summary.Row> rows, List<String> problems) {
        StringBuilder b = new StringBuilder("Lifeboat upgrade report\n");
        b.append(headline).append('\n');
        b.append("Application: ")
                .append(p.stack().displayName())
                .append(" in ")
                .append(p.stack().installDir())
                .append(" on ")
                .append(where)
                .append('\n');
        for (Summary.Row r : rows) {
            b.append(r.label()).append(": ").append(r.value()).append('\n');
        }
        if (!problems.isEmpty()) {
            b.append("What went wrong:\n");
            problems.forEach(x -> b.append("  ").append(x).append('\n'));
        }
        return b.toString();
    }
}
