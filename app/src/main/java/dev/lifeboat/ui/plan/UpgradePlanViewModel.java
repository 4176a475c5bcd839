package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.stacks.FileEdit;
import dev.lifeboat.engine.stacks.VersionChange;
import dev.lifeboat.engine.workflow.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Plan page says of an upgrade (issue 20): the version change and where it is written, the images pulled
 * first, what the new version migrates, the expected downtime, what the vendor says about it, the way back, and every
 * step under its phase (before, the rehearsal on a copy, the live upgrade). No controls here; FX thread only.
 */
public final class UpgradePlanViewModel {
    /** The phases as the step list heads them. */
    static final String PREPARE = "1 · Before: pull, snapshot (the site up but for seconds)";

    static final String REHEARSAL = "2 · Rehearsal on a throw-away copy (the live site runs)";
    static final String LIVE = "3 · Live upgrade (rolled back by itself if it fails)";

    private final String app;
    private final String where;
    private final String asked;
    private final StringProperty version = new SimpleStringProperty("");
    private final StringProperty keptIn = new SimpleStringProperty("");
    private final StringProperty downtime = new SimpleStringProperty("");
    private final StringProperty downtimeBasis = new SimpleStringProperty("");
    private final StringProperty wayBack = new SimpleStringProperty("");
    private final ObservableList<String> files = FXCollections.observableArrayList();
    private final ObservableList<String> images = FXCollections.observableArrayList();
    private final ObservableList<String> migrated = FXCollections.observableArrayList();
    private final ObservableList<String> vendor = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();

    /** An upgrade of {@code app} on {@code where} (e.g. {@code root@srv-a}) to {@code asked}. */
    public UpgradePlanViewModel(String app, String where, String asked) {
        this.app = app;
        this.where = where;
        this.asked = asked;
    }

    public String title() {
        return "What the upgrade will do";
    }

    public String subtitle() {
        return "Nothing has changed yet. The new version runs on a copy first; the live site is upgraded only if the"
                + " copy comes up healthy.";
    }

    public String startLabel() {
        return "Start upgrade";
    }

    public String planningMessage() {
        return "Reading how " + app + " on " + where + " keeps its version and planning the upgrade to " + asked
                + " … (nothing changes)";
    }

    public String refusedTitle() {
        return "The upgrade cannot run";
    }

    /** Shows {@code p}. */
    public void show(UpgradePlan p) {
        VersionChange c = p.change();
        version.set(p.current() + " → " + p.target());
        keptIn.set("kept in " + c.keptIn());
        List<String> f = new ArrayList<>();
        for (FileEdit e : c.edits()) {
            f.add(e.path()
                    + (e.changes().isEmpty() ? "" : ": " + String.join("; ", e.changes()))
                    + (e.before() == null ? " (a new file)" : ""));
        }
        files.setAll(f);
        List<String> i = new ArrayList<>();
        c.pulls().forEach(x -> i.add("pull " + x + " while the site runs"));
        c.builds().forEach(x -> i.add("build " + x + " on the new image while the site is down"));
        images.setAll(i);
        List<String> m = new ArrayList<>();
        for (Component x : p.migrated()) {
            m.add(x.path() + " (" + x.kind() + ")");
        }
        if (m.isEmpty()) {
            m.add("no store Lifeboat knows of");
        }
        if (!c.migration().isEmpty()) {
            m.add(c.migration());
        }
        migrated.setAll(m);
        UpgradePlan.Downtime d = p.downtime();
        downtime.set(String.format(
                Locale.ROOT,
                "about %.0f s for the snapshot, then about %.0f s for the live upgrade plus its migrations (waited"
                        + " for up to %d s)",
                d.snapshotSeconds(),
                d.liveSeconds(),
                d.migrationWaitSeconds()));
        downtimeBasis.set(d.basis());
        List<String> v = new ArrayList<>();
        for (VersionChange.Check k : c.checks()) {
            v.add((k.outcome() == VersionChange.Outcome.PASSED ? "✓ " : "• ")
                    + k.why()
                    + (k.detail().isEmpty() ? "" : " (" + k.detail() + ")"));
        }
        if (v.isEmpty()) {
            v.add("nothing that applies to this version change");
        }
        vendor.setAll(v);
        wayBack.set("If the new version does not pass its health check on the live site, or the upgrade is cancelled"
                + " then, Lifeboat goes back to " + p.current() + " by itself: the files it wrote put back, the"
                + " snapshot taken with the site stopped restored ("
                + p.rollback().size() + " steps). Afterwards,"
                + " the Summary offers the same way back by hand.");
        warnings.setAll(p.warnings());
        steps.setAll(StepRow.of(p.steps(), s -> switch (UpgradePlan.Phase.of(s)) {
            case PREPARE -> PREPARE;
            case REHEARSAL -> REHEARSAL;
            case LIVE -> LIVE;
        }));
    }

    /** E.g. {@code 6.1.8 → 6.1.9}. */
    public StringProperty versionProperty() {
        return version;
    }

    /** Where the version is kept, e.g. {@code kept in SEATABLE_IMAGE in /opt/seatable-compose/.env}. */
    public StringProperty keptInProperty() {
        return keptIn;
    }

    /** How long the site is down, in words. */
    public StringProperty downtimeProperty() {
        return downtime;
    }

    /** How the downtime was estimated. */
    public StringProperty downtimeBasisProperty() {
        return downtimeBasis;
    }

    /** What happens when the live part fails. */
    public StringProperty wayBackProperty() {
        return wayBack;
    }

    /** The files written and what changes in each (versions and settings' names only, never their texts). */
    public ObservableList<String> files() {
        return files;
    }

    /** The images pulled before anything stops, and what is built. */
    public ObservableList<String> images() {
        return images;
    }

    /** The stores the new version migrates as it starts, and what its migrations do. */
    public ObservableList<String> migrated() {
        return migrated;
    }

    /** What the vendor says about this version change, and whether the installation meets it. */
    public ObservableList<String> vendor() {
        return vendor;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    /** Every step, headed by its phase. */
    public ObservableList<StepRow> steps() {
        return steps;
    }
}
