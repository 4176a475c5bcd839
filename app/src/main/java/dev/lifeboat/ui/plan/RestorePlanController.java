package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.plan.RestorePlanViewModel.StepRow;
import dev.lifeboat.ui.restore.RestoreEngine;
import dev.lifeboat.ui.restore.RestorePlan;
import dev.lifeboat.ui.restore.RestoreRequest;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Binds the Plan page of a restore, drill or migration to its {@link RestorePlanViewModel}; reads the plan off the FX
 * thread. Start is a deliberate click.
 */
public final class RestorePlanController implements WizardPage {
    private final RestorePlanViewModel vm;
    private RestoreEngine engine;
    private Task<RestorePlan> planning;
    private BiConsumer<RestoreEngine, RestorePlan> onStart = (e, p) -> {};

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
    private Label errorTitle;

    @FXML
    private Label errorLabel;

    @FXML
    private HBox planBody;

    @FXML
    private Label targetLabel;

    @FXML
    private Label snapshotLabel;

    @FXML
    private Label siteLabel;

    @FXML
    private ListView<String> overwrittenList;

    @FXML
    private CheckBox confirmCheck;

    @FXML
    private VBox settingsBox;

    @FXML
    private ListView<String> settingsList;

    @FXML
    private Label settingsNoteLabel;

    @FXML
    private VBox warningBox;

    @FXML
    private ListView<String> warningList;

    @FXML
    private ListView<StepRow> restoreStepList;

    public RestorePlanController(RestorePlanViewModel vm) {
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
        errorTitle
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "The "
                                + vm.kindProperty()
                                        .get()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace("migrate", "migration")
                                + " cannot run",
                        vm.kindProperty()));
        errorLabel.textProperty().bind(vm.errorProperty());
        errorBox.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        planBody.visibleProperty().bind(vm.stateProperty().isEqualTo(PlanViewModel.State.READY));
        planBody.managedProperty().bind(planBody.visibleProperty());
        targetLabel.textProperty().bind(vm.targetProperty());
        snapshotLabel.textProperty().bind(vm.snapshotProperty());
        siteLabel.textProperty().bind(vm.siteProperty());
        overwrittenList.setItems(vm.overwritten());
        overwrittenList.setCellFactory(l -> new WrappingCell());
        confirmCheck.textProperty().bind(vm.confirmTextProperty());
        confirmCheck.selectedProperty().bindBidirectional(vm.confirmedProperty());
        confirmCheck.visibleProperty().bind(vm.needsConfirmProperty());
        confirmCheck.managedProperty().bind(confirmCheck.visibleProperty());
        settingsList.setItems(vm.settings());
        settingsList.setCellFactory(l -> new WrappingCell());
        settingsList.visibleProperty().bind(Bindings.isNotEmpty(vm.settings()));
        settingsList.managedProperty().bind(settingsList.visibleProperty());
        settingsNoteLabel.textProperty().bind(vm.settingsNoteProperty());
        settingsBox.visibleProperty().bind(vm.kindProperty().isEqualTo(RestoreRequest.Kind.MIGRATE));
        settingsBox.managedProperty().bind(settingsBox.visibleProperty());
        warningList.setItems(vm.warnings());
        warningList.setCellFactory(l -> new WrappingCell());
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
        restoreStepList.setItems(vm.steps());
        restoreStepList.setCellFactory(l -> new StepCell());
    }

    /** Reads what {@code r} will do, in the background. */
    public void plan(RestoreEngine e, RestoreRequest r) {
        cancel();
        engine = e;
        vm.planning(r, e.where());
        planning = FxTasks.run(() -> e.plan(r), vm::show, err -> vm.refused(message(err)));
    }

    /** What Start does: receives the engine and the plan to run. */
    public void onStart(BiConsumer<RestoreEngine, RestorePlan> then) {
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

    public RestorePlanViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.PLAN;
    }

    @Override
    public String title() {
        return vm.title();
    }

    @Override
    public String subtitle() {
        return switch (vm.kindProperty().get()) {
            case DRILL -> "Every step, in order, before anything changes. The live site keeps running.";
            case MIGRATE -> "Every step on both servers, in order, before anything changes. Steps marked \"site down\""
                    + " run while the application is stopped.";
            case RESTORE -> "Every step, in order, before anything changes. Steps marked \"site down\" run while the"
                    + " application is stopped.";
        };
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
        return Bindings.createStringBinding(vm::startLabel, vm.kindProperty());
    }

    @Override
    public String next() {
        RestorePlan p = vm.planToStart();
        if (p == null || engine == null || !vm.canStartProperty().get()) {
            return "";
        }
        onStart.accept(engine, p);
        return "";
    }

    /** A step: its number, its server (a migration), a "site down" badge, its title and what exactly it does. */
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
            head.setAlignment(Pos.CENTER_LEFT);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            head.getChildren().add(gap);
            if (!row.server().isEmpty()) {
                Label server = new Label(row.server());
                server.getStyleClass().add("server-chip");
                server.setMinWidth(Region.USE_PREF_SIZE);
                head.getChildren().add(server);
            }
            if (row.siteDown()) {
                Label down = new Label("site down");
                down.getStyleClass().addAll("badge", "badge-down");
                down.setMinWidth(Region.USE_PREF_SIZE);
                head.getChildren().add(down);
            }
            VBox box = new VBox(2, head);
            if (!row.detail().isEmpty()) {
                Label detail = new Label(row.detail());
                detail.getStyleClass().add("plan-commands");
                detail.setWrapText(true);
                box.getChildren().add(detail);
            }
            getStyleClass().remove("in-downtime");
            if (row.siteDown()) {
                getStyleClass().add("in-downtime");
            }
            setGraphic(box);
        }
    }

    /** A line that wraps instead of scrolling sideways. */
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
