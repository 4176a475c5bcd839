package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.ui.common.Fxml;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
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
        lines(fileLines, vm.files(), "plan-commands");
        lines(imageLines, vm.images(), "plan-line");
        lines(migratedLines, vm.migrated(), "plan-line");
        downtimeLabel.textProperty().bind(vm.downtimeProperty());
        downtimeBasisLabel.textProperty().bind(vm.downtimeBasisProperty());
        lines(vendorLines, vm.vendor(), "plan-line");
        wayBackLabel.textProperty().bind(vm.wayBackProperty());
        lines(warningLines, vm.warnings(), "plan-line");
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());
    }

    /** Keeps {@code box} showing one wrapping label per line of {@code list}. */
    private static void lines(VBox box, ObservableList<String> list, String style) {
        ListChangeListener<String> render = c -> box.getChildren()
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
