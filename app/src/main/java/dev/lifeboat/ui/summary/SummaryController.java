package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.ui.common.EventQueue;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.common.WrappingCell;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Summary page of every run (backup, restore, drill, migration), bound to its {@link SummaryViewModel}: the
 * {@link Summary} a flow hands it, open the snapshot's folder, copy the report, and a rollback when the summary offers
 * one (off the FX thread, its log drained on a timer).
 */
public final class SummaryController implements WizardPage {
    /** How often a running rollback's log is copied to the page. */
    static final long ROLLBACK_POLL_MILLIS = 100;

    private final SummaryViewModel vm;
    private final FolderOpener opener;
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

    @FXML
    private VBox offerBox;

    @FXML
    private Label offerTitle;

    @FXML
    private Label offerText;

    @FXML
    private Button offerButton;

    private Offer offer;

    public SummaryController(SummaryViewModel vm, FolderOpener opener) {
        this.vm = vm;
        this.opener = opener;
    }

    @FXML
    private void initialize() {
        problemList.setCellFactory(l -> new WrappingCell());
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
    }

    /** Puts {@code s} on the page. */
    private void render(Summary s) {
        headlineLabel.setText(s.headline());
        headlineLabel.getStyleClass().remove("bad");
        if (!s.good()) {
            headlineLabel.getStyleClass().add("bad");
        }
        rowGrid.getChildren().clear();
        int i = 0;
        for (Summary.Row r : s.rows()) {
            Label label = new Label(r.label());
            Label value = new Label(r.value());
            value.setId("summary-" + r.key());
            value.setWrapText(true);
            value.getStyleClass().add("summary-" + r.key());
            rowGrid.addRow(i++, label, value);
        }
        problemList.getItems().setAll(s.problems());
        problemBox.setVisible(!s.problems().isEmpty());
        problemBox.setManaged(problemBox.isVisible());
        openFolderButton.setText(s.folderButton());
        openFolderButton.setDisable(s.folder() == null);
        copyReportButton.setDisable(s.report().isEmpty());
        copiedLabel.setText("");
        rollbackBox.setVisible(s.rollback() != null);
        rollbackBox.setManaged(rollbackBox.isVisible());
        rollbackButton.setText(s.rollback() == null ? "" : s.rollback().button());
        offer(null);
    }

    /** Offers what to do next beside the report (after {@link #show}, which takes any offer away); null for none. */
    public void offer(Offer o) {
        offer = o;
        offerBox.setVisible(o != null);
        offerBox.setManaged(o != null);
        offerTitle.setText(o == null ? "" : o.title());
        offerText.setText(o == null ? "" : o.text());
        offerButton.setText(o == null ? "" : o.button());
    }

    @FXML
    private void onOffer() {
        if (offer != null) {
            offer.action().run();
        }
    }

    /** Shows what ran; the page's heading follows it, so call this before the wizard shows the page. */
    public void show(Summary s) {
        vm.show(s);
        render(s);
    }

    /** What Next ("Done") does: e.g. return to the Action page. */
    public void onDone(Runnable then) {
        this.onDone = then;
    }

    @FXML
    private void onOpenFolder() {
        Summary s = vm.summaryProperty().get();
        if (s != null && s.folder() != null) {
            opener.open(s.folder());
        }
    }

    @FXML
    private void onCopyReport() {
        ClipboardContent c = new ClipboardContent();
        c.putString(vm.summaryProperty().get().report());
        Clipboard.getSystemClipboard().setContent(c);
        copiedLabel.setText("The report is on the clipboard.");
    }

    @FXML
    private void onRollback() {
        if (!vm.canRollbackProperty().get()) {
            return;
        }
        Rollback rollback = vm.summaryProperty().get().rollback();
        EventQueue q = new EventQueue();
        vm.rollbackStarted();
        Timeline poll = new Timeline(new KeyFrame(Duration.millis(ROLLBACK_POLL_MILLIS), ev -> drain(q)));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        FxTasks.run(
                () -> rollback.run(q, CancelToken.NONE),
                unhealthy -> {
                    poll.stop();
                    vm.rolledBack(unhealthy);
                },
                err -> {
                    poll.stop();
                    vm.rollbackError(Messages.of(err));
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

    public SummaryViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.SUMMARY;
    }

    @Override
    public String title() {
        Summary s = vm.summaryProperty().get();
        return s == null ? "Summary" : s.title();
    }

    @Override
    public String subtitle() {
        Summary s = vm.summaryProperty().get();
        return s == null ? "" : s.subtitle();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canGoNextProperty();
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
}
