package dev.lifeboat.ui.run;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.progress.EventText;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.engine.workflow.UpgradeWorkflow;
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
    private final Map<String, List<Integer>> stepIndex = new HashMap<>();
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

    private final StringProperty cancelButtonText = new SimpleStringProperty("Cancel backup");
    private final BooleanProperty good = new SimpleBooleanProperty(true);

    private RunKind kind = RunKind.BACKUP;
    private Instant startedAt;
    private Instant downSince;
    private Duration downtime;
    private boolean healthy = true;
    /** An upgrade's live part has begun. */
    private boolean live;

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

    /** A backup of {@code plan} starts at {@code now}: every planned step is pending. */
    public void start(BackupPlan plan, Instant now) {
        start(RunKind.BACKUP, plan.stack().displayName(), plan.steps(), now);
    }

    /**
     * A run of {@code kind} on {@code subject} starts at {@code now}: every planned step (the workflow's own list) is
     * pending; a step the run names besides is added where it happens.
     */
    public void start(RunKind k, String subject, List<PlannedStep> planned, Instant now) {
        kind = k;
        state.set(RunState.RUNNING);
        startedAt = now;
        downSince = null;
        downtime = null;
        healthy = true;
        live = false;
        runningStep = null;
        result = null;
        steps.clear();
        stepIndex.clear();
        for (PlannedStep s : planned) {
            stepIndex.computeIfAbsent(s.id(), x -> new ArrayList<>()).add(steps.size());
            steps.add(new StepRow(s.id(), s.title(), s.siteDown(), StepState.PENDING, ""));
        }
        logs.clear();
        warnings.clear();
        log(RUN_SOURCE, List.of());
        logs.selectedSourceProperty().set(RUN_SOURCE);
        siteDown.set(false);
        good.set(true);
        cancelButtonText.set("Cancel " + k.noun());
        downtimeText.set(k == RunKind.DRILL ? "The live site is not touched." : "The site is up.");
        currentStep.set("");
        currentProgress.set(0);
        currentDetail.set("");
        eta.set("");
        message.set(k.running(subject));
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
                if (kind == RunKind.UPGRADE && s.step().startsWith(UpgradeWorkflow.LIVE)) {
                    live = true; // the live site is being upgraded: a cancel or a failure now rolls back
                }
                if (kind == RunKind.RESTORE && s.step().equals("stop") && downSince == null && downtime == null) {
                    siteWentDown(s.at()); // a restore says no downtime events: its stop step is where the site goes
                }
                setStep(s.step(), s.title(), StepState.RUNNING, "");
                runningStep = s.step();
                currentStep.set(s.title());
                currentProgress.set(-1);
                currentDetail.set("");
                eta.set("");
            } else if (e instanceof WorkflowEvent.StepFinished s) {
                setStep(s.step(), null, StepState.DONE, stepSummary(s));
                endCurrent(s.step());
                if (kind == RunKind.RESTORE && s.step().equals("health") && downSince != null) {
                    siteCameUp(s.at(), true);
                }
            } else if (e instanceof WorkflowEvent.StepFailed s) {
                setStep(s.step(), null, StepState.FAILED, s.message());
                endCurrent(s.step());
                if (kind == RunKind.RESTORE && s.step().equals("health") && downSince != null) {
                    siteCameUp(s.at(), false);
                }
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
                siteWentDown(d.at());
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

    private void siteWentDown(Instant at) {
        downSince = at;
        siteDown.set(true);
    }

    private void siteCameUp(Instant at, boolean passed) {
        downtime = Duration.between(downSince, at);
        healthy = passed;
        downSince = null;
        siteDown.set(false);
        downtimeText.set(downtimeEndedText(downtime, healthy));
    }

    private void setStep(String id, String title, StepState s, String detail) {
        Integer i = rowFor(id, s);
        if (i == null) { // a step the plan did not name (e.g. the run's own recovery): listed where it happens
            stepIndex.computeIfAbsent(id, x -> new ArrayList<>()).add(steps.size());
            steps.add(new StepRow(id, title == null ? id : title, siteDown.get(), s, detail));
            return;
        }
        steps.set(i, steps.get(i).with(s, detail));
    }

    /**
     * The row an event of step {@code id} is about: a start or a skip takes the first pending row of that id; an end
     * the running one, else the first pending one. Null when there is none: the step is new.
     */
    private Integer rowFor(String id, StepState now) {
        List<Integer> rows = stepIndex.get(id);
        if (rows == null) {
            return null;
        }
        if (now != StepState.RUNNING && now != StepState.SKIPPED) {
            for (int i : rows) {
                if (steps.get(i).state() == StepState.RUNNING) {
                    return i;
                }
            }
        }
        for (int i : rows) {
            if (steps.get(i).state() == StepState.PENDING) {
                return i;
            }
        }
        return now == StepState.RUNNING || now == StepState.SKIPPED ? null : rows.get(rows.size() - 1);
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
            return;
        }
        cancelText.set(
                switch (kind) {
                    case BACKUP -> siteDown.get()
                            ? "Cancel stops the backup and starts the stopped containers again before it ends:"
                                    + " the site comes back up."
                            : downtime != null
                                    ? "Cancel stops the backup. The site is already up again; the snapshot stays"
                                            + " incomplete and the next run finishes it."
                                    : "Cancel stops the backup now. Nothing on the server has been stopped: the site"
                                            + " stays up.";
                    case RESTORE -> siteDown.get()
                            ? "Cancel stops the restore here: the application stays stopped until this snapshot is"
                                    + " restored again."
                            : downtime != null
                                    ? "Cancel stops the restore's last checks. The application already runs again."
                                    : "Cancel stops the restore now. Nothing has been stopped yet: the site stays up.";
                    case DRILL -> "Cancel stops the drill and removes its copy. The live site is not touched.";
                    case UPGRADE -> live
                            ? "Cancel stops the upgrade and rolls back: the previous version's files and the snapshot"
                                    + " taken with the site stopped go back, the site starts as it was."
                            : siteDown.get()
                                    ? "Cancel stops the upgrade and starts the stopped containers again: the site"
                                            + " comes back up with its version."
                                    : "Cancel stops the upgrade before the live site is upgraded; the rehearsal's"
                                            + " copy is removed.";
                    case MIGRATION -> siteDown.get()
                            ? "Cancel stops the migration and starts the old server's application again; the new"
                                    + " server keeps a partial copy."
                            : downtime != null
                                    ? "The site already runs on the new server; Cancel stops what is left."
                                    : "Cancel stops the migration now. Nothing has been stopped: the site stays up on"
                                            + " the old server.";
                });
    }

    /** Cancel was pressed: the engine is asked to stop and brings the site back up first. */
    public void cancelRequested() {
        if (state.get() != RunState.RUNNING) {
            return;
        }
        state.set(RunState.CANCELLING);
        message.set(
                switch (kind) {
                    case UPGRADE -> live
                            ? "Cancelling: rolling back to the previous version …"
                            : siteDown.get() ? "Cancelling: starting the stopped containers again …" : "Cancelling …";
                    case BACKUP, MIGRATION -> siteDown.get()
                            ? "Cancelling: starting the stopped containers again …"
                            : "Cancelling …";
                    case RESTORE -> "Cancelling: the restore stops after the command that runs now …";
                    case DRILL -> "Cancelling: removing the drill's copy …";
                });
        updateCancelText();
    }

    /** The backup ended well. */
    public void succeeded(BackupWorkflow.Result r, Instant now) {
        succeeded("Backup complete: " + r.snapshot(), true, now);
        result = r;
    }

    /**
     * The run returned a result: the Summary may be shown.
     *
     * @param good whether it is good news (a restore whose counts differ or a failed drill is not)
     */
    public void succeeded(String text, boolean isGood, Instant now) {
        result = null;
        finish(RunState.SUCCEEDED, now);
        good.set(isGood);
        message.set(text);
    }

    /** The run stopped with an error; {@code why} is for people. */
    public void failed(String why, Instant now) {
        String after = siteAfter();
        finish(RunState.FAILED, now);
        good.set(false);
        message.set((kind == RunKind.DRILL ? "The drill could not run: " : "The " + kind.noun() + " failed: ")
                + why
                + after);
    }

    /** The run stopped because the user cancelled it. */
    public void cancelled(Instant now) {
        cancelled(kind.capitalized() + " cancelled.", now);
    }

    /** The run stopped because the user cancelled it; {@code text} says what became of it. */
    public void cancelled(String text, Instant now) {
        String after = siteAfter();
        finish(RunState.CANCELLED, now);
        message.set(text + after);
    }

    private String siteAfter() {
        switch (kind) {
            case DRILL:
                return " The live site was not touched.";
            case RESTORE:
                if (siteDown.get()) {
                    return " The application stays stopped: restoring this snapshot again finishes the job (its"
                            + " old database folders are kept aside until a restore passes).";
                }
                if (downtime != null) {
                    return healthy
                            ? " The application runs again."
                            : " The application was started, but its health check did not pass: look at it.";
                }
                return " Nothing was stopped on the server.";
            case MIGRATION:
                if (siteDown.get()) {
                    return " The application was started again on the old server: check that the site answers.";
                }
                break;
            default:
                break;
        }
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
        for (int i = 0; i < steps.size(); i++) { // what never started will not now
            if (steps.get(i).state() == StepState.PENDING) {
                steps.set(i, steps.get(i).with(StepState.SKIPPED, "not run"));
            } else if (steps.get(i).state() == StepState.RUNNING && s != RunState.SUCCEEDED) {
                steps.set(i, steps.get(i).with(StepState.FAILED, s == RunState.CANCELLED ? "cancelled" : "stopped"));
            }
        }
        if (downSince != null && s != RunState.SUCCEEDED) {
            String was = "Site was down " + clockText(Duration.between(downSince, now));
            if (kind == RunKind.MIGRATION) { // the workflow starts the old server again before it reports the error
                downSince = null;
                siteDown.set(false);
                downtimeText.set(was + "; started again on the old server.");
            } else if (kind == RunKind.RESTORE) {
                downSince = null;
                downtimeText.set("The site is down: the restore stopped it.");
            }
        }
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

    /** The backup's result once it succeeded; null for other kinds and before. */
    public BackupWorkflow.Result result() {
        return result;
    }

    /** What runs, or ran last. */
    public RunKind kind() {
        return kind;
    }

    /** The Cancel button's text, e.g. {@code Cancel restore}. */
    public StringProperty cancelButtonTextProperty() {
        return cancelButtonText;
    }

    /** False when the run ended in an error or a result that is not what was wanted. */
    public BooleanProperty goodProperty() {
        return good;
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
