package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.GraphicCell;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.SegmentedButton;

/** Binds the Connect page's controls to its {@link ConnectViewModel}. No decisions here. */
public final class ConnectController implements WizardPage {
    private static final Map<AuthMethod, String> HINTS = Map.of(
            AuthMethod.KEY_FILE, "If the key has a passphrase, Lifeboat asks for it when connecting.",
            AuthMethod.AGENT, "Uses the keys your running ssh-agent holds (SSH_AUTH_SOCK).",
            AuthMethod.PASSWORD, "The password is asked when connecting and never saved.");

    private final ConnectViewModel vm;
    private final Path home;
    private final Connector connector;
    private final Consumer<SshSession> onConnected;
    private Task<SshSession> connecting;
    private Attempt attempt;

    /**
     * One connection attempt: whether the user gave up on it, and the session it opened until someone takes it.
     * Exactly one of the worker, Cancel and the success handler takes the session ({@code getAndSet(null)}), so a
     * session opened just as the user cancels is closed, never leaked.
     */
    private record Attempt(AtomicBoolean gaveUp, AtomicReference<SshSession> opened) {
        Attempt() {
            this(new AtomicBoolean(), new AtomicReference<>());
        }

        /** Closes the session if nobody took it, off the FX thread (a disconnect may wait on the network). */
        void closeUntaken() {
            SshSession s = opened.getAndSet(null);
            if (s != null) {
                FxTasks.background(s::close);
            }
        }
    }

    @FXML
    private HBox root;

    @FXML
    private ListView<ConnectionProfile> profileList;

    @FXML
    private Label storeErrorLabel;

    @FXML
    private Button deleteButton;

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
    private Label authHint;

    @FXML
    private CheckBox saveCheck;

    @FXML
    private TextField profileNameField;

    @FXML
    private Label problemLabel;

    @FXML
    private HBox connectRow;

    @FXML
    private ProgressIndicator connectProgress;

    @FXML
    private Label connectStatusLabel;

    @FXML
    private Button cancelConnectButton;

    @FXML
    private VBox errorBox;

    @FXML
    private Label errorLabel;

    @FXML
    private VBox formCard;

    /**
     * @param connector logs in (on a worker thread)
     * @param onConnected receives the open session on the FX thread; it then belongs to the receiver
     */
    public ConnectController(ConnectViewModel vm, Path home, Connector connector, Consumer<SshSession> onConnected) {
        this.vm = vm;
        this.home = home;
        this.connector = connector;
        this.onConnected = onConnected;
    }

