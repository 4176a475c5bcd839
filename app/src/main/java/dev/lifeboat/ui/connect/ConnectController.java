package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.SshSession;
import dev.lifeboat.ui.common.GraphicCell;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Binds the Connect page's controls to its {@link ConnectViewModel}: the saved servers, the {@link LoginForm} and
 * "Save as profile". No decisions here.
 */
public final class ConnectController implements WizardPage {
    private final ConnectViewModel vm;
    private final Path home;
    private final Connector<SshSession> connector;
    private final Consumer<SshSession> onConnected;

    @FXML
    private HBox root;

    @FXML
    private ListView<ConnectionProfile> profileList;

    @FXML
    private Label storeErrorLabel;

    @FXML
    private Button deleteButton;

    @FXML
    private LoginForm login;

    @FXML
    private CheckBox saveCheck;

    @FXML
    private TextField profileNameField;

    /**
     * @param connector logs in (on a worker thread)
     * @param onConnected receives the open session on the FX thread; it then belongs to the receiver
     */
    public ConnectController(
            ConnectViewModel vm, Path home, Connector<SshSession> connector, Consumer<SshSession> onConnected) {
        this.vm = vm;
        this.home = home;
        this.connector = connector;
        this.onConnected = onConnected;
    }

    @FXML
    private void initialize() {
        login.bind(vm, vm.problemProperty(), home);
        saveCheck.selectedProperty().bindBidirectional(vm.saveProfileProperty());
        profileNameField.textProperty().bindBidirectional(vm.profileNameProperty());
        profileNameField.disableProperty().bind(saveCheck.selectedProperty().not());
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
        login.hostField().requestFocus();
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
        return login.hostField();
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
        login.logIn(p, connector, onConnected);
        return (saved ? "Saved profile \"" + p.name() + "\". " : "") + "Connecting to " + p.address() + " ("
                + p.auth().label().toLowerCase() + ") …";
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
