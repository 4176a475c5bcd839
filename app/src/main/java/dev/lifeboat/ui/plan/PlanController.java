package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.plan.PlanViewModel.StepRow;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Binds the Plan preview page to its {@link PlanViewModel}; plans off the FX thread. Start is a deliberate click. */
public final class PlanController implements WizardPage {
    private final PlanViewModel vm;
    private BackupService engine;
    private Task<BackupPlan> planning;
    private BiConsumer<BackupService, BackupPlan> onStart = (e, p) -> {};

    @FXML
    private VBox root;

    @FXML
    private HBox progressRow;

    @FXML
    private ProgressIndicator progress;

    @FXML
    private Label messageLabel;

    @FXML
    private Button cancelButton;

    @FXML
    private VBox errorBox;

    @FXML
    private Label errorLabel;

    @FXML
    private HBox planBody;

    @FXML
    private Label downtimeLabel;

    @FXML
    private Label spaceLabel;

    @FXML
    private Label basisLabel;

    @FXML
    private Label stopLabel;

    @FXML
    private Label startLabel;

    @FXML
    private Label keptUpLabel;

    @FXML
    private Label destinationLabel;

    @FXML
    private VBox warningBox;

    @FXML
    private ListView<String> warningList;

    @FXML
    private ListView<StepRow> planStepList;

    public PlanController(PlanViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(vm.messageProperty());
        progressRow.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        progressRow.managedProperty().bind(progressRow.visibleProperty());
        progress.visibleProperty().bind(vm.stateProperty().isEqualTo(PlanViewModel.State.PLANNING));
        progress.managedProperty().bind(progress.visibleProperty());
        cancelButton.visibleProperty().bind(progress.visibleProperty());
        cancelButton.managedProperty().bind(progress.visibleProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorBox.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        planBody.visibleProperty().bind(vm.stateProperty().isEqualTo(PlanViewModel.State.READY));
        planBody.managedProperty().bind(planBody.visibleProperty());
        downtimeLabel.textProperty().bind(vm.downtimeProperty());
        spaceLabel.textProperty().bind(vm.spaceProperty());
        basisLabel.textProperty().bind(vm.basisProperty());
        stopLabel.textProperty().bind(vm.stopOrderProperty());
        startLabel.textProperty().bind(vm.startOrderProperty());
        keptUpLabel.textProperty().bind(vm.keptUpProperty());
        destinationLabel.textProperty().bind(vm.destinationProperty());
        warningList.setItems(vm.warnings());
        warningList.setCellFactory(l -> new WrappingCell());
        warningBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
        planStepList.setItems(vm.steps());
        planStepList.setCellFactory(l -> new StepCell());
    }

    /** Plans a backup of {@code s} in the background. */
    public void plan(BackupService e, DetectedStack s) {
        cancel();
        engine = e;
        vm.planning(s, e.where());
        planning = FxTasks.run(() -> e.plan(s), vm::show, err -> vm.refused(message(err)));
    }

    /** What Start does: receives the engine and the plan to run. */
    public void onStart(BiConsumer<BackupService, BackupPlan> then) {
        this.onStart = then;
    }

    @FXML
    private void onCancel() {
        cancel();
    }

    private void cancel() {
        if (planning != null && planning.isRunning()) {
            planning.cancel();
            vm.cancelled();
        }
    }

    static String message(Throwable e) {
        return e instanceof EngineException && e.getMessage() != null ? e.getMessage() : String.valueOf(e);
    }

    public PlanViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.PLAN;
    }

    @Override
    public String title() {
        return "What the backup will do";
    }

    @Override
    public String subtitle() {
        return "Every step, in order, before anything changes. Steps marked \"site down\" run while the application"
                + " is stopped.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canStartProperty();
    }

    @Override
    public ObservableStringValue nextLabel() {
        return new ReadOnlyStringWrapper("Start backup");
    }

    @Override
    public String next() {
        BackupPlan p = vm.planProperty().get();
        if (p == null || engine == null || !vm.canStartProperty().get()) {
            return "";
        }
        onStart.accept(engine, p);
        return "";
    }

    /** A step: its number, a "site down" badge when it runs in the window, its title and its commands. */
    private static final class StepCell extends ListCell<StepRow> {
        @Override
        protected void updateItem(StepRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            setPrefWidth(0);
            Label number = new Label(String.valueOf(row.number()));
            number.getStyleClass().add("plan-step-number");
            Label title = new Label(row.title());
            title.getStyleClass().add("plan-step-title");
            title.setWrapText(true);
            HBox head = new HBox(8, number, title);
            head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            if (row.siteDown()) {
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                Label down = new Label("site down");
                down.getStyleClass().addAll("badge", "badge-down");
                down.setMinWidth(Region.USE_PREF_SIZE);
                head.getChildren().addAll(gap, down);
            }
            VBox box = new VBox(2, head);
            if (!row.commands().isEmpty()) {
                Label commands = new Label(row.commands());
                commands.getStyleClass().add("plan-commands");
                commands.setWrapText(true);
                box.getChildren().add(commands);
            }
            getStyleClass().remove("in-downtime");
            if (row.siteDown()) {
                getStyleClass().add("in-downtime");
            }
            setGraphic(box);
        }
    }

    /** A warning that wraps instead of scrolling sideways. */
    private static final class WrappingCell extends ListCell<String> {
        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            setText(null);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            setPrefWidth(0);
            Label l = new Label(s);
            l.setWrapText(true);
            setGraphic(l);
        }
    }
}
