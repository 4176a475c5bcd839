package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.workflow.BackupPlan;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.common.WrappingCell;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

/**
 * A backup as the Plan page previews it: its column ({@code BackupPlanSide.fxml}, bound to a {@link
 * BackupPlanViewModel}) says what the backup expects and which containers stop and start.
 */
public final class BackupPlanSource implements PlanSource<BackupPlan> {
    private final BackupService engine;
    private final DetectedStack stack;
    private final Consumer<BackupPlan> onStart;
    private final BackupPlanViewModel vm;
    private final Node side;

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

    /**
     * A backup of {@code stack} on the engine's server.
     *
     * @param onStart what Start does with the plan shown
     */
    public BackupPlanSource(BackupService engine, DetectedStack stack, Consumer<BackupPlan> onStart) {
        this.engine = engine;
        this.stack = stack;
        this.onStart = onStart;
        this.vm = new BackupPlanViewModel(stack, engine.where());
        this.side = Fxml.load(BackupPlanSource.class, "BackupPlanSide.fxml", this);
    }

    @FXML
    private void initialize() {
        downtimeLabel.textProperty().bind(vm.downtimeProperty());
        spaceLabel.textProperty().bind(vm.spaceProperty());
        basisLabel.textProperty().bind(vm.basisProperty());
        stopLabel.textProperty().bind(vm.stopOrderProperty());
        startLabel.textProperty().bind(vm.startOrderProperty());
        keptUpLabel.textProperty().bind(vm.keptUpProperty());
        destinationLabel.textProperty().bind(vm.destinationProperty());
        warningList.setItems(vm.warnings());
        warningList.setCellFactory(l -> new WrappingCell());
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
    }

    public BackupPlanViewModel viewModel() {
        return vm;
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
    public String startLabel() {
        return "Start backup";
    }

    @Override
    public String planningMessage() {
        return vm.planningMessage();
    }

    @Override
    public String refusedTitle() {
        return "The backup cannot run";
    }

    @Override
    public Node side() {
        return side;
    }

    @Override
    public BackupPlan read() throws EngineException {
        return engine.plan(stack);
    }

    @Override
    public void show(BackupPlan plan) {
        vm.show(plan);
    }

    @Override
    public ObservableList<StepRow> steps() {
        return vm.steps();
    }

    @Override
    public void start() {
        onStart.accept(vm.planProperty().get());
    }
}
