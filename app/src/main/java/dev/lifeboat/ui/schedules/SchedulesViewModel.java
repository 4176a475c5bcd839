package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.ui.wizard.SidebarSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * State and decisions of the Schedules view: every schedule's row, the one chosen, the runs started from here and
 * what they did, and the chart of the chosen one's last runs. No controls here; FX thread only.
 */
public final class SchedulesViewModel {
    private final ZoneId zone;
    private String wanted;
    private final ObservableList<ScheduleRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<ScheduleRow> selected = new SimpleObjectProperty<>();
    private final ObservableSet<String> busy = FXCollections.observableSet();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageBad = new SimpleBooleanProperty(false);
    private final StringProperty placeholder = new SimpleStringProperty("Reading the schedules …");
    private final ObjectProperty<RunChartModel> chart = new SimpleObjectProperty<>();
    private final StringProperty chartTitle = new SimpleStringProperty("");
    private final BooleanBinding canAct = Bindings.createBooleanBinding(
            () -> selected.get() != null && !busy.contains(selected.get().name()), selected, busy);
    private final BooleanBinding canDrill = Bindings.createBooleanBinding(
            () -> canAct.get() && selected.get().status().schedule().drill() != null, canAct);
    private final StringBinding pauseLabel = Bindings.createStringBinding(
            () -> selected.get() != null && selected.get().status().schedule().paused() ? "Resume" : "Pause", selected);

    private boolean updating;

    public SchedulesViewModel(ZoneId zone) {
        this.zone = zone;
        selected.addListener((obs, old, now) -> {
            if (now == null || old == null || !old.name().equals(now.name())) {
                chart.set(null);
                chartTitle.set(now == null ? "" : "Last runs of " + now.name());
            }
        });
    }

    /** True while the rows are being replaced: a table's own selection then is not the user's choice. */
    public boolean updating() {
        return updating;
    }

    /** What the engine said of every schedule, at {@code now}; the chosen one stays chosen (by name). */
    public void statusRead(List<ScheduleStatus> statuses, Instant now) {
        String chosen = wanted != null
                ? wanted
                : selected.get() == null ? null : selected.get().name();
        wanted = null;
        updating = true;
        try {
            rows.setAll(statuses.stream().map(s -> ScheduleRow.of(s, now, zone)).toList());
        } finally {
            updating = false;
        }
        placeholder.set("No schedules yet. Back up an application once, then choose \"Back up every night\" on its"
                + " Summary: Lifeboat then backs it up unattended and tells you when something needs you.");
        ScheduleRow again = chosen == null ? null : find(chosen);
        selected.set(again != null ? again : rows.isEmpty() ? null : rows.get(0));
    }

    /** The schedules could not be read. */
    public void statusFailed(String why) {
        rows.clear();
        selected.set(null);
        placeholder.set("Could not read the schedules: " + why);
    }

    /** The schedules at a glance, for the sidebar. */
    public List<SidebarSchedule> glance(Instant now) {
        return rows.stream().map(r -> r.glance(now)).toList();
    }

    /** Chooses the schedule of that name, now or (a new one) once the rows are read again. */
    public void select(String name) {
        ScheduleRow r = find(name);
        if (r != null) {
            selected.set(r);
        } else {
            wanted = name;
        }
    }

    private ScheduleRow find(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** The records of the chosen schedule's runs were read: the chart shows them. */
    public void runsRead(String name, List<RunRecord> runs) {
        if (selected.get() != null && selected.get().name().equals(name)) {
            chart.set(RunChartModel.of(runs, zone));
        }
    }

    /** A run of {@code name} was started from here; it ends with {@link #runEnded} or {@link #runFailed}. */
    public void runStarted(String name, Schedule.Kind kind) {
        busy.add(name);
        say("Running the " + kind.word() + " of " + name + " now, through its scheduler as the timer would …", false);
    }

    /** A run started from here ended, with its record. */
    public void runEnded(String name, RunRecord r) {
        busy.remove(name);
        String what = "The " + r.kind() + " of " + name;
        switch (r.outcome()) {
            case OK -> say(what + " went well: " + r.message() + ".", false);
            case SKIPPED -> say(what + " was skipped: " + r.message(), false);
            case FAILED -> say(what + " FAILED: " + r.message() + " (site: " + r.siteUp() + ")", true);
        }
    }

    /** A run started from here could not start or left no record. */
    public void runFailed(String name, String why) {
        busy.remove(name);
        say("Could not run " + name + ": " + why, true);
    }

    /** Some work on {@code name} (pause, remove) begins. */
    public void working(String name, String what) {
        busy.add(name);
        say(what, false);
    }

    /** The schedule was paused or resumed. */
    public void paused(String name, boolean paused) {
        busy.remove(name);
        say(
                paused
                        ? "Paused " + name + ": its timers are stopped; the schedule is kept. Resume starts them again."
                        : "Resumed " + name + ".",
                false);
    }

    /** The schedule was removed. */
    public void removed(String name) {
        busy.remove(name);
        rows.removeIf(r -> r.name().equals(name));
        if (selected.get() != null && selected.get().name().equals(name)) {
            selected.set(rows.isEmpty() ? null : rows.get(0));
        }
        say("Removed the schedule " + name + "; its snapshots stay in the store.", false);
    }

    /** Work on {@code name} failed. */
    public void failed(String name, String why) {
        busy.remove(name);
        say(why, true);
    }

    private void say(String text, boolean bad) {
        messageBad.set(bad);
        message.set(text);
    }

    public ObservableList<ScheduleRow> rows() {
        return rows;
    }

    public ObjectProperty<ScheduleRow> selectedProperty() {
        return selected;
    }

    /** The schedules a run or a change of which is under way. */
    public ObservableSet<String> busy() {
        return busy;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty messageBadProperty() {
        return messageBad;
    }

    /** What the table says when it has no row. */
    public StringProperty placeholderProperty() {
        return placeholder;
    }

    /** The chart of the chosen schedule's last runs; null before they are read. */
    public ObjectProperty<RunChartModel> chartProperty() {
        return chart;
    }

    public StringProperty chartTitleProperty() {
        return chartTitle;
    }

    /** True while Run now, Pause and Remove may be pressed: a schedule is chosen and nothing runs on it. */
    public BooleanBinding canActProperty() {
        return canAct;
    }

    /** True when the chosen schedule has a drill to run now. */
    public BooleanBinding canDrillProperty() {
        return canDrill;
    }

    /** {@code Pause}, or {@code Resume} for a paused schedule. */
    public StringBinding pauseLabelProperty() {
        return pauseLabel;
    }
}
