package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.workflow.BackupPlan;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the Plan preview page: the plan being built, then what it will do in words. No controls
 * here; FX thread only.
 */
public final class PlanViewModel {

    /** Where the page is. */
    public enum State {
        IDLE,
        PLANNING,
        READY,
        REFUSED,
        CANCELLED
    }

    /**
     * One step as the preview lists it.
     *
     * @param number its place, from 1
     * @param title for people
     * @param siteDown whether the site is down while it runs
     * @param commands the exact server commands (masked), one per line; may be empty
     */
    public record StepRow(int number, String title, boolean siteDown, String commands) {}

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ObjectProperty<BackupPlan> plan = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty downtime = new SimpleStringProperty("");
    private final StringProperty space = new SimpleStringProperty("");
    private final StringProperty basis = new SimpleStringProperty("");
    private final StringProperty stopOrder = new SimpleStringProperty("");
    private final StringProperty startOrder = new SimpleStringProperty("");
    private final StringProperty keptUp = new SimpleStringProperty("");
    private final StringProperty destination = new SimpleStringProperty("");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final BooleanBinding canStart = state.isEqualTo(State.READY);

    /** Planning started for {@code s}. */
    public void planning(DetectedStack s, String where) {
        state.set(State.PLANNING);
        plan.set(null);
        error.set("");
        steps.clear();
        warnings.clear();
        message.set("Planning the backup of " + s.displayName() + " on " + where
                + " … (inspects the containers and the databases; nothing changes)");
    }

    /** The plan is ready: the page shows it and Start may be pressed. */
    public void show(BackupPlan p) {
        plan.set(p);
        state.set(State.READY);
        message.set("");
        downtime.set("about " + seconds(p.estimate().downtimeSeconds()));
        space.set("up to " + ByteSizes.human(p.estimate().spaceNeededBytes()));
        basis.set(p.estimate().basis() == null ? "" : p.estimate().basis());
        stopOrder.set(numbered(p.stop()));
        startOrder.set(numbered(p.start()));
        keptUp.set(p.keptUp().isEmpty() ? "nothing" : names(p.keptUp()));
        destination.set(p.appDir() == null ? "" : p.appDir().toString());
        int[] n = {0};
        steps.setAll(p.steps().stream()
                .map(s -> new StepRow(++n[0], s.title(), s.siteDown(), String.join("\n", s.commands())))
                .toList());
        warnings.setAll(p.warnings());
    }

    /** The planner refused, with a message that says what to do. */
    public void refused(String why) {
        state.set(State.REFUSED);
        message.set("");
        error.set(why);
    }

    /** The user cancelled the planning. */
    public void cancelled() {
        state.set(State.CANCELLED);
        message.set("Planning cancelled. Press Back to choose again.");
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

    /** Seconds for people: {@code 8 s}, {@code 2 min 5 s}. */
    public static String seconds(double s) {
        long whole = Math.round(s);
        if (whole < 60) {
            return String.format(Locale.ROOT, "%d s", Math.max(whole, s > 0 ? 1 : 0));
        }
        return whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ObjectProperty<BackupPlan> planProperty() {
        return plan;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
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

    public BooleanBinding canStartProperty() {
        return canStart;
    }
}
