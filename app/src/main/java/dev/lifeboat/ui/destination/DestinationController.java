package dev.lifeboat.ui.destination;

import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.MigrationTarget;
import dev.lifeboat.engine.service.RestoreService;
import dev.lifeboat.ui.connect.LoginForm;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * Binds a migration's target step to its {@link DestinationViewModel}: the new server's login (the Connect page's
 * {@link LoginForm}, the host key confirmed on first contact), filled in from a saved server if wished, and the site
 * URL there.
 */
public final class DestinationController implements WizardPage {
    private final DestinationViewModel vm;
    private final Path home;
    private RestoreService engine;
    private BiConsumer<MigrationTarget, String> onConnected = (t, u) -> t.close();

    @FXML
    private VBox root;

    @FXML
    private Label appLabel;

    @FXML
    private LoginForm login;

    @FXML
    private ComboBox<ConnectionProfile> profileChoice;

    @FXML
    private TextField siteUrlField;

    public DestinationController(DestinationViewModel vm, Path home) {
        this.vm = vm;
        this.home = home;
    }

    @FXML
    private void initialize() {
        var form = vm.form();
        login.bind(form, vm.problemProperty(), home);
        siteUrlField.textProperty().bindBidirectional(vm.siteUrlProperty());

        profileChoice.setItems(form.profiles());
        profileChoice.setCellFactory(l -> new ProfileCell());
        profileChoice.setButtonCell(new ProfileCell());
        profileChoice.valueProperty().addListener((obs, old, p) -> {
            if (p != null) {
                form.apply(p);
            }
        });
        profileChoice.disableProperty().bind(Bindings.isEmpty(form.profiles()));

        appLabel.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.stackProperty().get() == null
                                ? ""
                                : vm.stackProperty().get().displayName() + " in "
                                        + vm.stackProperty().get().installDir() + " on "
                                        + vm.sourceProperty().get() + " moves to:",
                        vm.stackProperty(),
                        vm.sourceProperty()));
    }

    /** Opens the step for moving {@code s} away from the engine's server. */
    public void open(RestoreService e, DetectedStack s) {
        login.cancel();
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

    /** Logs in to the new server off the FX thread; on success hands it on with the site URL. */
    @Override
    public String next() {
        if (engine == null || !vm.canConnectProperty().get()) {
            return "";
        }
        ConnectionProfile p = vm.form().toProfile();
        String url = vm.siteUrlOrNull();
        login.logIn(p, engine::connect, target -> onConnected.accept(target, url));
        return "Logging in to " + p.address() + " (" + p.auth().label().toLowerCase() + ") …";
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

    /** A saved server as its name and address. */
    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        @Override
        protected void updateItem(ConnectionProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  ·  " + p.address());
        }
    }
}
