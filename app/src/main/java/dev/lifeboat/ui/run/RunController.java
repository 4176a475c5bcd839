package dev.lifeboat.ui.run;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.ui.common.EventQueue;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.GraphicCell;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.run.RunViewModel.StepRow;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import javafx.util.Duration;

/**
 * Binds the Run page to its {@link RunViewModel}. The engine runs on a worker; its events are queued by an {@link
 * EventQueue} and drained onto the page every {@link #DRAIN_MILLIS} ms, never one FX call per event.
 */
public final class RunController implements WizardPage {
    /** How often queued engine events are moved to the page. */
    public static final long DRAIN_MILLIS = 80;

    /** Events applied per drain at most, so that one drain never holds the FX thread long. */
    static final int MAX_EVENTS_PER_DRAIN = 20_000;

    /** The Close button of the "a backup is running" question; tests look it up by this text. */
    public static final String CLOSE_ANYWAY = "Cancel the backup and close";

    /** The Close button of the question while a run of {@code kind} runs. */
    public static String closeAnyway(RunKind kind) {
        return "Cancel the " + kind.noun() + " and close";
    }

    private final RunViewModel vm;
    private final Clock clock;
    private Consumer<BackupWorkflow.Result> onSummary = r -> {};
    private Runnable toSummary;
    private EventQueue queue;
    private CancelToken token;
    private Timeline drain;
    private Window window;
    private boolean closeWhenDone;
    private final EventHandler<WindowEvent> closeGuard = this::onCloseRequest;

    @FXML
    private VBox root;

    @FXML
    private ProgressBar overallBar;

    @FXML
    private Label overallLabel;

    @FXML
    private Label elapsedLabel;

    @FXML
    private Label downtimeLabel;

    @FXML
    private Label currentStepLabel;

    @FXML
    private ProgressBar stepBar;

    @FXML
    private Label stepDetailLabel;

    @FXML
    private Label etaLabel;

    @FXML
    private ListView<StepRow> runStepList;

    @FXML
    private VBox logPane;

    @FXML
    private ComboBox<String> sourceChoice;

    @FXML
    private Label lineCountLabel;

    @FXML
    private ToggleButton followToggle;

    @FXML
    private ToggleButton pauseToggle;

    @FXML
    private Button copyLogButton;

    @FXML
    private TextField filterField;

    @FXML
    private TextField searchField;

    @FXML
    private Button findPreviousButton;

    @FXML
    private Button findNextButton;

    @FXML
    private Label matchLabel;

    @FXML
    private ListView<String> logView;

    @FXML
    private Button resumeButton;

    private LogPane log;

    @FXML
    private Label messageLabel;

    @FXML
    private Label cancelLabel;

    @FXML
    private Button cancelButton;

    public RunController(RunViewModel vm) {
        this(vm, Clock.systemUTC());
    }

