package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Fxml;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.SegmentedButton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login form of the Connect page and of a migration's new server ({@code LoginForm.fxml}): host, port, user, the
 * way of signing in, the first problem to fix, and the login itself, off the FX thread, with its progress, Cancel and
 * why it failed. A page puts it in its FXML like any control ({@code <LoginForm title="Server" hostPrompt="…"
 * errorTitle="…">}), with its own controls in {@code <header>} (right of the title) and {@code <below>} (under the
 * login fields), and binds it to the form's {@link ConnectViewModel} in its {@code initialize()}. FX thread only.
 */
public final class LoginForm extends VBox {
    private static final Logger LOG = LoggerFactory.getLogger(LoginForm.class);

    private static final Map<AuthMethod, String> HINTS = Map.of(
            AuthMethod.KEY_FILE, "If the key has a passphrase, Lifeboat asks for it when connecting.",
            AuthMethod.AGENT, "Uses the keys your running ssh-agent holds (SSH_AUTH_SOCK).",
            AuthMethod.PASSWORD, "The password is asked when connecting and never saved.");

    private ConnectViewModel form;
    private Path home;
    private Task<?> connecting;
    private Attempt<?> attempt;

    /**
     * One login: whether the user gave up on it, and what it opened until someone takes it. Exactly one of the worker,
     * Cancel and the success handler takes it ({@code getAndSet(null)}), so a login that ends just as the user cancels
     * is closed, never leaked.
     */
    private record Attempt<T extends AutoCloseable>(AtomicBoolean gaveUp, AtomicReference<T> opened) {
        Attempt() {
            this(new AtomicBoolean(), new AtomicReference<>());
        }

        /** Closes what the login opened if nobody took it, off the FX thread (a disconnect may wait on the network). */
        void closeUntaken() {
            T t = opened.getAndSet(null);
            if (t != null) {
                FxTasks.background(() -> closeQuietly(t));
            }
        }
    }

    @FXML
    private VBox formCard;

    @FXML
    private HBox header;

    @FXML
    private Label titleLabel;

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
    private VBox below;

    @FXML
    private Label problemLabel;

    @FXML
    private VBox errorBox;

    @FXML
    private Label errorTitleLabel;

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

    public LoginForm() {
        Fxml.component(this, "LoginForm.fxml");
    }

    /**
     * Binds the fields to {@code form} and shows {@code problem} (the first thing to fix on the page) under them.
     *
     * @param home the user's home, where the key file chooser opens
     */
    public void bind(ConnectViewModel form, ObservableStringValue problem, Path home) {
        this.form = form;
        this.home = home;
        hostField.textProperty().bindBidirectional(form.hostProperty());
        portField.textProperty().bindBidirectional(form.portProperty());
        userField.textProperty().bindBidirectional(form.userProperty());
        keyFileField.textProperty().bindBidirectional(form.keyFileProperty());

        keyToggle.setUserData(AuthMethod.KEY_FILE);
        agentToggle.setUserData(AuthMethod.AGENT);
        passwordToggle.setUserData(AuthMethod.PASSWORD);
        authButtons.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one method is always chosen
            } else {
                form.authProperty().set((AuthMethod) now.getUserData());
            }
        });
        form.authProperty().addListener((obs, old, now) -> showAuth(now));
        showAuth(form.authProperty().get());

        problemLabel.textProperty().bind(problem);
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
        File chosen = chooser.showOpenDialog(getScene().getWindow());
        if (chosen != null) {
            form.keyFileProperty().set(chosen.getAbsolutePath());
        }
    }

    /**
     * Logs in to {@code p} through {@code connector} off the FX thread, the form showing its progress and Cancel. On
     * success {@code then} receives what the login opened, on the FX thread, and owns it from then on; on failure the
     * form says why.
     */
    public <T extends AutoCloseable> void logIn(ConnectionProfile p, Connector<T> connector, Consumer<T> then) {
        form.connecting(p);
        Attempt<T> current = new Attempt<>();
        attempt = current;
        // The window, taken now: the session's later questions (sudo) come when this page has left the scene.
        Window window = getScene().getWindow();
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
                    T opened = current.opened().getAndSet(null);
                    if (opened != null) {
                        form.connected();
                        then.accept(opened);
                    }
                },
                form::connectFailed);
    }

    @FXML
    private void onCancelConnect() {
        cancel();
    }

    /** Gives up the running login, if one runs; whatever it opens is closed. */
    public void cancel() {
        if (connecting != null && connecting.isRunning()) {
            attempt.gaveUp().set(true);
            connecting.cancel();
            attempt.closeUntaken();
            form.connectCancelled();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Could not close {}: {}", c, e.toString());
        }
    }

    /** The host field, where typing starts. */
    public TextField hostField() {
        return hostField;
    }

    /** The card's title, e.g. {@code Server}. */
    public String getTitle() {
        return titleLabel.getText();
    }

    public void setTitle(String title) {
        titleLabel.setText(title);
    }

    /** What the empty host field suggests, e.g. {@code example.org or an ssh alias}. */
    public String getHostPrompt() {
        return hostField.getPromptText();
    }

    public void setHostPrompt(String prompt) {
        hostField.setPromptText(prompt);
    }

    /** The heading over a failed login, e.g. {@code Could not connect}. */
    public String getErrorTitle() {
        return errorTitleLabel.getText();
    }

    public void setErrorTitle(String title) {
        errorTitleLabel.setText(title);
    }

    /** The page's controls right of the title, e.g. a choice of saved servers. */
    public ObservableList<Node> getHeader() {
        return header.getChildren();
    }

    /** The page's controls under the login fields, e.g. "Save as profile". */
    public ObservableList<Node> getBelow() {
        return below.getChildren();
    }
}
