package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.plan.RestorePlanViewModel.StepRow;
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
    private RestoreService engine;
    private Task<RestorePlan> planning;
    private BiConsumer<RestoreService, RestorePlan> onStart = (e, p) -> {};

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
    private javafx.scene.control.ScrollPane sidePane;

    @FXML
    private Label targetLabel;

    @FXML
    private Label snapshotLabel;

    @FXML
    private Label siteLabel;

    @FXML
    private VBox overwrittenLines;

    @FXML
    private CheckBox confirmCheck;

    @FXML
    private VBox settingsBox;

    @FXML
    private VBox settingsLines;

    @FXML
    private Label settingsNoteLabel;

    @FXML
    private VBox warningBox;

    @FXML
    private VBox warningLines;

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
        vm.stateProperty().addListener((obs, old, now) -> {
            if (now == PlanViewModel.State.READY) {
                toTop();
            }
        });
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                toTop();
            }
        });
        targetLabel.textProperty().bind(vm.targetProperty());
        snapshotLabel.textProperty().bind(vm.snapshotProperty());
        siteLabel.textProperty().bind(vm.siteProperty());
        lines(overwrittenLines, vm.overwritten(), "plan-line");
        confirmCheck.textProperty().bind(vm.confirmTextProperty());
        confirmCheck.selectedProperty().bindBidirectional(vm.confirmedProperty());
        confirmCheck.visibleProperty().bind(vm.needsConfirmProperty());
        confirmCheck.managedProperty().bind(confirmCheck.visibleProperty());
        lines(settingsLines, vm.settings(), "setting-line");
        settingsLines.visibleProperty().bind(Bindings.isNotEmpty(vm.settings()));
        settingsLines.managedProperty().bind(settingsLines.visibleProperty());
        settingsNoteLabel.textProperty().bind(vm.settingsNoteProperty());
        settingsBox.visibleProperty().bind(vm.kindProperty().isEqualTo(RestoreRequest.Kind.MIGRATE));
        settingsBox.managedProperty().bind(settingsBox.visibleProperty());
        lines(warningLines, vm.warnings(), "plan-line");
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
        restoreStepList.setItems(vm.steps());
        restoreStepList.setCellFactory(l -> new StepCell());
    }

    /**
     * A plan is read from its top: the steps take the focus (else the window gives it to the first control of the
     * side pane, which then scrolls down to it).
     */
    private void toTop() {
        javafx.application.Platform.runLater(() -> {
            if (root.getScene() != null && planBody.isVisible()) {
                restoreStepList.requestFocus();
            }
            sidePane.setVvalue(0);
            restoreStepList.scrollTo(0);
        });
    }

    /** Keeps {@code box} showing one wrapping label per line of {@code list}. */
    private static void lines(VBox box, javafx.collections.ObservableList<String> list, String style) {
        javafx.collections.ListChangeListener<String> render = c -> box.getChildren()
                .setAll(list.stream()
                        .map(text -> {
                            Label l = new Label(text);
                            l.setWrapText(true);
                            l.setMinHeight(Region.USE_PREF_SIZE);
                            l.getStyleClass().add(style);
                            return l;
                        })
                        .toList());
        list.addListener(render);
    }

    /** Reads what {@code r} will do, in the background. */
    public void plan(RestoreService e, RestoreRequest r) {
        cancel();
        engine = e;
        vm.planning(r, e.where());
        planning = FxTasks.run(() -> e.plan(r), vm::show, err -> vm.refused(message(err)));
    }

    /** What Start does: receives the engine and the plan to run. */
    public void onStart(BiConsumer<RestoreService, RestorePlan> then) {
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
            case MIGRATE -> "Every step on both servers, in order, before anything changes. \"site down\" marks the"
                    + " window.";
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

    /**
     * A step: its number, a "site down" badge, its title and what exactly it does; the first of each server's steps
     * (a migration) says which server.
     */
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
            if (row.siteDown()) {
                Label down = new Label("site down");
                down.getStyleClass().addAll("badge", "badge-down");
                down.setMinWidth(Region.USE_PREF_SIZE);
                head.getChildren().add(down);
            }
            VBox box = new VBox(2, head);
            if (row.firstOnServer()) {
                Label server = new Label("On " + row.server());
                server.getStyleClass().add("server-chip");
                box.getChildren().add(0, server);
            }
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
}
