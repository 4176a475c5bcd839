package dev.lifeboat.ui.summary;

import dev.lifeboat.engine.workflow.BackupWorkflow;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;

/** Binds the Summary page to its {@link SummaryViewModel}: open the folder, copy the report. */
public final class SummaryController implements WizardPage {
    private final SummaryViewModel vm;
    private final FolderOpener opener;
    private Runnable onDone = () -> {};

    @FXML
    private VBox root;

    @FXML
    private Label headlineLabel;

    @FXML
    private Label pathLabel;

    @FXML
    private Label sizeLabel;

    @FXML
    private Label downtimeLabel;

    @FXML
    private Label durationLabel;

    @FXML
    private Label verificationLabel;

    @FXML
    private Label copiedLabel;

    @FXML
    private Button openFolderButton;

    @FXML
    private Button copyReportButton;

    public SummaryController(SummaryViewModel vm, FolderOpener opener) {
        this.vm = vm;
        this.opener = opener;
    }

    @FXML
    private void initialize() {
        headlineLabel.textProperty().bind(vm.headlineProperty());
        pathLabel.textProperty().bind(vm.pathProperty());
        sizeLabel.textProperty().bind(vm.sizeProperty());
        downtimeLabel.textProperty().bind(vm.downtimeProperty());
        durationLabel.textProperty().bind(vm.durationProperty());
        verificationLabel.textProperty().bind(vm.verificationProperty());
        openFolderButton.disableProperty().bind(vm.snapshotProperty().isNull());
        copyReportButton.disableProperty().bind(vm.reportProperty().isEmpty());
    }

    /** Shows a finished backup. */
    public void show(BackupWorkflow.Result r) {
        copiedLabel.setText("");
        vm.show(r);
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

    public SummaryViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.SUMMARY;
    }

    @Override
    public String title() {
        return "Backup complete";
    }

    @Override
    public String subtitle() {
        return "Where the snapshot is, how long the site was down, and what was checked.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.snapshotProperty().isNotNull();
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
