package dev.lifeboat.ui.action;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.BackupService;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.service.UpgradeService;
import dev.lifeboat.engine.stacks.Upgrades;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.ui.action.ActionViewModel.Action;
import dev.lifeboat.ui.action.ActionViewModel.SnapshotRow;
import dev.lifeboat.ui.common.FolderOpener;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** Binds the Action page to its {@link ActionViewModel}; reads the store and verifies off the FX thread. */
public final class ActionController implements WizardPage {
    /** How often a running verification's byte count is copied to the page. */
    static final long VERIFY_POLL_MILLIS = 100;

    /** The height of an action's tile: its title and three lines of what it does (three tiles a row). */
    static final double ACTION_TILE_HEIGHT = 80;

    private final ActionViewModel vm;
    private final FolderOpener opener;
    private BackupService engine;
    private RestoreService restoreEngine;
    private UpgradeService upgradeEngine;
    private BiConsumer<BackupService, DetectedStack> onBackup = (e, s) -> {};
    private BiConsumer<RestoreService, RestoreRequest> onRestore = (e, r) -> {};
    private UpgradeStart onUpgrade = (e, s, v) -> {};
    private Task<?> offering;
    private Task<?> reading;
    private Task<?> asking;
    private CancelToken askToken;
    private Task<?> verifying;
    private CancelToken verifyToken;
    private Timeline verifyPoll;

    @FXML
    private VBox root;

    @FXML
    private GridPane actionGrid;

    @FXML
    private Label appLabel;

    @FXML
    private TableView<SnapshotRow> snapshotTable;

    @FXML
    private TableColumn<SnapshotRow, String> timeColumn;

    @FXML
    private TableColumn<SnapshotRow, String> sizeColumn;

    @FXML
    private TableColumn<SnapshotRow, String> newDiskColumn;

    @FXML
    private TableColumn<SnapshotRow, String> downtimeColumn;

    @FXML
    private TableColumn<SnapshotRow, String> verifiedColumn;

    @FXML
    private TableColumn<SnapshotRow, String> drillColumn;

    @FXML
    private TableColumn<SnapshotRow, String> whereColumn;

    @FXML
    private Label offsiteLabel;

    @FXML
    private Label actionHint;

    @FXML
    private CheckBox overwriteCheck;

    @FXML
    private Label snapshotMessage;

    @FXML
    private Button verifyButton;

    @FXML
    private Button cancelVerifyButton;

    @FXML
    private Button openFolderButton;

    @FXML
    private HBox verifyRow;

    @FXML
    private ProgressBar verifyBar;

    @FXML
    private Label verifyLabel;

    @FXML
    private VBox upgradeBox;

    @FXML
    private ComboBox<String> upgradeVersion;

    @FXML
    private Label upgradeCurrent;