    @FXML
    private void initialize() {
        hostField.textProperty().bindBidirectional(vm.hostProperty());
        portField.textProperty().bindBidirectional(vm.portProperty());
        userField.textProperty().bindBidirectional(vm.userProperty());
        keyFileField.textProperty().bindBidirectional(vm.keyFileProperty());
        saveCheck.selectedProperty().bindBidirectional(vm.saveProfileProperty());
        profileNameField.textProperty().bindBidirectional(vm.profileNameProperty());
        profileNameField.disableProperty().bind(saveCheck.selectedProperty().not());

        keyToggle.setUserData(AuthMethod.KEY_FILE);
        agentToggle.setUserData(AuthMethod.AGENT);
        passwordToggle.setUserData(AuthMethod.PASSWORD);
        authButtons.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one method is always chosen
            } else {
                vm.authProperty().set((AuthMethod) now.getUserData());
            }
        });
        vm.authProperty().addListener((obs, old, now) -> showAuth(now));
        showAuth(vm.authProperty().get());

        problemLabel.textProperty().bind(vm.problemProperty());
        connectProgress.visibleProperty().bind(vm.connectingProperty());
        connectProgress.managedProperty().bind(vm.connectingProperty());
        cancelConnectButton.visibleProperty().bind(vm.connectingProperty());
        cancelConnectButton.managedProperty().bind(vm.connectingProperty());
        connectStatusLabel.textProperty().bind(vm.connectStatusProperty());
        connectRow.visibleProperty().bind(vm.connectStatusProperty().isNotEmpty());
        connectRow.managedProperty().bind(connectRow.visibleProperty());
        errorLabel.textProperty().bind(vm.connectErrorProperty());
        errorBox.visibleProperty().bind(vm.connectErrorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        formCard.disableProperty().bind(vm.connectingProperty());
        storeErrorLabel.textProperty().bind(vm.storeErrorProperty());
        storeErrorLabel.visibleProperty().bind(vm.storeErrorProperty().isNotEmpty());
        storeErrorLabel.managedProperty().bind(storeErrorLabel.visibleProperty());

        profileList.setItems(vm.profiles());
        profileList.setCellFactory(list -> new ProfileCell());
        Label empty = new Label("No saved servers yet. Tick \"Save as profile\" to keep one.");
        empty.setWrapText(true);
        empty.setMaxWidth(180);
        profileList.setPlaceholder(empty);
        profileList.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.apply(now);
            }
        });
        deleteButton
                .disableProperty()
                .bind(profileList.getSelectionModel().selectedItemProperty().isNull());
        vm.loadProfiles();
    }

    private void showAuth(AuthMethod method) {
        boolean key = method == AuthMethod.KEY_FILE;
        keyFileLabel.setVisible(key);
        keyFileRow.setVisible(key);
        authHint.setText(HINTS.get(method));
        for (ToggleButton b : authButtons.getButtons()) {
            if (b.getUserData() == method && !b.isSelected()) {
                b.setSelected(true);
            }
        }
    }

    @FXML
    private void onBrowseKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose your private SSH key");
        File ssh = home.resolve(".ssh").toFile();
        chooser.setInitialDirectory(ssh.isDirectory() ? ssh : home.toFile());
        File chosen = chooser.showOpenDialog(root.getScene().getWindow());
        if (chosen != null) {
            vm.keyFileProperty().set(chosen.getAbsolutePath());
        }
    }

    /** Selects the saved profile of that name, filling in the form; false when there is none. */
    public boolean select(String profileName) {
        for (ConnectionProfile p : vm.profiles()) {
            if (p.name().equals(profileName)) {
                profileList.getSelectionModel().select(p);
                return true;
            }
        }
        return false;
    }

    @FXML
    private void onNewProfile() {
        profileList.getSelectionModel().clearSelection();
        vm.clear(home);
        hostField.requestFocus();
    }

    @FXML
    private void onDeleteProfile() {
        ConnectionProfile selected = profileList.getSelectionModel().getSelectedItem();
        if (selected != null) {
            vm.delete(selected);
        }
    }

    @Override
    public WizardStep step() {
        return WizardStep.CONNECT;
    }

    @Override
    public String title() {
        return "Connect to your server";
    }

    @Override
    public String subtitle() {
        return "Lifeboat logs in over SSH. Nothing is installed on the server.";
    }

    @Override
    public Node view() {
        return root;
    }

    /** The host: with no profile chosen, typing starts there (the profile list is a Tab away). */
    @Override
    public Node initialFocus() {
        return hostField;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canConnectProperty();
    }

    /** Saves the profile if asked, then logs in off the FX thread; on success hands the session on. */
    @Override
    public String next() {
        if (vm.connectingProperty().get()) {
            return "";
        }
        boolean saved = vm.saveIfAsked();
        ConnectionProfile p = vm.toProfile();
        vm.connecting(p);
        Attempt current = new Attempt();
        attempt = current;
        // The window, taken now: the session's later questions (sudo) come when this page has left the scene.
        javafx.stage.Window window = root.getScene().getWindow();
        DialogPrompter prompter = new DialogPrompter(() -> window);
        connecting = FxTasks.run(
                () -> {
                    current.opened().set(connector.connect(p, prompter));
                    if (current.gaveUp().get()) { // the user gave up while the login finished
                        current.closeUntaken();
                        throw new CancelledException("Cancelled.");
                    }
                    return null;
                },
                ignored -> {
                    SshSession session = current.opened().getAndSet(null);
                    if (session != null) {
                        vm.connected();
                        onConnected.accept(session);
                    }
                },
                vm::connectFailed);
        return (saved ? "Saved profile \"" + p.name() + "\". " : "") + "Connecting to " + p.address() + " ("
                + p.auth().label().toLowerCase() + ") …";
    }

    @FXML
    private void onCancelConnect() {
        if (connecting != null && connecting.isRunning()) {
            attempt.gaveUp().set(true);
            connecting.cancel();
            attempt.closeUntaken();
            vm.connectCancelled();
        }
    }

    /** Shows a profile as its name over its address. */
    private static final class ProfileCell extends GraphicCell<ConnectionProfile> {
        @Override
        protected Node render(ConnectionProfile p) {
            Label name = new Label(p.name());
            name.getStyleClass().add("profile-name");
            Label address = new Label(p.address());
            address.getStyleClass().add("profile-address");
            return new VBox(2, name, address);
        }
    }
}
