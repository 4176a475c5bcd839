package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.common.Fxml;
import java.time.ZoneId;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A restore, drill or migration as the Plan page previews it: its column ({@code RestorePlanSide.fxml}, bound to a
 * {@link RestorePlanViewModel}) says where it goes, what it overwrites and which settings change, and asks before a
 * migration replaces what runs on the new server.
 */
public final class RestorePlanSource implements PlanSource<RestorePlan> {
    private final RestoreService engine;
    private final RestoreRequest request;
    private final Consumer<RestorePlan> onStart;
    private final RestorePlanViewModel vm;
    private final Node side;

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

    /**
     * What {@code request} will do on the engine's server.
     *
     * @param onStart what Start does with the plan shown (with the replacement agreed, when it was asked)
     */
    public RestorePlanSource(RestoreService engine, RestoreRequest request, Consumer<RestorePlan> onStart) {
        this.engine = engine;
        this.request = request;
        this.onStart = onStart;
        this.vm = new RestorePlanViewModel(request, engine.where(), ZoneId.systemDefault());
        this.side = Fxml.load(RestorePlanSource.class, "RestorePlanSide.fxml", this);
    }

    @FXML
    private void initialize() {
        targetLabel.textProperty().bind(vm.targetProperty());
        snapshotLabel.textProperty().bind(vm.snapshotProperty());
        siteLabel.textProperty().bind(vm.siteProperty());
        PlanLines.bind(overwrittenLines, vm.overwritten(), "plan-line");
        confirmCheck.textProperty().bind(vm.confirmTextProperty());
        confirmCheck.selectedProperty().bindBidirectional(vm.confirmedProperty());
        confirmCheck.visibleProperty().bind(vm.needsConfirmProperty());
        confirmCheck.managedProperty().bind(confirmCheck.visibleProperty());
        PlanLines.bind(settingsLines, vm.settings(), "setting-line");
        settingsLines.visibleProperty().bind(Bindings.isNotEmpty(vm.settings()));
        settingsLines.managedProperty().bind(settingsLines.visibleProperty());
        settingsNoteLabel.textProperty().bind(vm.settingsNoteProperty());
        settingsBox.setVisible(vm.kind() == RestoreRequest.Kind.MIGRATE);
        settingsBox.setManaged(settingsBox.isVisible());
        PlanLines.bind(warningLines, vm.warnings(), "plan-line");
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
    }

    public RestorePlanViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return vm.title();
    }

    @Override
    public String subtitle() {
        return vm.subtitle();
    }

    @Override
    public String startLabel() {
        return vm.startLabel();
    }

    @Override
    public String planningMessage() {
        return vm.planningMessage();
    }

    @Override
    public String refusedTitle() {
        return vm.refusedTitle();
    }

    @Override
    public Node side() {
        return side;
    }

    @Override
    public RestorePlan read() throws EngineException {
        return engine.plan(request);
    }

    @Override
    public void show(RestorePlan plan) {
        vm.show(plan);
    }

    @Override
    public ObservableList<StepRow> steps() {
        return vm.steps();
    }

    @Override
    public ObservableBooleanValue agreed() {
        return vm.agreedProperty();
    }

    @Override
    public void start() {
        onStart.accept(vm.planToStart());
    }
}