    public RunController(RunViewModel vm, Clock clock) {
        this.vm = vm;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        overallBar.progressProperty().bind(vm.overallProgressProperty());
        overallLabel.textProperty().bind(vm.overallTextProperty());
        elapsedLabel.textProperty().bind(vm.elapsedTextProperty());
        downtimeLabel.textProperty().bind(vm.downtimeTextProperty());
        vm.siteDownProperty().addListener((obs, old, down) -> {
            downtimeLabel.getStyleClass().removeAll("site-down", "site-up");
            downtimeLabel.getStyleClass().add(down ? "site-down" : "site-up");
        });
        downtimeLabel.getStyleClass().add("site-up");
        currentStepLabel.textProperty().bind(vm.currentStepProperty());
        stepBar.progressProperty().bind(vm.currentProgressProperty());
        stepDetailLabel.textProperty().bind(vm.currentDetailProperty());
        etaLabel.textProperty().bind(vm.etaProperty());
        runStepList.setItems(vm.steps());
        runStepList.setCellFactory(l -> new StepCell());
        // A long run (a restore, a migration: 10 to 20 steps) keeps its running step in view.
        vm.currentStepProperty().addListener((obs, old, now) -> {
            for (int i = 0; i < vm.steps().size(); i++) {
                if (vm.steps().get(i).state() == RunViewModel.StepState.RUNNING) {
                    runStepList.scrollTo(Math.max(0, i - 2));
                    return;
                }
            }
        });
        // Picking a step shows its own log, when it has one.
        runStepList.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null && vm.sources().contains("step:" + row.id())) {
                vm.selectedSourceProperty().set("step:" + row.id());
            }
        });

        log = new LogPane(
                vm.logs(),
                new LogPane.Controls(
                        logPane,
                        sourceChoice,
                        lineCountLabel,
                        followToggle,
                        pauseToggle,
                        copyLogButton,
                        filterField,
                        searchField,
                        findPreviousButton,
                        findNextButton,
                        matchLabel,
                        logView,
                        resumeButton),
                RunViewModel::sourceLabel,
                RunViewModel::shortSourceLabel);

        messageLabel.textProperty().bind(vm.messageProperty());
        javafx.beans.InvalidationListener style = obs -> {
            messageLabel.getStyleClass().remove("error-text");
            RunViewModel.RunState now = vm.stateProperty().get();
            if (now == RunViewModel.RunState.FAILED
                    || now == RunViewModel.RunState.SUCCEEDED
                            && !vm.goodProperty().get()) {
                messageLabel.getStyleClass().add("error-text");
            }
        };
        vm.stateProperty().addListener(style);
        vm.goodProperty().addListener(style);
        cancelButton.textProperty().bind(vm.cancelButtonTextProperty());
        // The guard sits on whichever window shows the page; it asks only while a run runs.
        root.sceneProperty().addListener((obs, oldScene, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, oldWindow, w) -> guard(w));
                guard(scene.getWindow());
            }
        });
        cancelLabel.textProperty().bind(vm.cancelTextProperty());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        cancelButton.visibleProperty().bind(vm.runningProperty());
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
    }

    /** Starts the backup of {@code plan} on a worker and the drain timer; the window asks before it closes. */
    public void start(BackupService engine, BackupPlan plan) {
        start(
                new RunJob<BackupWorkflow.Result>() {
                    @Override
                    public RunKind kind() {
                        return RunKind.BACKUP;
                    }

                    @Override
                    public String subject() {
                        return plan.stack().displayName();
                    }

                    @Override
                    public List<dev.lifeboat.engine.steps.PlannedStep> steps() {
                        return List.of(); // start(BackupPlan) lists them
                    }

                    @Override
                    public BackupWorkflow.Result run(dev.lifeboat.engine.progress.ProgressListener l, CancelToken t)
                            throws EngineException {
                        return engine.run(plan, l, t);
                    }

                    @Override
                    public Ending ending(BackupWorkflow.Result r, boolean cancelled) {
                        return Ending.of("Backup complete: " + r.snapshot(), true);
                    }
                },
                now -> vm.start(plan, now),
                (r, now) -> vm.succeeded(r, now),
                r -> onSummary.accept(r));
    }

    /**
     * Starts {@code job} on a worker and the drain timer; the window asks before it closes. Once it has returned,
     * Next hands its result to {@code summary}.
     */
    public <R> void start(RunJob<R> job, Consumer<R> summary) {
        start(job, now -> vm.start(job.kind(), job.subject(), job.steps(), now), null, summary);
    }

    private <R> void start(
            RunJob<R> job,
            Consumer<java.time.Instant> begin,
            java.util.function.BiConsumer<R, java.time.Instant> done,
            Consumer<R> summary) {
        if (vm.runningProperty().get()) {
            return;
        }
        EventQueue q = new EventQueue();
        CancelToken t = new CancelToken();
        queue = q;
        token = t;
        toSummary = null;
        closeWhenDone = false;
        begin.accept(clock.instant());
        drain = new Timeline(new KeyFrame(Duration.millis(DRAIN_MILLIS), e -> drainNow()));
        drain.setCycleCount(Timeline.INDEFINITE);
        drain.play();
        FxTasks.run(
                () -> job.run(q, t),
                r -> {
                    ended();
                    RunJob.Ending end = job.ending(r, t.isCancelled());
                    if (end.cancelled()) {
                        vm.cancelled(end.message(), clock.instant());
                        return;
                    }
                    if (done != null) {
                        done.accept(r, clock.instant());
                    } else {
                        vm.succeeded(end.message(), end.good(), clock.instant());
                    }
                    toSummary = () -> summary.accept(r);
                },
                err -> {
                    ended();
                    if (err instanceof CancelledException || t.isCancelled()) {
                        vm.cancelled(clock.instant());
                    } else {
                        vm.failed(Messages.of(err), clock.instant());
                    }
                });
    }

    /** Moves what the engine queued to the page; called by the timer on the FX thread. */
    void drainNow() {
        if (queue != null) {
            List<WorkflowEvent> events = queue.drain(MAX_EVENTS_PER_DRAIN);
            if (!events.isEmpty()) {
                vm.apply(events);
            }
            vm.logs().skipped(queue.skippedLogLines());
        }
        vm.tick(clock.instant());
    }

    private void ended() {
        if (drain != null) {
            drain.stop();
        }
        while (queue != null && !queue.isEmpty()) {
            vm.apply(queue.drain(MAX_EVENTS_PER_DRAIN));
        }
        if (queue != null) {
            vm.logs().skipped(queue.skippedLogLines());
        }
        if (closeWhenDone && window != null) {
            window.hide();
        }
    }

    private void guard(Window w) {
        if (w != null && w != window) {
            if (window != null) {
                window.removeEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, closeGuard);
            }
            window = w;
            window.addEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, closeGuard);
        }
    }

    /** Closing during a run: ask first; if yes, cancel safely and close once the site is up again. */
    private void onCloseRequest(WindowEvent e) {
        if (!vm.runningProperty().get()
                || root.getScene() == null
                || root.getScene().getWindow() != window) {
            return; // not running, or this page is no longer what the window shows
        }
        e.consume();
        if (closeWhenDone) {
            return; // already asked: the window closes when the run has ended
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(window);
        RunKind kind = vm.kind();
        alert.setTitle("A " + kind.noun() + " is running");
        alert.setHeaderText("Stop the " + kind.noun() + " and close Lifeboat?");
        alert.setContentText(
                kind == RunKind.BACKUP
                        ? (vm.siteDownProperty().get()
                                ? "The site is down right now. Lifeboat starts its containers again first, then"
                                        + " closes."
                                : "The backup is cancelled first (nothing is left stopped), then Lifeboat closes.")
                        : vm.cancelTextProperty().get() + " Then Lifeboat closes.");
        alert.getDialogPane().getStylesheets().setAll(window.getScene().getStylesheets());
        ButtonType close = new ButtonType(closeAnyway(kind), ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep running", ButtonBar.ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(keep, close);
        alert.showAndWait().filter(b -> b == close).ifPresent(b -> {
            closeWhenDone = true;
            cancel();
        });
    }

    @FXML
    private void onCancel() {
        cancel();
    }

    /** Asks the engine to stop; it starts whatever it stopped before it ends. */
    public void cancel() {
        if (token != null && vm.canCancelProperty().get()) {
            vm.cancelRequested();
            CancelToken t = token;
            FxTasks.background(t::cancel); // its listeners may talk to the server: not on the FX thread
        }
    }

    /** What Next does once the run succeeded: receives its result. */
    public void onSummary(Consumer<BackupWorkflow.Result> then) {
        this.onSummary = then;
    }

    public RunViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.RUN;
    }

    @Override
    public String title() {
        return vm.kind().title();
    }

    @Override
    public String subtitle() {
        return switch (vm.kind()) {
            case BACKUP -> "Each step as it runs, and the logs of every container and step. Cancel is safe: the site"
                    + " is started again.";
            case RESTORE -> "Each step as it runs, and the logs of every container and step. Cancel says what it"
                    + " leaves behind.";
            case DRILL -> "The copy is restored, checked and removed beside the live site, which is not touched.";
            case MIGRATION -> "Each step as it runs, on both servers. Cancel is safe: the old server is started"
                    + " again.";
            case UPGRADE -> "The rehearsal on a copy, then the live site, each step as it runs. Cancel is safe: on the"
                    + " live site it rolls back.";
        };
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.finishedProperty();
    }

    @Override
    public ObservableBooleanValue canGoBack() {
        return vm.runningProperty().not();
    }

    @Override
    public ObservableStringValue nextLabel() {
        return new ReadOnlyStringWrapper("Summary");
    }

    @Override
    public String next() {
        if (toSummary != null && vm.finishedProperty().get()) {
            toSummary.run();
        }
        return "";
    }

    /** A step with its state icon, title, "site down" badge and what it did. */
    private static final class StepCell extends GraphicCell<StepRow> {
        @Override
        protected Node render(StepRow row) {
            Label icon = new Label(row.state().icon());
            icon.getStyleClass()
                    .addAll("step-icon", "step-" + row.state().name().toLowerCase(java.util.Locale.ROOT));
            Label title = new Label(row.title());
            title.getStyleClass().add("run-step-title");
            title.setWrapText(true);
            VBox text = new VBox(1, title);
            if (!row.detail().isEmpty()) {
                Label detail = new Label(row.detail());
                detail.getStyleClass().add("hint");
                detail.setMinWidth(0); // one line, ending in "…"; the whole text is the tooltip
                detail.setTooltip(new javafx.scene.control.Tooltip(row.detail()));
                text.getChildren().add(detail);
            }
            text.setMinWidth(0);
            HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
            HBox box = new HBox(8, icon, text);
            if (row.siteDown()) {
                box.getStyleClass().add("in-downtime");
            }
            return box;
        }
    }

    /** For tests: the log lines the view shows now. */
    List<String> shownLines() {
        return logView.getItems() == null ? List.of() : List.copyOf(logView.getItems());
    }

    /** For tests: the log pane's bindings. */
    LogPane logPane() {
        return log;
    }
}
