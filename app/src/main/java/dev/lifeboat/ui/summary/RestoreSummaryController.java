package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.service.RestoreOutcome;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.common.EventQueue;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.summary.RestoreSummaryViewModel.Row;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Binds the Summary page of a restore, drill or migration to its {@link RestoreSummaryViewModel}: copy the report,
 * open the snapshot's folder, and roll a migration back (off the FX thread, its log drained on a timer).
 */
public final class RestoreSummaryController implements WizardPage {
    /** How often a running rollback's log is copied to the page. */
    static final long ROLLBACK_POLL_MILLIS = 100;

    private final RestoreSummaryViewModel vm;
    private final FolderOpener opener;
    private RestoreService engine;
    private Runnable onDone = () -> {};

    @FXML
    private VBox root;

    @FXML
    private Label headlineLabel;

    @FXML
    private GridPane rowGrid;

    @FXML
    private VBox problemBox;

    @FXML
    private ListView<String> problemList;

    @FXML
    private Button openFolderButton;

    @FXML
    private Button copyReportButton;

    @FXML
    private Label copiedLabel;

    @FXML
    private VBox rollbackBox;

    @FXML
    private Label rollbackLabel;

    @FXML
    private ProgressIndicator rollbackProgress;

    @FXML
    private Button rollbackButton;

    public RestoreSummaryController(RestoreSummaryViewModel vm, FolderOpener opener) {
        this.vm = vm;
        this.opener = opener;
    }

    @FXML
    private void initialize() {
        headlineLabel.textProperty().bind(vm.headlineProperty());
        vm.goodProperty().addListener((obs, old, ok) -> {
            headlineLabel.getStyleClass().remove("bad");
            if (!ok) {
                headlineLabel.getStyleClass().add("bad");
            }
        });
        vm.rows().addListener((ListChangeListener<Row>) c -> renderRows());
        problemList.setItems(vm.problems());
        problemList.setCellFactory(l -> new WrappingCell());
        problemBox.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
        problemBox.managedProperty().bind(problemBox.visibleProperty());
        openFolderButton.disableProperty().bind(vm.snapshotProperty().isNull());
        copyReportButton.disableProperty().bind(vm.reportProperty().isEmpty());
        rollbackBox.visibleProperty().bind(vm.kindProperty().isEqualTo(RestoreRequest.Kind.MIGRATE));
        rollbackBox.managedProperty().bind(rollbackBox.visibleProperty());
        rollbackLabel.textProperty().bind(vm.rollbackTextProperty());
        vm.rollbackFailedProperty().addListener((obs, old, failed) -> {
            rollbackLabel.getStyleClass().remove("error-text");
            if (failed) {
                rollbackLabel.getStyleClass().add("error-text");
            }
        });
        rollbackProgress.visibleProperty().bind(vm.rollingBackProperty());
        rollbackProgress.managedProperty().bind(vm.rollingBackProperty());
        rollbackButton.disableProperty().bind(vm.canRollbackProperty().not());
        rollbackButton
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.outcomeProperty().get() == null
                                ? "Roll back"
                                : "Roll back: start it on "
                                        + vm.outcomeProperty().get().plan().source() + " again",
                        vm.outcomeProperty()));
    }

    private void renderRows() {
        rowGrid.getChildren().clear();
        int i = 0;
        for (Row r : vm.rows()) {
            Label label = new Label(r.label());
            Label value = new Label(r.value());
            value.setId("summary-" + r.key());
            value.setWrapText(true);
            value.getStyleClass().add("summary-" + r.key());
            rowGrid.addRow(i++, label, value);
        }
    }

    /** Shows what ran; {@code e} is the engine a migration is rolled back with. */
    public void show(RestoreService e, RestoreOutcome o) {
        engine = e;
        copiedLabel.setText("");
        vm.show(o);
    }

    /** What Next ("Done") does: e.g. return to the Action page. */
    public void onDone(Runnable then) {
        this.onDone = then;
    }

    @FXML
    private void onOpenFolder() {
        if (vm.snapshotProperty().get() != null) {
            opener.open(vm.snapshotProperty().get());
        }
    }

    @FXML
    private void onCopyReport() {
        ClipboardContent c = new ClipboardContent();
        c.putString(vm.reportProperty().get());
        Clipboard.getSystemClipboard().setContent(c);
        copiedLabel.setText("The report is on the clipboard.");
    }

    @FXML
    private void onRollback() {
        RestoreOutcome o = vm.outcomeProperty().get();
        if (engine == null || o == null || !vm.canRollbackProperty().get()) {
            return;
        }
        RestoreService e = engine;
        EventQueue q = new EventQueue();
        vm.rollbackStarted();
        Timeline poll = new Timeline(new KeyFrame(Duration.millis(ROLLBACK_POLL_MILLIS), ev -> drain(q)));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        FxTasks.run(
                () -> e.rollback(o.plan(), q, CancelToken.NONE),
                unhealthy -> {
                    poll.stop();
                    vm.rolledBack(unhealthy);
                },
                err -> {
                    poll.stop();
                    vm.rollbackError(
                            err instanceof EngineException && err.getMessage() != null
                                    ? err.getMessage()
                                    : String.valueOf(err));
                });
    }

    private void drain(EventQueue q) {
        String last = null;
        for (WorkflowEvent ev : q.drain(1000)) {
            if (ev instanceof WorkflowEvent.LogLine l) {
                last = l.line();
            }
        }
        vm.rollbackProgress(last);
    }

    public RestoreSummaryViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.SUMMARY;
    }

    @Override
    public String title() {
        return vm.title();
    }

    @Override
    public String subtitle() {
        return switch (vm.kindProperty().get()) {
            case RESTORE -> "What was put back, whether it matches the snapshot, and how long it took.";
            case DRILL -> "Whether the snapshot restores as it should, how long that took, and what was left behind.";
            case MIGRATE -> "Where the application runs now, how long the site was down, and how to go back.";
        };
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.outcomeProperty().isNotNull().and(vm.rollingBackProperty().not());
    }

    @Override
    public ObservableBooleanValue canGoBack() {
        return vm.rollingBackProperty().not();
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
