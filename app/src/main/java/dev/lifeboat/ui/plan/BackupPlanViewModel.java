package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.workflow.BackupPlan;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Plan page says of a backup: the downtime and space it expects, the containers it stops and starts, and
 * every step. No controls here; FX thread only.
 */
public final class BackupPlanViewModel {
    private final DetectedStack stack;
    private final String where;
    private final ObjectProperty<BackupPlan> plan = new SimpleObjectProperty<>();
    private final StringProperty downtime = new SimpleStringProperty("");
    private final StringProperty space = new SimpleStringProperty("");
    private final StringProperty basis = new SimpleStringProperty("");
    private final StringProperty stopOrder = new SimpleStringProperty("");
    private final StringProperty startOrder = new SimpleStringProperty("");
    private final StringProperty keptUp = new SimpleStringProperty("");
    private final StringProperty destination = new SimpleStringProperty("");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();

    /** A backup of {@code stack} on {@code where} (e.g. {@code root@srv-a}). */
    public BackupPlanViewModel(DetectedStack stack, String where) {
        this.stack = stack;
        this.where = where;
    }

    /** What the page says while the backup is planned. */
    public String planningMessage() {
        return "Planning the backup of " + stack.displayName() + " on " + where
                + " … (inspects the containers and the databases; nothing changes)";
    }

    /** The plan is ready: it is shown in words. */
    public void show(BackupPlan p) {
        plan.set(p);
        downtime.set("about " + PlanViewModel.seconds(p.estimate().downtimeSeconds()));
        space.set("up to " + ByteSizes.human(p.estimate().spaceNeededBytes()));
        basis.set(p.estimate().basis() == null ? "" : p.estimate().basis());
        stopOrder.set(numbered(p.stop()));
        startOrder.set(numbered(p.start()));
        keptUp.set(p.keptUp().isEmpty() ? "nothing" : names(p.keptUp()));
        destination.set(p.appDir() == null ? "" : p.appDir().toString());
        steps.setAll(StepRow.of(p.steps(), s -> ""));
        warnings.setAll(p.warnings());
    }

    /** E.g. "1. postgres  →  2. web". */
    static String numbered(List<ContainerState> containers) {
        if (containers.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < containers.size(); i++) {
            if (i > 0) {
                b.append("  →  ");
            }
            b.append(i + 1).append(". ").append(containers.get(i).label());
        }
        return b.toString();
    }

    static String names(List<ContainerState> containers) {
        return String.join(", ", containers.stream().map(ContainerState::label).toList());
    }

    /** The plan shown; null before. */
    public ObjectProperty<BackupPlan> planProperty() {
        return plan;
    }

    public StringProperty downtimeProperty() {
        return downtime;
    }

    public StringProperty spaceProperty() {
        return space;
    }

    public StringProperty basisProperty() {
        return basis;
    }

    public StringProperty stopOrderProperty() {
        return stopOrder;
    }

    public StringProperty startOrderProperty() {
        return startOrder;
    }

    public StringProperty keptUpProperty() {
        return keptUp;
    }

    public StringProperty destinationProperty() {
        return destination;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }
}
