package dev.lifeboat.ui.detected;

import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.util.Comparator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Binds the Detected stack page to its {@link DetectedViewModel} and runs detection off the FX thread. */
public final class DetectedController implements WizardPage {
    private final DetectedViewModel vm;
    private Task<Detection> running;
    private String where = "";
    private FxTasks.Work<Detection> asRoot;
    private java.util.function.Function<DetectedStack, String> onNext = s -> "";

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
    private HBox readRow;

    @FXML
    private Label readNoteLabel;

    @FXML
    private Button rootButton;

    @FXML
    private HBox choiceRow;

    @FXML
    private ComboBox<DetectedStack> stackChoice;

    @FXML
    private VBox card;

    @FXML
    private Label nameLabel;

    @FXML
    private Label editionLabel;

    @FXML
    private Label versionLabel;

    @FXML
    private Label installDirLabel;

    @FXML
    private Label summaryLabel;

    @FXML
    private TableView<ComponentRow> componentTable;

    @FXML
    private TableColumn<ComponentRow, ComponentRow> classColumn;

    @FXML
    private TableColumn<ComponentRow, String> kindColumn;

    @FXML
    private TableColumn<ComponentRow, ComponentRow> sizeColumn;

    @FXML
    private TableColumn<ComponentRow, String> pathColumn;

    @FXML
    private TableColumn<ComponentRow, String> noteColumn;

    @FXML
    private ToggleButton evidenceToggle;

    @FXML
    private ListView<String> evidenceList;

    public DetectedController(DetectedViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(vm.messageProperty());
        messageLabel.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        progress.visibleProperty().bind(vm.stateProperty().isEqualTo(DetectedViewModel.State.PROBING));
        progress.managedProperty().bind(progress.visibleProperty());
        cancelButton.visibleProperty().bind(progress.visibleProperty());
        cancelButton.managedProperty().bind(progress.visibleProperty());
        progressRow.visibleProperty().bind(messageLabel.visibleProperty().or(progress.visibleProperty()));
        progressRow.managedProperty().bind(progressRow.visibleProperty());

        readNoteLabel.textProperty().bind(vm.readNoteProperty());
        readRow.visibleProperty().bind(vm.readNoteProperty().isNotEmpty());
        readRow.managedProperty().bind(readRow.visibleProperty());
        rootButton.visibleProperty().bind(vm.lookAsRootShownProperty());
        rootButton.managedProperty().bind(rootButton.visibleProperty());

        choiceRow.visibleProperty().bind(vm.choiceNeededProperty());
        choiceRow.managedProperty().bind(choiceRow.visibleProperty());
        stackChoice.setItems(vm.stacks());
        stackChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(DetectedStack s) {
                return s == null ? "" : DetectedViewModel.choiceLabel(s);
            }

            @Override
            public DetectedStack fromString(String s) {
                return null;
            }
        });
        stackChoice.valueProperty().bindBidirectional(vm.selectedProperty());

        card.visibleProperty().bind(vm.selectedProperty().isNotNull());
        card.managedProperty().bind(card.visibleProperty());
        nameLabel.textProperty().bind(vm.nameProperty());
        editionLabel.textProperty().bind(vm.editionProperty());
        editionLabel.visibleProperty().bind(vm.editionProperty().isNotEmpty());
        editionLabel.managedProperty().bind(editionLabel.visibleProperty());
        versionLabel.textProperty().bind(vm.versionProperty());
        installDirLabel.textProperty().bind(vm.installDirProperty());
        summaryLabel.textProperty().bind(vm.summaryProperty());

        componentTable.setItems(vm.rows());
        classColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        classColumn.setComparator(Comparator.comparingInt(ComponentRow::classOrder));
        classColumn.setCellFactory(col -> new BadgeCell());
        kindColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().kind()));
        sizeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        sizeColumn.setComparator(Comparator.comparingLong(ComponentRow::sizeBytes));
        sizeColumn.setCellFactory(col -> new SizeCell());
        pathColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().path()));
        noteColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().note()));
        componentTable.setRowFactory(t -> new NoteRow());
        componentTable.setPlaceholder(new Label("No components."));

        evidenceToggle.selectedProperty().bindBidirectional(vm.evidenceShownProperty());
        evidenceToggle
                .textProperty()
                .bind(Bindings.when(vm.evidenceShownProperty()).then("Hide why").otherwise("Why this stack?"));
        evidenceList.setItems(vm.evidence());
        evidenceList.visibleProperty().bind(vm.evidenceShownProperty());
        evidenceList.managedProperty().bind(evidenceList.visibleProperty());
    }

    /**
     * Runs a detection (any {@link FxTasks.Work} that returns one, e.g. the detector over a probe) and shows its
     * result. {@code where} names the server or folder for the progress line.
     */
    public void detect(String where, FxTasks.Work<Detection> work) {
        detect(where, work, null);
    }

    /**
     * As {@link #detect(String, FxTasks.Work)}; {@code asRoot}, when not null, is the same detection run as root,
     * offered when folders turn out to be closed to the login user.
     */
    public void detect(String where, FxTasks.Work<Detection> work, FxTasks.Work<Detection> asRoot) {
        cancel();
        this.where = where;
        this.asRoot = asRoot;
        vm.offerRoot(asRoot != null);
        vm.probing(where);
        running = FxTasks.run(work, vm::show, e -> vm.fail(Messages.of(e)));
    }

    @FXML
    private void onLookAsRoot() {
        if (asRoot != null) {
            detect(where + " as root", asRoot, null);
        }
    }

    @FXML
    private void onCancel() {
        cancel();
    }

    private void cancel() {
        if (running != null && running.isRunning()) {
            running.cancel();
            vm.cancelled();
        }
    }

    public DetectedViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.DETECTED;
    }

    @Override
    public String title() {
        return "What runs on this server";
    }

    @Override
    public String subtitle() {
        return "The application Lifeboat found, and which of its data must be kept. Nothing on the server was changed.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canGoNextProperty();
    }

    /** What Next does with the chosen application, e.g. open the Action page for it; returns a status line. */
    public void onNext(java.util.function.Function<DetectedStack, String> then) {
        this.onNext = then;
    }

    @Override
    public String next() {
        DetectedStack s = vm.selectedProperty().get();
        if (s == null) {
            return "";
        }
        return onNext.apply(s);
    }

    /** The class as a coloured badge. */
    private static final class BadgeCell extends TableCell<ComponentRow, ComponentRow> {
        @Override
        protected void updateItem(ComponentRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Label badge = new Label(row.classLabel());
            badge.getStyleClass().addAll("badge", row.badgeStyle());
            setGraphic(badge);
        }
    }

    /** The human size, right-aligned; sorting uses the bytes. */
    private static final class SizeCell extends TableCell<ComponentRow, ComponentRow> {
        @Override
        protected void updateItem(ComponentRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.sizeText());
        }
    }

    /** Shows the component's note as the row's tooltip. */
    private static final class NoteRow extends TableRow<ComponentRow> {
        @Override
        protected void updateItem(ComponentRow row, boolean empty) {
            super.updateItem(row, empty);
            setTooltip(empty || row == null || row.note().isEmpty() ? null : new Tooltip(row.note()));
        }
    }
}
