package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.ui.common.Fxml;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * An upgrade as the Plan page previews it: its column ({@code UpgradePlanSide.fxml}, bound to an {@link
 * UpgradePlanViewModel}) says the version change, what is written and pulled, what is migrated, the downtime, what the
 * vendor says and the way back; the steps are headed by their phase.
 */
public final class UpgradePlanSource implements PlanSource<UpgradePlan> {
    private final UpgradeService engine;
    private final DetectedStack stack;
    private final String version;
    private final Consumer<UpgradePlan> onStart;
    private final UpgradePlanViewModel vm;
    private final Node side;
    private UpgradePlan shown;

    @FXML
    private Label upgradeVersionLabel;

    @FXML
    private Label keptInLabel;

    @FXML
    private VBox fileLines;

    @FXML
    private VBox imageLines;

    @FXML
    private VBox migratedLines;

    @FXML
    private Label downtimeLabel;

    @FXML
    private Label downtimeBasisLabel;

    @FXML
    private VBox vendorLines;

    @FXML
    private Label wayBackLabel;

    @FXML
    private VBox warningBox;

    @FXML
    private VBox warningLines;

    /**
     * The upgrade of {@code stack} on the engine's server to {@code version}.
     *
     * @param onStart what Start does with the plan shown
     */
    public UpgradePlanSource(
            UpgradeService engine, DetectedStack stack, String version, Consumer<UpgradePlan> onStart) {
        this.engine = engine;
        this.stack = stack;
        this.version = version;
        this.onStart = onStart;
        this.vm = new UpgradePlanViewModel(stack.displayName(), engine.where(), version);
        this.side = Fxml.load(UpgradePlanSource.class, "UpgradePlanSide.fxml", this);
    }

    @FXML
    private void initialize() {
        upgradeVersionLabel.textProperty().bind(vm.versionProperty());
        keptInLabel.textProperty().bind(vm.keptInProperty());
        PlanLines.bind(fileLines, vm.files(), "plan-commands");
        PlanLines.bind(imageLines, vm.images(), "plan-line");
        PlanLines.bind(migratedLines, vm.migrated(), "plan-line");
        downtimeLabel.textProperty().bind(vm.downtimeProperty());
        downtimeBasisLabel.textProperty().bind(vm.downtimeBasisProperty());
        PlanLines.bind(vendorLines, vm.vendor(), "plan-line");
        wayBackLabel.textProperty().bind(vm.wayBackProperty());
        PlanLines.bind(warningLines, vm.warnings(), "plan-line");
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
    }

    public UpgradePlanViewModel viewModel() {
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
    public UpgradePlan read() throws EngineException {
        return engine.planUpgrade(stack, version);
    }

    @Override
    public void show(UpgradePlan plan) {
        shown = plan;
        vm.show(plan);
    }

    @Override
    public ObservableList<StepRow> steps() {
        return vm.steps();
    }

    @Override
    public void start() {
        onStart.accept(shown);
    }
}
