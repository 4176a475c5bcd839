package dev.lifeboat.ui.run;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.EventText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the Run page: the steps and their states, the progress bars, the downtime clock, the log
 * of each container and step (a {@link LogViewModel}: bounded, filtered, followed or paused), and what Cancel does.
 * Fed by {@link #apply} with batches of engine events drained on a timer and by {@link #tick} with the clock. No
 * controls here; FX thread only.
 */
public final class RunViewModel {
    /** Lines kept per log source; older ones are dropped. */
    public static final int MAX_LINES_PER_SOURCE = LogViewModel.MAX_LINES_PER_SOURCE;

    /** The source of the run's own lines: step changes, warnings, downtime. */
    public static final String RUN_SOURCE = "run";

    /** A step's state, as its icon shows it. */
    public enum StepState {
        PENDING("○"),
        RUNNING("▶"),
        DONE("✓"),
        FAILED("✗"),
        SKIPPED("–");

        private final String icon;

        StepState(String icon) {
            this.icon = icon;
        }

        public String icon() {
            return icon;
        }
    }

    /** Where the run is. */
    public enum RunState {
        IDLE,
        RUNNING,
        CANCELLING,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    /**
     * One step of the list.
     *
     * @param id the id its events carry
     * @param title for people
     * @param siteDown whether it runs while the site is down
     * @param state where it is
     * @param detail what it did, why it failed or was skipped; may be empty
     */
    public record StepRow(String id, String title, boolean siteDown, StepState state, String detail) {
        StepRow with(StepState s, String d) {
            return new StepRow(id, title, siteDown, s, d);
        }
    }

    private final ZoneId zone;
    private final DateTimeFormatter clock;
    private final LogViewModel logs;
    private long stampSecond = Long.MIN_VALUE; // the second stampText was made for: one format per second, not line
    private String stampText = "";
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final Map<String, Integer> stepIndex = new HashMap<>();
    private final DoubleProperty overallProgress = new SimpleDoubleProperty(0);
    private final StringProperty overallText = new SimpleStringProperty("");
    private final StringProperty currentStep = new SimpleStringProperty("");
    private final DoubleProperty currentProgress = new SimpleDoubleProperty(0);
    private final StringProperty currentDetail = new SimpleStringProperty("");
    private final StringProperty eta = new SimpleStringProperty("");
    private final BooleanProperty siteDown = new SimpleBooleanProperty(false);
    private final StringProperty downtimeText = new SimpleStringProperty("");
    private final StringProperty elapsedText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty cancelText = new SimpleStringProperty("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final BooleanBinding running = state.isEqualTo(RunState.RUNNING).or(state.isEqualTo(RunState.CANCELLING));
    private final BooleanBinding canCancel = state.isEqualTo(RunState.RUNNING);
    private final BooleanBinding finished = state.isEqualTo(RunState.SUCCEEDED);

    private Instant startedAt;
    private Instant downSince;
    private Duration downtime;
    private boolean healthy = true;
    private String runningStep;
    private BackupWorkflow.Result result;

    public RunViewModel() {
        this(ZoneId.systemDefault(), MAX_LINES_PER_SOURCE);
    }

    /** For tests: the zone log times are shown in and the lines kept per source. */
    public RunViewModel(ZoneId zone, int maxLines) {
        this(zone, new LogViewModel(maxLines, Math.max(maxLines, LogViewModel.MAX_LINES_TOTAL)));
    }

    /** For tests and the benchmark: the zone log times are shown in and the log pane's model. */
    public RunViewModel(ZoneId zone, LogViewModel logs) {
        this.zone = zone;
        this.clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        this.logs = logs;
    }

    /** A run of {@code plan} starts at {@code now}: every planned step is pending. */
    public void start(BackupPlan plan, Instant now) {
        state.set(RunState.RUNNING);
        startedAt = now;
        downSince = null;
        downtime = null;
        healthy = true;
        runningStep = null;
        result = null;
        steps.clear();
        stepIndex.clear();
        for (BackupPlan.Step s : plan.steps()) {
            stepIndex.put(s.id(), steps.size());
            steps.add(new StepRow(s.id(), s.title(), s.inDowntime(), StepState.PENDING, ""));
        }
        logs.clear();
        warnings.clear();
        log(RUN_SOURCE, List.of());
        logs.selectedSourceProperty().set(RUN_SOURCE);
        siteDown.set(false);
        downtimeText.set("The site is up.");
        currentStep.set("");
        currentProgress.set(0);
        currentDetail.set("");
        eta.set("");
        message.set("Backing up " + plan.stack().displayName() + " …");
        updateOverall();
        updateCancelText();
        tick(now);
    }

    /** Applies a batch of events, oldest first, as drained from the queue; lines are appended per source at once. */
    public void apply(List<WorkflowEvent> events) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (WorkflowEvent e : events) {
            if (e instanceof WorkflowEvent.LogLine l) {
                lines.computeIfAbsent(l.source(), k -> new ArrayList<>()).add(stamp(l.at(), l.line()));
                continue;
            }
            if (!(e instanceof WorkflowEvent.Progress)) {
                lines.computeIfAbsent(RUN_SOURCE, k -> new ArrayList<>()).add(stamp(e.at(), EventText.line(e)));
            }
            if (e instanceof WorkflowEvent.StepStarted s) {
                setStep(s.step(), s.title(), StepState.RUNNING, "");
                runningStep = s.step();
                currentStep.set(s.title());
                currentProgress.set(-1);
                currentDetail.set("");
                eta.set("");
            } else if (e instanceof WorkflowEvent.StepFinished s) {
                setStep(s.step(), null, StepState.DONE, stepSummary(s));
                endCurrent(s.step());
            } else if (e instanceof WorkflowEvent.StepFailed s) {
                setStep(s.step(), null, StepState.FAILED, s.message());
                endCurrent(s.step());
            } else if (e instanceof WorkflowEvent.StepSkipped s) {
                setStep(s.step(), null, StepState.SKIPPED, s.reason());
            } else if (e instanceof WorkflowEvent.Progress p) {
                if (p.step().equals(runningStep)) {
                    double f = p.fraction();
                    currentProgress.set(f);
                    currentDetail.set(progressText(p));
                    eta.set(etaText(p.etaMillis()));
                }
            } else if (e instanceof WorkflowEvent.DowntimeStarted d) {
                downSince = d.at();
                siteDown.set(true);
            } else if (e instanceof WorkflowEvent.DowntimeEnded d) {
                siteDown.set(false);
                downtime = d.downtime();
                healthy = d.healthy();
                downSince = null;
                downtimeText.set(downtimeEndedText(downtime, healthy));
            } else if (e instanceof WorkflowEvent.Warning w) {
                warnings.add(w.message());
            }
        }
        logs.append(lines);
        updateOverall();
        updateCancelText();
    }

    private static String stepSummary(WorkflowEvent.StepFinished s) {
        String took = s.took().toMillis() < 1000
                ? s.took().toMillis() + " ms"
                : String.format(Locale.ROOT, "%.1f s", s.took().toMillis() / 1000.0);
        return s.summary().isEmpty() ? took : s.summary() + " · " + took;
    }

    private void endCurrent(String step) {
        if (step.equals(runningStep)) {
            runningStep = null;
            currentProgress.set(1);
            eta.set("");
        }
    }

    private void setStep(String id, String title, StepState s, String detail) {
        Integer i = stepIndex.get(id);
        if (i == null) { // a step the plan did not name (e.g. the run's own recovery): listed where it happens
            stepIndex.put(id, steps.size());
            steps.add(new StepRow(id, title == null ? id : title, siteDown.get(), s, detail));
            return;
        }
        steps.set(i, steps.get(i).with(s, detail));
    }

    private String stamp(Instant at, String line) {
        long second = at.getEpochSecond();
        if (second != stampSecond) {
            stampSecond = second;
            stampText = clock.format(at) + "  ";
        }
        return stampText + line;
    }

    /** Appends to a source's log (bounded; see {@link LogViewModel}). */
    void log(String source, List<String> add) {
        logs.append(source, add);
    }

    /** The clock moved on: the elapsed time and, while the site is down, the downtime clock. */
    public void tick(Instant now) {
        if (startedAt != null && running.get()) {
            elapsedText.set("Running for " + clockText(Duration.between(startedAt, now)));
        }
        if (downSince != null) {
            downtimeText.set("Site down for " + clockText(Duration.between(downSince, now)));
        }
    }

    private void updateOverall() {
        if (steps.isEmpty()) {
            overallProgress.set(0);
            overallText.set("");
            return;
        }
        double done = 0;
        int finishedSteps = 0;
        for (StepRow r : steps) {
            if (r.state() == StepState.DONE || r.state() == StepState.SKIPPED || r.state() == StepState.FAILED) {
                done += 1;
                finishedSteps++;
            } else if (r.state() == StepState.RUNNING && currentProgress.get() > 0) {
                done += currentProgress.get();
            }
        }
        overallProgress.set(done / steps.size());
        overallText.set(finishedSteps + " of " + steps.size() + " steps done");
    }

    private void updateCancelText() {
        if (state.get() != RunState.RUNNING) {
            cancelText.set("");
        } else if (siteDown.get()) {
            cancelText.set("Cancel stops the backup and starts the stopped containers again before it ends:"
                    + " the site comes back up.");
        } else if (downtime != null) {
            cancelText.set("Cancel stops the backup. The site is already up again; the snapshot stays incomplete"
                    + " and the next run finishes it.");
        } else {
            cancelText.set(
                    "Cancel stops the backup now. Nothing on the server has been stopped: the site stays" + " up.");
        }
    }

    /** Cancel was pressed: the engine is asked to stop and brings the site back up first. */
    public void cancelRequested() {
        if (state.get() != RunState.RUNNING) {
            return;
        }
        state.set(RunState.CANCELLING);
        message.set(siteDown.get() ? "Cancelling: starting the stopped containers again …" : "Cancelling …");
        updateCancelText();
    }

    /** The run ended well. */
    public void succeeded(BackupWorkflow.Result r, Instant now) {
        result = r;
        finish(RunState.SUCCEEDED, now);
        message.set("Backup complete: " + r.snapshot());
    }

    /** The run stopped with an error; {@code why} is for people. */
    public void failed(String why, Instant now) {
        finish(RunState.FAILED, now);
        message.set("The backup failed: " + why + siteAfter());
    }

    /** The run stopped because the user cancelled it. */
    public void cancelled(Instant now) {
        finish(RunState.CANCELLED, now);
        message.set("Backup cancelled." + siteAfter());
    }

    private String siteAfter() {
        if (downtime != null) {
            return healthy
                    ? " The site is up again."
                    : " The containers were started again, but the site's health" + " check did not pass: look at it.";
        }
        return " Nothing was stopped on the server.";
    }

    private void finish(RunState s, Instant now) {
        tick(now);
        if (startedAt != null) {
            elapsedText.set("Took " + clockText(Duration.between(startedAt, now)));
        }
        state.set(s);
        runningStep = null;
        if (s == RunState.SUCCEEDED) {
            currentProgress.set(1);
            overallProgress.set(1);
        }
        eta.set("");
        updateCancelText();
    }

    /** "Site was down 4.2 s" and whether its health check passed. */
    static String downtimeEndedText(Duration d, boolean healthy) {
        return "Site was down " + String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                + (healthy ? "; it is up again." : "; its health check did not pass in time.");
    }

    /** A duration as a clock: {@code 0:07}, {@code 12:05}, {@code 1:02:03}. */
    public static String clockText(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The time left in words: {@code about 12 s left}, {@code about 3 min 5 s left}; empty when unknown. */
    public static String etaText(OptionalLong etaMillis) {
        if (etaMillis.isEmpty()) {
            return "";
        }
        long s = Math.round(etaMillis.getAsLong() / 1000.0);
        if (s < 1) {
            return "almost done";
        }
        if (s < 60) {
            return "about " + s + " s left";
        }
        if (s < 3600) {
            return "about " + s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s") + " left";
        }
        return "about " + s / 3600 + " h " + s / 60 % 60 + " min left";
    }

    /** E.g. {@code 120 MB of 1.2 GB} or {@code 3 of 7}. */
    static String progressText(WorkflowEvent.Progress p) {
        if (p.unit() == WorkflowEvent.Unit.BYTES) {
            return ByteSizes.human(p.done())
                    + (p.total().isPresent()
                            ? " of " + ByteSizes.human(p.total().getAsLong())
                            : "");
        }
        return p.done() + (p.total().isPresent() ? " of " + p.total().getAsLong() : "");
    }

    /** A log source for people: {@code papermerge (container)}, {@code dump:pg (step)}, {@code Run}. */
    public static String sourceLabel(String source) {
        if (source == null) {
            return "";
        }
        if (source.equals(RUN_SOURCE)) {
            return "Run (steps and warnings)";
        }
        if (source.startsWith("container:")) {
            return source.substring("container:".length()) + " (container)";
        }
        if (source.startsWith("step:")) {
            return "step " + source.substring("step:".length());
        }
        return source;
    }

    /** A log source in few words, for the chooser's closed state: {@code papermerge}, {@code step dump:pg}, {@code Run}. */
    public static String shortSourceLabel(String source) {
        if (source == null) {
            return "";
        }
        if (source.equals(RUN_SOURCE)) {
            return "Run";
        }
        if (source.startsWith("container:")) {
            return source.substring("container:".length());
        }
        return sourceLabel(source);
    }

    /** The lines of one source (a copy), or null when it has none yet. */
    public List<String> linesOf(String source) {
        return logs.linesOf(source);
    }

    public long linesDropped() {
        return logs.linesDropped();
    }

    /** The log pane: sources, shown lines, filter, follow and pause, search, copy. */
    public LogViewModel logs() {
        return logs;
    }

    public BackupWorkflow.Result result() {
        return result;
    }

    public ZoneId zone() {
        return zone;
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public DoubleProperty overallProgressProperty() {
        return overallProgress;
    }

    public StringProperty overallTextProperty() {
        return overallText;
    }

    public StringProperty currentStepProperty() {
        return currentStep;
    }

    public DoubleProperty currentProgressProperty() {
        return currentProgress;
    }

    public StringProperty currentDetailProperty() {
        return currentDetail;
    }

    public StringProperty etaProperty() {
        return eta;
    }

    public BooleanProperty siteDownProperty() {
        return siteDown;
    }

    public StringProperty downtimeTextProperty() {
        return downtimeText;
    }

    public StringProperty elapsedTextProperty() {
        return elapsedText;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty cancelTextProperty() {
        return cancelText;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    public ObservableList<String> sources() {
        return logs.sources();
    }

    public ObjectProperty<String> selectedSourceProperty() {
        return logs.selectedSourceProperty();
    }

    public StringProperty filterProperty() {
        return logs.filterProperty();
    }

    public BooleanBinding runningProperty() {
        return running;
    }

    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    public BooleanBinding finishedProperty() {
        return finished;
    }
}
