package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The Schedules view, bound to its {@link SchedulesViewModel}: every schedule with its next run, last result and last
 * drill; Run now, Pause or Resume, Remove; and the chart of the chosen schedule's last runs. Every engine call runs
 * off the FX thread.
 */
public final class SchedulesController implements WizardPage {
    /** The button of the question before a schedule is removed; tests look it up by this text. */
    public static final String REMOVE_BUTTON = "Remove the schedule";

    private final SchedulesViewModel vm;
    private final ScheduleService service;
    private final Launch launch;
    private Runnable onDone = () -> {};
    private Consumer<List<ScheduleStatus>> onStatus = s -> {};
    private Task<?> reading;

    @FXML
    private VBox root;

    @FXML
    private TableView<ScheduleRow> scheduleTable;

    @FXML
    private TableColumn<ScheduleRow, ScheduleRow> stateColumn;

    @FXML
    private TableColumn<ScheduleRow, ScheduleRow> nameColumn;

    @FXML
    private TableColumn<ScheduleRow, String> runsColumn;

    @FXML
    private TableColumn<ScheduleRow, String> nextColumn;

    @FXML
    private TableColumn<ScheduleRow, String> lastBackupColumn;

    @FXML
    private TableColumn<ScheduleRow, String> lastDrillColumn;

    @FXML
    private Button runButton;

    @FXML
    private Button drillButton;

    @FXML
    private Button pauseButton;

    @FXML
    private Button removeButton;

    @FXML
    private ProgressIndicator busyIndicator;

    @FXML
    private Label messageLabel;

    @FXML
    private VBox problemBox;

    @FXML
    private VBox problemList;

    @FXML
    private Label chartTitle;

    @FXML
    private RunChart runChart;

    @FXML
    private Label chartCaption;

    public SchedulesController(SchedulesViewModel vm, ScheduleService service, Launch launch) {
        this.vm = vm;
        this.service = service;
        this.launch = launch;
    }

