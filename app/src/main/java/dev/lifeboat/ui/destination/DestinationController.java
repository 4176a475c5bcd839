package dev.lifeboat.ui.destination;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.MigrationTarget;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.SegmentedButton;

/**
 * Binds a migration's target step to its {@link DestinationViewModel}: the new server's login (host key confirmed on first
 * contact, as on the Connect page) and the site URL there. Logs in off the FX thread.
 */
public final class DestinationController implements WizardPage {
    private final DestinationViewModel vm;
    private final Path home;
    private RestoreService engine;
    private BiConsumer<MigrationTarget, String> onConnected = (t, u) -> t.close();
    private Task<?> connecting;
    private AtomicBoolean gaveUp;
    private AtomicReference<MigrationTarget> opened;

    @FXML
    private VBox root;

    @FXML
    private Label appLabel;

    @FXML
    private VBox formCard;

    @FXML
    private ComboBox<ConnectionProfile> profileChoice;

    @FXML
    private TextField hostField;

    @FXML
    private TextField portField;

    @FXML
    private TextField userField;

    @FXML
    private SegmentedButton authButtons;

    @FXML
    private ToggleButton keyToggle;

    @FXML
    private ToggleButton agentToggle;

    @FXML
    private ToggleButton passwordToggle;

    @FXML
    private Label keyFileLabel;

    @FXML
    private HBox keyFileRow;

    @FXML
    private TextField keyFileField;

    @FXML
    private TextField siteUrlField;

    @FXML
    private Label problemLabel;

    @FXML
    private VBox errorBox;

    @FXML
    private Label errorLabel;

    @FXML
    private HBox connectRow;

    @FXML
    private ProgressIndicator connectProgress;

    @FXML
    private Label connectStatusLabel;

    @FXML
    private Button cancelConnectButton;

    public DestinationController(DestinationViewModel vm, Path home) {
        this.vm = vm;
        this.home = home;
    }

    @FXML
    private void initialize() {
        var form = vm.form();
        hostField.textProperty().bindBidirectional(form.hostProperty());
        portField.textProperty().bindBidirectional(form.portProperty());
        userField.textProperty().bindBidirectional(form.userProperty());
        keyFileField.textProperty().bindBidirectional(form.keyFileProperty());
        siteUrlField.textProperty().bindBidirectional(vm.siteUrlProperty());
        keyToggle.setUserData(AuthMethod.KEY_FILE);
        agentToggle.setUserData(AuthMethod.AGENT);
        passwordToggle.setUserData(AuthMethod.PASSWORD);
        authButtons.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                form.authProperty().set((AuthMethod) now.getUserData());
            }
        });
        form.authProperty().addListener((obs, old, now) -> showAuth(now));
        showAuth(form.authProperty().get());

        profileChoice.setItems(form.profiles());
        profileChoice.setCellFactory(l -> new ProfileCell());
        profileChoice.setButtonCell(new ProfileCell());
        profileChoice.valueProperty().addListener((obs, old, p) -> {
            if (p != null) {
                form.apply(p);
            }
        });
        profileChoice.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(form.profiles()));

        appLabel.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.stackProperty().get() == null
                                ? ""
                                : vm.stackProperty().get().displayName() + " in "
                                        + vm.stackProperty().get().installDir() + " on "
                                        + vm.sourceProperty().get() + " moves to:",
                        vm.stackProperty(),
                        vm.sourceProperty()));
        problemLabel.textProperty().bind(vm.problemProperty());
        connectProgress.visibleProperty().bind(form.connectingProperty());
        connectProgress.managedProperty().bind(form.connectingProperty());
        cancelConnectButton.visibleProperty().bind(form.connectingProperty());
        cancelConnectButton.managedProperty().bind(form.connectingProperty());
        connectStatusLabel.textProperty().bind(form.connectStatusProperty());
        connectRow.visibleProperty().bind(form.connectStatusProperty().isNotEmpty());
        connectRow.managedProperty().bind(connectRow.visibleProperty());
        errorLabel.textProperty().bind(form.connectErrorProperty());
        errorBox.visibleProperty().bind(form.connectErrorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        formCard.disableProperty().bind(form.connectingProperty());
    }

    private void showAuth(AuthMethod method) {
        boolean key = method == AuthMethod.KEY_FILE;
        keyFileLabel.setVisible(key);
        keyFileRow.setVisible(key);
        for (ToggleButton b : authButtons.getButtons()) {
            if (b.getUserData() == method && !b.isSelected()) {
                b.setSelected(true);
            }
        }
    }

    /** Opens the step for moving {@code s} away from the engine's server. */
    public void open(RestoreService e, DetectedStack s) {
        onCancelConnect();
        engine = e;
        vm.open(s, e.where());
    }

    /**
     * What Next does once logged in: receives the new server (it then belongs to the receiver) and the site URL, or
     * null to keep it.
     */
    public void onConnected(BiConsumer<MigrationTarget, String> then) {
        this.onConnected = then;
    }

    @FXML
    private void onBrowseKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose your private SSH key");
        File ssh = home.resolve(".ssh").toFile();
        chooser.setInitialDirectory(ssh.isDirectory() ? ssh : home.toFile());
        File chosen = chooser.showOpenDialog(root.getScene().getWindow());
        if (chosen != null) {
            vm.form().keyFileProperty().set(chosen.getAbsolutePath());
        }
    }

    @Override
    public String next() {
        var form = vm.form();
        if (engine == null || !vm.canConnectProperty().get()) {
            return "";
        }
        RestoreService e = engine;
        ConnectionProfile p = form.toProfile();
        String url = vm.siteUrlOrNull();
        form.connecting(p);
        AtomicBoolean quit = new AtomicBoolean();
        AtomicReference<MigrationTarget> got = new AtomicReference<>();
        gaveUp = quit;
        opened = got;
        javafx.stage.Window window = root.getScene().getWindow();
        DialogPrompter prompter = new DialogPrompter(() -> window);
        connecting = FxTasks.run(
                () -> {
                    got.set(e.connect(p, prompter));
                    if (quit.get()) { // the user gave up while the login finished
                        closeUntaken(got);
                        throw new CancelledException("Cancelled.");
                    }
                    return null;
                },
                ignored -> {
                    MigrationTarget t = got.getAndSet(null);
                    if (t != null) {
                        form.connected();
                        onConnected.accept(t, url);
                    }
                },
                form::connectFailed);
        return "Logging in to " + p.address() + " (" + p.auth().label().toLowerCase() + ") …";
    }

    /** Closes a target nobody took, off the FX thread. */
    private static void closeUntaken(AtomicReference<MigrationTarget> got) {
        MigrationTarget t = got.getAndSet(null);
        if (t != null) {
            FxTasks.background(t::close);
        }
    }

    @FXML
    private void onCancelConnect() {
        if (connecting != null && connecting.isRunning()) {
            gaveUp.set(true);
            connecting.cancel();
            closeUntaken(opened);
            vm.form().connectCancelled();
        }
    }

    public DestinationViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.ACTION;
    }

    @Override
    public String title() {
        return "Where to move it";
    }

    @Override
    public String subtitle() {
        return "The new server needs Docker with compose and rsync, and a login as root or with sudo. Nothing changes"
                + " before you press Start on the plan.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canConnectProperty();
    }

    @Override
    public ObservableStringValue nextLabel() {
        return new ReadOnlyStringWrapper("Log in and plan");
    }

    /** A saved profile as its name and address. */
    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        @Override
        protected void updateItem(ConnectionProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  ·  " + p.address());
        }
    }
}