    public ActionController(ActionViewModel vm, FolderOpener opener) {
        this.vm = vm;
        this.opener = opener;
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        for (Action a : Action.values()) {
            ToggleButton b = new ToggleButton();
            b.setId("action-" + a.name().toLowerCase(java.util.Locale.ROOT));
            b.getStyleClass().add("action-choice");
            Label title = new Label(a.title());
            title.getStyleClass().add("action-title");
            Label text = new Label(a.description());
            text.getStyleClass().add("hint");
            text.setWrapText(true);
            text.setMinHeight(Region.USE_PREF_SIZE);
            VBox box = new VBox(3, title, text);
            b.setGraphic(box);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinHeight(ACTION_TILE_HEIGHT); // three lines of text; a wrapped label's own height is asked too early
            b.setPrefHeight(ACTION_TILE_HEIGHT);
            b.setUserData(a);
            b.setToggleGroup(group);
            if (a == Action.UPGRADE) {
                b.disableProperty().bind(vm.upgradeAvailableProperty().not());
            } else if (a != Action.BACKUP) {
                b.disableProperty().bind(vm.restoreAvailableProperty().not());
            }
            b.setSelected(a == vm.chosenProperty().get());
            int i = a.ordinal(); // three a row: all five fit at 1024x700 above the snapshot browser
            actionGrid.add(b, i % 3, i / 3);
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                vm.chosenProperty().set((Action) now.getUserData());
            }
        });
        vm.chosenProperty().addListener((obs, old, now) -> {
            if (now == Action.UPGRADE) {
                askUpgradeOffer();
            }
        });
        upgradeBox.visibleProperty().bind(vm.chosenProperty().isEqualTo(Action.UPGRADE));
        upgradeBox.managedProperty().bind(upgradeBox.visibleProperty());
        upgradeVersion.setItems(vm.upgradeChoices());
        upgradeVersion.valueProperty().bindBidirectional(vm.upgradeVersionProperty());
        // What is typed counts as it is typed (Next is enabled by it), not only once the field is left.
        upgradeVersion.getEditor().textProperty().addListener((obs, old, now) -> {
            if (upgradeVersion.isFocused() || upgradeVersion.getEditor().isFocused()) {
                vm.upgradeVersionProperty().set(now);
            }
        });
        upgradeCurrent.textProperty().bind(vm.upgradeCurrentProperty());
        appLabel.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.stackProperty().get() == null
                                ? ""
                                : vm.stackProperty().get().displayName() + " in "
                                        + vm.stackProperty().get().installDir() + " on "
                                        + vm.whereProperty().get(),
                        vm.stackProperty(),
                        vm.whereProperty()));

        snapshotTable.setItems(vm.snapshots());
        timeColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().time()));
        sizeColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().size()));
        newDiskColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().newDisk()));
        downtimeColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().downtime()));
        verifiedColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().verified()));
        drillColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().drill()));
        whereColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().where()));
        whereColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String where, boolean empty) {
                super.updateItem(where, empty);
                setText(empty ? null : where);
                // Several repositories' names do not fit the column: the tooltip has them all.
                setTooltip(empty || where == null ? null : new Tooltip(where));
            }
        });
        offsiteLabel.textProperty().bind(vm.offsiteMessageProperty());
        offsiteLabel.visibleProperty().bind(vm.offsiteMessageProperty().isNotEmpty());
        offsiteLabel.managedProperty().bind(offsiteLabel.visibleProperty());
        vm.offsiteProblemProperty().addListener((obs, old, problem) -> {
            offsiteLabel.getStyleClass().remove("error-text");
            if (problem) {
                offsiteLabel.getStyleClass().add("error-text");
            }
        });
        actionHint.textProperty().bind(vm.actionHintProperty());
        overwriteCheck.textProperty().bind(vm.overwriteTextProperty());
        overwriteCheck.selectedProperty().bindBidirectional(vm.overwriteConfirmedProperty());
        overwriteCheck.visibleProperty().bind(vm.asksOverwriteProperty());
        overwriteCheck.managedProperty().bind(overwriteCheck.visibleProperty());
        Label empty = new Label();
        empty.textProperty().bind(vm.snapshotMessageProperty());
        empty.setWrapText(true);
        snapshotTable.setPlaceholder(empty);
        snapshotTable.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.selectedSnapshotProperty().set(now);
            }
        });
        vm.selectedSnapshotProperty().addListener((obs, old, now) -> {
            if (now != null && snapshotTable.getSelectionModel().getSelectedItem() != now) {
                snapshotTable.getSelectionModel().select(now);
            }
        });
        snapshotMessage.textProperty().bind(vm.snapshotMessageProperty());
        verifyButton.disableProperty().bind(vm.canVerifyProperty().not());
        openFolderButton.disableProperty().bind(vm.selectedSnapshotProperty().isNull());
        cancelVerifyButton.visibleProperty().bind(vm.verifyingProperty());
        cancelVerifyButton.managedProperty().bind(vm.verifyingProperty());
        verifyBar.visibleProperty().bind(vm.verifyingProperty());
        verifyBar.managedProperty().bind(vm.verifyingProperty());
        verifyBar.progressProperty().bind(vm.verifyProgressProperty());
        verifyLabel.textProperty().bind(vm.verifyMessageProperty());
        verifyRow.visibleProperty().bind(vm.verifyMessageProperty().isNotEmpty());
        verifyRow.managedProperty().bind(verifyRow.visibleProperty());
        vm.verifyFailedProperty().addListener((obs, old, failed) -> {
            verifyLabel.getStyleClass().remove("error-text");
            if (failed) {
                verifyLabel.getStyleClass().add("error-text");
            }
        });
    }

    /** Opens the page for an application on the engine's server and reads its snapshots in the background. */
    public void open(BackupService e, DetectedStack s) {
        open(e, null, s);
    }

    /**
     * Opens the page for an application on the engines' server and reads its snapshots in the background; without a
     * restore engine, only backup can be chosen.
     */
    public void open(BackupService e, RestoreService r, DetectedStack s) {
        open(e, r, null, s);
    }

    /**
     * Opens the page for an application on the engines' server and reads its snapshots in the background; without a
     * restore engine only backup can be chosen, without an upgrade engine no upgrade.
     */
    public void open(BackupService e, RestoreService r, UpgradeService u, DetectedStack s) {
        cancelWork();
        this.engine = e;
        this.restoreEngine = r;
        this.upgradeEngine = u;
        vm.open(s, e.where(), r != null, u != null);
        reading = FxTasks.run(
                () -> e.recentSnapshots(s, ActionViewModel.SNAPSHOTS_SHOWN),
                list -> {
                    vm.snapshotsRead(list);
                    askWhere(e, s);
                },
                err -> vm.snapshotsFailed(Messages.of(err)));
    }

    /**
     * Asks the off-site repositories where the snapshots are, after the local rows are shown: restic runs over the
     * network, so the rows say "…" until it answers. An answer for a page opened again since is dropped.
     */
    private void askWhere(BackupService e, DetectedStack s) {
        CancelToken token = new CancelToken();
        askToken = token;
        asking = FxTasks.run(
                () -> e.places(s, token),
                p -> {
                    if (askToken == token) {
                        vm.placesRead(p);
                    }
                },
                err -> {
                    if (askToken == token && !token.isCancelled()) {
                        vm.placesFailed(Messages.of(err));
                    }
                });
    }

    /** Reads the version that runs and those the server has images of, once per application shown. */
    private void askUpgradeOffer() {
        DetectedStack s = vm.stackProperty().get();
        UpgradeService u = upgradeEngine;
        if (u == null || !vm.askUpgradeOffer()) {
            return;
        }
        offering = FxTasks.run(
                () -> u.upgradeOffer(s),
                offer -> {
                    if (vm.stackProperty().get() == s) {
                        vm.upgradeOfferRead(
                                offer.map(Upgrades.Offered::current).orElse(null),
                                offer.map(Upgrades.Offered::versions).orElse(List.of()));
                    }
                },
                err -> {
                    if (vm.stackProperty().get() == s) {
                        vm.upgradeOfferFailed(Messages.of(err));
                    }
                });
    }

    /** What Next does for an upgrade. */
    @FunctionalInterface
    public interface UpgradeStart {
        /** Plans the upgrade of {@code stack} to {@code version} with {@code engine}. */
        void start(UpgradeService engine, DetectedStack stack, String version);
    }

    /** What Next does for an upgrade: receives the engine, the application and the version asked for. */
    public void onUpgrade(UpgradeStart then) {
        this.onUpgrade = then;
    }

    /** What Next does for a backup: receives the engine and the application to plan a backup of. */
    public void onBackup(BiConsumer<BackupService, DetectedStack> then) {
        this.onBackup = then;
    }

    /** What Next does for a restore, drill or migration: receives the engine and what was asked for. */
    public void onRestore(BiConsumer<RestoreService, RestoreRequest> then) {
        this.onRestore = then;
    }

    @FXML
    private void onVerify() {
        SnapshotRow r = vm.selectedSnapshotProperty().get();
        if (r == null || engine == null || vm.verifyingProperty().get()) {
            return;
        }
        BackupService e = engine;
        AtomicLong read = new AtomicLong();
        CancelToken token = new CancelToken();
        verifyToken = token;
        vm.verifyStarted();
        verifyPoll = new Timeline(new KeyFrame(Duration.millis(VERIFY_POLL_MILLIS), ev -> vm.verifyRead(read.get())));
        verifyPoll.setCycleCount(Timeline.INDEFINITE);
        verifyPoll.play();
        verifying = FxTasks.run(
                () -> {
                    Verifier.Result result = e.verify(r.info().path(), read::set, token);
                    return new Verified(result, SnapshotInfo.read(r.info().path()));
                },
                v -> {
                    verifyPoll.stop();
                    vm.verified(v.result(), v.reread());
                },
                err -> {
                    verifyPoll.stop();
                    if (token.isCancelled()) {
                        vm.verifyCancelled();
                    } else {
                        vm.verifyError(Messages.of(err));
                    }
                });
    }

    private record Verified(Verifier.Result result, SnapshotInfo reread) {}

    @FXML
    private void onCancelVerify() {
        if (verifyToken != null && vm.verifyingProperty().get()) {
            CancelToken t = verifyToken;
            FxTasks.background(t::cancel);
        }
    }

    @FXML
    private void onOpenFolder() {
        SnapshotRow r = vm.selectedSnapshotProperty().get();
        if (r != null) {
            opener.open(r.info().path());
        }
    }

    private void cancelWork() {
        if (reading != null && reading.isRunning()) {
            reading.cancel();
        }
        if (askToken != null) {
            CancelToken t = askToken;
            askToken = null;
            FxTasks.background(t::cancel);
        }
        if (asking != null && asking.isRunning()) {
            asking.cancel();
        }
        if (offering != null && offering.isRunning()) {
            offering.cancel();
        }
        onCancelVerify();
    }

    public ActionViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.ACTION;
    }

    @Override
    public String title() {
        return "What to do";
    }

    @Override
    public String subtitle() {
        return "Choose what Lifeboat does with this application. The next page shows every step before anything"
                + " changes.";
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
    public ObservableStringValue nextLabel() {
        return vm.nextLabelProperty();
    }

    @Override
    public String next() {
        DetectedStack s = vm.stackProperty().get();
        if (s == null || engine == null || !vm.canGoNextProperty().get()) {
            return "";
        }
        if (vm.chosenProperty().get() == Action.BACKUP) {
            onBackup.accept(engine, s);
        } else if (vm.chosenProperty().get() == Action.UPGRADE) {
            if (upgradeEngine != null) {
                onUpgrade.start(upgradeEngine, s, vm.upgradeTarget());
            }
        } else if (restoreEngine != null) {
            onRestore.accept(restoreEngine, vm.request());
        }
        return "";
    }

    /** For tests: the snapshot list as shown. */
    List<SnapshotRow> rows() {
        return vm.snapshots();
    }
}