    @FXML
    private void initialize() {
        scheduleTable.setItems(vm.rows());
        stateColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        stateColumn.setCellFactory(c -> new StateCell());
        nameColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        nameColumn.setCellFactory(c -> new NameCell());
        runsColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().runs()));
        nextColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().next()));
        lastBackupColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().lastBackup()));
        lastDrillColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().lastDrill()));
        Label empty = new Label();
        empty.textProperty().bind(vm.placeholderProperty());
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        scheduleTable.setPlaceholder(empty);
        scheduleTable.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !vm.updating()) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> {
            if (now != null && scheduleTable.getSelectionModel().getSelectedItem() != now) {
                scheduleTable.getSelectionModel().select(now);
            }
            showProblems(now);
            if (now != null && (old == null || !old.name().equals(now.name()) || old.status() != now.status())) {
                readRuns(now.name());
            }
        });
        runButton.disableProperty().bind(vm.canActProperty().not());
        drillButton.disableProperty().bind(vm.canDrillProperty().not());
        pauseButton.disableProperty().bind(vm.canActProperty().not());
        pauseButton.textProperty().bind(vm.pauseLabelProperty());
        removeButton.disableProperty().bind(vm.canActProperty().not());
        busyIndicator.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.busy()));
        busyIndicator.managedProperty().bind(busyIndicator.visibleProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        vm.messageBadProperty().addListener((obs, old, bad) -> {
            messageLabel.getStyleClass().remove("error-text");
            if (bad) {
                messageLabel.getStyleClass().add("error-text");
            }
        });
        chartTitle.textProperty().bind(vm.chartTitleProperty());
        vm.chartProperty().addListener((obs, old, m) -> {
            runChart.setVisible(m != null);
            chartCaption.setText(m == null ? "" : m.caption());
            if (m != null) {
                runChart.show(m);
            }
        });
        runChart.setVisible(false);
        showProblems(null);
    }

    private void showProblems(ScheduleRow r) {
        List<String> problems = r == null ? List.of() : r.problems();
        problemList
                .getChildren()
                .setAll(problems.stream()
                        .map(p -> {
                            Label l = new Label(p);
                            l.setWrapText(true);
                            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                            l.getStyleClass().add("error-message");
                            return l;
                        })
                        .toList());
        problemBox.setVisible(!problems.isEmpty());
        problemBox.setManaged(problemBox.isVisible());
    }

    /** Reads every schedule's status again, off the FX thread; a read already under way is left to finish. */
    public void refresh() {
        if (reading != null && reading.isRunning()) {
            return;
        }
        reading = FxTasks.run(
                service::status,
                statuses -> {
                    vm.statusRead(statuses, Instant.now());
                    onStatus.accept(statuses);
                },
                err -> vm.statusFailed(Messages.of(err)));
    }

    /** Chooses the schedule of that name, once the rows are read. */
    public void select(String name) {
        vm.select(name);
    }

    private void readRuns(String name) {
        FxTasks.run(
                () -> service.runs(name), runs -> vm.runsRead(name, runs), err -> vm.failed(name, Messages.of(err)));
    }

    /** Receives every schedule's status each time it is read (for the sidebar and the Summary's offer). */
    public void onStatus(Consumer<List<ScheduleStatus>> then) {
        this.onStatus = then;
    }

    /** What Done does, e.g. go back to where the user came from. */
    public void onDone(Runnable then) {
        this.onDone = then;
    }

    @FXML
    private void onRunBackup() {
        runNow(Schedule.Kind.BACKUP);
    }

    @FXML
    private void onRunDrill() {
        runNow(Schedule.Kind.DRILL);
    }

    private void runNow(Schedule.Kind kind) {
        ScheduleRow r = vm.selectedProperty().get();
        if (r == null || !vm.canActProperty().get()) {
            return;
        }
        String name = r.name();
        vm.runStarted(name, kind);
        FxTasks.run(
                () -> service.runNow(name, kind, launch),
                record -> {
                    vm.runEnded(name, record);
                    refresh();
                },
                err -> {
                    vm.runFailed(name, Messages.of(err));
                    refresh();
                });
    }

    @FXML
    private void onPause() {
        ScheduleRow r = vm.selectedProperty().get();
        if (r == null || !vm.canActProperty().get()) {
            return;
        }
        String name = r.name();
        boolean pause = !r.status().schedule().paused();
        vm.working(name, (pause ? "Pausing " : "Resuming ") + name + " …");
        FxTasks.run(
                () -> service.pause(name, pause, launch),
                s -> {
                    vm.paused(name, s.paused());
                    refresh();
                },
                err -> vm.failed(name, "Could not " + (pause ? "pause " : "resume ") + name + ": " + Messages.of(err)));
    }

    @FXML
    private void onRemove() {
        ScheduleRow r = vm.selectedProperty().get();
        if (r == null || !vm.canActProperty().get() || !confirmRemove(r)) {
            return;
        }
        String name = r.name();
        vm.working(name, "Removing " + name + " …");
        FxTasks.run(
                () -> service.remove(name),
                removed -> {
                    vm.removed(name);
                    refresh();
                },
                err -> vm.failed(name, "Could not remove " + name + ": " + Messages.of(err)));
    }

    private boolean confirmRemove(ScheduleRow r) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle("Remove a schedule");
        alert.setHeaderText("Remove the schedule " + r.name() + "?");
        Label text = new Label("Its timers (or crontab lines), the secrets kept for its runs and the records of its"
                + " runs are removed: " + r.application() + " is no longer backed up unattended. Its snapshots stay"
                + " in the store.");
        text.setWrapText(true);
        text.setPrefWidth(440);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        ButtonType remove = new ButtonType(REMOVE_BUTTON, ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep it", ButtonBar.ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(keep, remove);
        return alert.showAndWait().filter(b -> b == remove).isPresent();
    }

    public SchedulesViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.SCHEDULES;
    }

    @Override
    public String title() {
        return "Schedules";
    }

    @Override
    public String subtitle() {
        return "Backups and drills this computer's scheduler runs unattended, whether or not Lifeboat is open.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return new javafx.beans.property.SimpleBooleanProperty(true);
    }

    @Override
    public ObservableStringValue nextLabel() {
        return new ReadOnlyStringWrapper("Done");
    }

    @Override
    public String next() {
        onDone.run();
        return "";
    }

    /** The state as a dot of its colour and a word. */
    private static final class StateCell extends TableCell<ScheduleRow, ScheduleRow> {
        @Override
        protected void updateItem(ScheduleRow r, boolean empty) {
            super.updateItem(r, empty);
            setText(null);
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            Circle dot = new Circle(5);
            dot.getStyleClass().addAll("schedule-dot", "tone-" + r.tone());
            Label word = new Label(r.state());
            word.getStyleClass().addAll("schedule-state", "tone-" + r.tone());
            HBox box = new HBox(6, dot, word);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setGraphic(box);
        }
    }

    /** A value's first line, and the rest (when) smaller under it. */
    private static final class TwoLineCell extends TableCell<ScheduleRow, String> {
        @Override
        protected void updateItem(String v, boolean empty) {
            super.updateItem(v, empty);
            setText(null);
            if (empty || v == null) {
                setGraphic(null);
                return;
            }
            String[] lines = v.split("\n", 2);
            Label first = new Label(lines[0]);
            first.getStyleClass().add("cell-first");
            first.setMinWidth(0);
            if (lines[0].equals("FAILED") || lines[0].equals("did NOT pass")) {
                first.getStyleClass().add("error-text");
            }
            VBox box = new VBox(1, first);
            if (lines.length > 1) {
                Label rest = new Label(lines[1]);
                rest.getStyleClass().add("cell-second");
                box.getChildren().add(rest);
            }
            setGraphic(box);
        }
    }

    /** The schedule's name over its server and application. */
    private static final class NameCell extends TableCell<ScheduleRow, ScheduleRow> {
        @Override
        protected void updateItem(ScheduleRow r, boolean empty) {
            super.updateItem(r, empty);
            setText(null);
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(r.name());
            name.getStyleClass().add("profile-name");
            Label app = new Label(r.application());
            app.getStyleClass().add("profile-address");
            setGraphic(new VBox(1, name, app));
        }
    }
}
