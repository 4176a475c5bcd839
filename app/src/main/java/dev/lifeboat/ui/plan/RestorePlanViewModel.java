package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreRequest.Kind;
import dev.lifeboat.engine.service.SiteUrls;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.stacks.Maintenance;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.workflow.RestoreWorkflow;
import dev.lifeboat.ui.run.RunKind;
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
 * What the Plan page says of a restore, drill or migration: the steps the workflow will go through (for a migration,
 * its backup's first), where it goes, what it overwrites and which settings change, and whether the user agreed to
 * replace what runs on a migration's new server. No controls here; FX thread only.
 */
public final class RestorePlanViewModel {
    private final RestoreRequest request;
    private final String where;
    private final ZoneId zone;
    private final Kind kind;
    private final ObjectProperty<RestorePlan> plan = new SimpleObjectProperty<>();
    private final StringProperty target = new SimpleStringProperty("");
    private final StringProperty snapshot = new SimpleStringProperty("");
    private final StringProperty site = new SimpleStringProperty("");
    private final StringProperty settingsNote = new SimpleStringProperty("");
    private final StringProperty confirmText = new SimpleStringProperty("");
    private final BooleanProperty needsConfirm = new SimpleBooleanProperty(false);
    private final BooleanProperty confirmed = new SimpleBooleanProperty(false);
    private final ObservableList<String> overwritten = FXCollections.observableArrayList();
    private final ObservableList<String> settings = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final BooleanBinding agreed = needsConfirm.not().or(confirmed);

    /** What {@code request} will do on {@code where} (e.g. {@code root@srv-a}); times are told in {@code zone}. */
    public RestorePlanViewModel(RestoreRequest request, String where, ZoneId zone) {
        this.request = request;
        this.where = where;
        this.zone = zone;
        this.kind = request.kind();
        // The preflight step says whether the project there may be replaced: it follows the agreement.
        confirmed.addListener((obs, old, now) -> {
            if (plan.get() != null && needsConfirm.get()) {
                steps.setAll(stepRows(planToStart()));
            }
        });
    }

    /** What the page says while the plan is read. */
    public String planningMessage() {
        String app = request.stack().displayName();
        return switch (kind) {
            case RESTORE -> "Reading the snapshot and what runs of " + app + " on " + where + " … (nothing changes)";
            case DRILL -> "Reading the snapshot and " + where + " … (nothing changes)";
            case MIGRATE -> "Planning the backup of " + app + " on " + where + " and checking "
                    + (request.target() == null
                            ? "the new server"
                            : request.target().where())
                    + " … (nothing changes)";
        };
    }

    /** The plan is read: it is shown in words; Start waits for the replacement to be agreed, if it is asked. */
    public void show(RestorePlan p) {
        plan.set(p);
        Manifest m = p.manifest();
        String app = p.request().stack().displayName();
        String project = m.application().composeProject();
        RestoreWorkflow.Options o = p.options();
        switch (p.kind()) {
            case DRILL -> {
                target.set(p.target() + ", beside the live site: project "
                        + o.drill().project() + " in " + o.drill().root());
                site.set("not touched: the copy publishes no ports and is removed afterwards");
            }
            case MIGRATE -> {
                target.set(p.target() + " (the new server), from " + p.source());
                site.set("down from the stop on " + p.source() + " until " + p.target()
                        + " passes its health check; the backup's part alone takes about "
                        + PlanViewModel.seconds(p.backup().estimate().downtimeSeconds())
                                .replace(" ", "\u00a0"));
            }
            default -> {
                target.set(p.target() + " (this server), in place: "
                        + m.application().installDir() + " as project " + project);
                site.set("down from the stop until the health check passes");
            }
        }
        snapshot.set(snapshotText(p));
        overwritten.setAll(overwrittenText(p));
        settings.setAll(settingsText(p, app));
        settingsNote.set(settingsNote(p, app));
        steps.setAll(stepRows(p));
        List<String> w = new ArrayList<>(p.warnings());
        for (Manifest.ComponentEntry c : m.components()) {
            if ("skipped".equals(c.saved()) && "rebuildable".equals(c.componentClass())) {
                w.add(c.path() + " is not in the snapshot (" + c.componentClass() + "): "
                        + (c.rebuild() != null && !c.rebuild().isBlank()
                                ? "rebuild it after the restore: " + c.rebuild() + "."
                                : "the application rebuilds it"
                                        + (c.note() == null || c.note().isBlank() ? "." : " (" + c.note() + ").")));
            }
        }
        warnings.setAll(w);
        boolean replaces = p.kind() == Kind.MIGRATE && !p.existing().isEmpty();
        needsConfirm.set(replaces);
        confirmed.set(p.options().overwrite() && replaces);
        confirmText.set(
                replaces
                        ? "Replace what " + p.target() + " runs of project " + project + " (" + names(p.existing())
                                + ") with " + app + " from " + p.source()
                        : "");
    }

    /** The plan Start runs: with the replacement on the new server agreed when it was asked for. */
    public RestorePlan planToStart() {
        RestorePlan p = plan.get();
        return p == null || !needsConfirm.get() ? p : p.withOverwrite(confirmed.get());
    }

    private String snapshotText(RestorePlan p) {
        SnapshotInfo s = p.request().snapshot();
        if (s == null) {
            return "a new one, taken by the migration into the store (the files while the site runs, the rest"
                    + " after the stop)";
        }
        return localTime(s.started()) + ", " + ByteSizes.human(s.sizeBytes()).replace(' ', '\u00a0') + "  (" + s.id()
                + ")";
    }

    /** What is replaced or removed, in words, most destructive first. */
    List<String> overwrittenText(RestorePlan p) {
        Manifest m = p.manifest();
        String project = m.application().composeProject();
        List<String> out = new ArrayList<>();
        if (p.kind() == Kind.DRILL) {
            out.add("Nothing of the live site. The copy is made under "
                    + p.options().drill().root()
                    + " and removed afterwards, with its containers, volumes and networks.");
            if (!p.existing().isEmpty()) {
                out.add("A copy an earlier drill left (" + names(p.existing()) + ") is removed first.");
            }
            return out;
        }
        String on = p.kind() == Kind.MIGRATE ? " on " + p.target() : "";
        if (!p.existing().isEmpty()) {
            out.add("The containers of project " + project + on + " (" + names(p.existing())
                    + "): stopped, and replaced by the snapshot's.");
        }
        for (String root : copiedRoots(m)) {
            out.add(root + on + ": made equal to the snapshot (files added since are deleted).");
        }
        for (Manifest.ComponentEntry c : m.components()) {
            if ("dumped".equals(c.saved())) {
                out.add(c.path() + on + ": emptied and loaded from the dumps (the old folder is kept beside it until"
                        + " the restore passed).");
            }
        }
        if (p.kind() == Kind.MIGRATE) {
            out.add(p.source() + ": the application stays stopped afterwards; Rollback on the Summary starts it"
                    + " again.");
        }
        return out;
    }

    /** The site settings a migration changes, as "KEY in FILE → value". */
    static List<String> settingsText(RestorePlan p, String app) {
        String url = p.options().siteUrl();
        if (p.kind() != Kind.MIGRATE || url == null) {
            return List.of();
        }
        return p.maintenance().siteUrl().stream()
                .map(s -> s.key() + " in " + s.file() + "  →  " + SiteUrls.value(s, url))
                .toList();
    }

    static String settingsNote(RestorePlan p, String app) {
        if (p.kind() != Kind.MIGRATE) {
            return "";
        }
        List<Maintenance.SiteSetting> named = p.maintenance().siteUrl();
        String url = p.options().siteUrl();
        if (named.isEmpty()) {
            return app + " names no site URL in its settings: nothing is changed"
                    + (url == null ? "." : "; point your DNS or proxy for " + url + " at the new server.");
        }
        if (url == null) {
            return "No new site URL: "
                    + String.join(
                            ", ",
                            named.stream().map(Maintenance.SiteSetting::key).toList())
                    + " stay as they are. Go Back to give one.";
        }
        return "Written on the new server before its containers are created; a file that does not exist is left"
                + " alone.";
    }

    /** The steps; a migration's say on which server they run. */
    private static List<StepRow> stepRows(RestorePlan p) {
        boolean migrate = p.kind() == Kind.MIGRATE;
        return StepRow.of(p.steps(), s -> !migrate ? "" : "On " + (p.onTarget(s) ? p.target() : p.source()));
    }

    /** The copied trees of a snapshot: copied components not inside another one (as the restore copies them). */
    static List<String> copiedRoots(Manifest m) {
        return m.components().stream()
                .filter(c -> "copied".equals(c.saved()) && c.coveredBy() == null)
                .map(Manifest.ComponentEntry::path)
                .distinct()
                .toList();
    }

    static String names(List<ContainerState> containers) {
        return String.join(", ", containers.stream().map(ContainerState::name).toList());
    }

    private String localTime(String iso) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                    .withZone(zone)
                    .format(Instant.parse(iso));
        } catch (DateTimeParseException | NullPointerException e) {
            return iso == null ? "—" : iso;
        }
    }

    /** The page's heading. */
    public String title() {
        return "What the " + noun() + " will do";
    }

    /** One sentence under the heading. */
    public String subtitle() {
        return switch (kind) {
            case DRILL -> "Every step, in order, before anything changes. The live site keeps running.";
            case MIGRATE -> "Every step on both servers, in order, before anything changes. \"site down\" marks the"
                    + " window.";
            case RESTORE -> "Every step, in order, before anything changes. Steps marked \"site down\" run while the"
                    + " application is stopped.";
        };
    }

    /** The Start button's text. */
    public String startLabel() {
        return "Start " + noun();
    }

    /** The heading over a refusal. */
    public String refusedTitle() {
        return "The " + noun() + " cannot run";
    }

    /** E.g. {@code migration}. */
    private String noun() {
        return RunKind.of(kind).noun();
    }

    public Kind kind() {
        return kind;
    }

    /** The plan shown; null before. */
    public ObjectProperty<RestorePlan> planProperty() {
        return plan;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public StringProperty snapshotProperty() {
        return snapshot;
    }

    public StringProperty siteProperty() {
        return site;
    }

    public StringProperty settingsNoteProperty() {
        return settingsNote;
    }

    public StringProperty confirmTextProperty() {
        return confirmText;
    }

    public BooleanProperty needsConfirmProperty() {
        return needsConfirm;
    }

    public BooleanProperty confirmedProperty() {
        return confirmed;
    }

    public ObservableList<String> overwritten() {
        return overwritten;
    }

    public ObservableList<String> settings() {
        return settings;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    /** True unless the user is asked to agree to a replacement and has not yet. */
    public BooleanBinding agreedProperty() {
        return agreed;
    }
}
