package dev.lifeboat.ui.plan;

import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.GraphicCell;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Plan preview page of every plan, bound to its {@link PlanViewModel}: a {@link PlanSource} says what is planned
 * and shows it beside the steps; this page reads the plan off the FX thread, shows a refusal, lists the steps and
 * starts the plan. Start is a deliberate click.
 */
public final class PlanController implements WizardPage {
    private final PlanViewModel vm;
    private final StringProperty startLabel = new SimpleStringProperty("Start");
    private PlanSource<?> source;
    private Task<?> planning;

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
    private StackPane sideHolder;

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
        errorTitle.textProperty().bind(vm.errorTitleProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorBox.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        planBody.visibleProperty().bind(vm.stateProperty().isEqualTo(PlanViewModel.State.READY));
        planBody.managedProperty().bind(planBody.visibleProperty());
        planStepList.setCellFactory(l -> new StepCell());
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
    }

    /**
     * A plan is read from its top: the steps take the focus (else the window gives it to the first control of the
     * side column, which may scroll down to it), and Enter there presses Start.
     */
    private void toTop() {
        Platform.runLater(() -> {
            if (root.getScene() != null && planBody.isVisible()) {
                planStepList.requestFocus();
            }
            planStepList.scrollTo(0);
        });
    }

    /**
     * Reads what {@code s} plans, in the background, and shows it beside its steps. The page's heading and Start
     * button follow {@code s}: call this before the wizard shows the page.
     */
    public void plan(PlanSource<?> s) {
        cancel();
        source = s;
        sideHolder.getChildren().setAll(s.side());
        planStepList.setItems(s.steps());
        vm.agreedProperty().bind(s.agreed());
        startLabel.set(s.startLabel());
        vm.planning(s.planningMessage(), s.refusedTitle());
        read(s);
    }

    private <P> void read(PlanSource<P> s) {
        planning = FxTasks.run(
                s::read,
                p -> {
                    if (source == s) { // not a plan given up for another that finished just then
                        s.show(p);
                        vm.ready();
                    }
                },
                err -> {
                    if (source == s) {
                        vm.refused(Messages.of(err));
                    }
                });
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

    public PlanViewModel viewModel() {
        return vm;
    }

    /** What the page plans now; null before the first plan. */
    public PlanSource<?> source() {
        return source;
    }

    @Override
    public WizardStep step() {
        return WizardStep.PLAN;
    }

    @Override
    public String title() {
        return source == null ? "Plan preview" : source.title();
    }

    @Override
    public String subtitle() {
        return source == null ? "" : source.subtitle();
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
        return startLabel;
    }

    @Override
    public String next() {
        if (source != null && vm.canStartProperty().get()) {
            source.start();
        }
        return "";
    }

    /**
     * A step: its number, its title, a "site down" badge when it runs while the site is down, and what exactly it
     * does; the first step of each group says which group: its server (a migration), its phase (an upgrade).
     */
    private static final class StepCell extends GraphicCell<StepRow> {
        @Override
        protected void updateItem(StepRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove("in-downtime");
            if (!empty && row != null && row.siteDown()) {
                getStyleClass().add("in-downtime");
            }
        }

        @Override
        protected Node render(StepRow row) {
            Label number = new Label(String.valueOf(row.number()));
            number.getStyleClass().add("plan-step-number");
            Label title = new Label(row.title());
            title.getStyleClass().add("plan-step-title");
            title.setWrapText(true);
            HBox head = new HBox(8, number, title);
            head.setAlignment(Pos.CENTER_LEFT);
            if (row.siteDown()) {
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                Label down = new Label("site down");
                down.getStyleClass().addAll("badge", "badge-down");
                down.setMinWidth(Region.USE_PREF_SIZE);
                head.getChildren().addAll(gap, down);
            }
            VBox box = new VBox(2, head);
            if (row.firstOfGroup()) {
                Label server = new Label(row.group());
                server.getStyleClass().add("server-chip");
                server.setWrapText(true);
                server.setMinHeight(Region.USE_PREF_SIZE);
                box.getChildren().add(0, server);
            }
            if (!row.detail().isEmpty()) {
                Label detail = new Label(row.detail());
                detail.getStyleClass().add("plan-commands");
                detail.setWrapText(true);
                box.getChildren().add(detail);
            }
            return box;
        }
    }
}
