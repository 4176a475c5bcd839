package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.engine.service.Unattended;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.common.FxTasks;
import dev.lifeboat.ui.common.Messages;
import dev.lifeboat.ui.wizard.WizardPage;
import dev.lifeboat.ui.wizard.WizardStep;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The schedule form, bound to its {@link ScheduleFormViewModel}: when to back up and to drill (each calendar read by
 * the scheduler while it is typed, with its next runs), how the runs log in, whom to tell; Save runs the {@link
 * ScheduleSaver} off the FX thread, its questions (the runs' key, a password) as dialogs.
 */
public final class ScheduleFormController implements WizardPage {
    /** The button of the question before the runs' key is installed; tests look it up by this text. */
    public static final String INSTALL_KEY_BUTTON = "Install the key";
    /** How long the form waits after the last key typed before it asks the scheduler about a calendar. */
    static final long PREVIEW_PAUSE_MILLIS = 300;

    private final ScheduleFormViewModel vm;
    private final ScheduleService service;
    private final ScheduleSaver saver;
    private final Path home;
    private Consumer<ScheduleSaver.Saved> onSaved = s -> {};

    @FXML
    private Region root;

    @FXML
    private Label appLabel;

    @FXML
    private TextField nameField;

    @FXML
    private TextField backupField;

    @FXML
    private Label backupReadLabel;

    @FXML
    private Label backupNextLabel;

    @FXML
    private CheckBox drillCheck;

    @FXML
    private TextField drillField;

    @FXML
    private Label drillReadLabel;

    @FXML
    private Label drillNextLabel;

    @FXML
    private Label schedulerLabel;

    @FXML
    private RadioButton ownKeyRadio;

    @FXML
    private RadioButton keyFileRadio;

    @FXML
    private TextField keyFileField;

    @FXML
    private Button chooseKeyButton;

    @FXML
    private Label loginLabel;

    @FXML
    private VBox channelBox;

    @FXML
    private Label problemLabel;

    @FXML
    private Label saveStatusLabel;

    @FXML
    private VBox errorBox;

    @FXML
    private Label errorLabel;

    public ScheduleFormController(ScheduleFormViewModel vm, ScheduleService service, ScheduleSaver saver, Path home) {
        this.vm = vm;
        this.service = service;
        this.saver = saver;
        this.home = home;
    }

    @FXML
    private void initialize() {
        appLabel.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.stackProperty().get() == null
                                        || vm.profileProperty().get() == null
                                ? ""
                                : vm.stackProperty().get().displayName() + " in "
                                        + vm.stackProperty().get().installDir() + " on "
                                        + vm.profileProperty().get().address() + " (profile "
                                        + vm.profileProperty().get().name() + ")",
                        vm.stackProperty(),
                        vm.profileProperty()));
        nameField.textProperty().bindBidirectional(vm.nameProperty());
        bindCalendar(vm.backup(), backupField, backupReadLabel, backupNextLabel);
        bindCalendar(vm.drillCalendar(), drillField, drillReadLabel, drillNextLabel);
        drillCheck.selectedProperty().bindBidirectional(vm.drillProperty());
        drillField.disableProperty().bind(vm.drillProperty().not());
        drillReadLabel.visibleProperty().bind(vm.drillProperty());
        drillNextLabel.visibleProperty().bind(vm.drillProperty());
        schedulerLabel.textProperty().bind(vm.schedulerTextProperty());
        vm.schedulerProperty().addListener((obs, old, now) -> {
            preview(vm.backup());
            preview(vm.drillCalendar());
        });

        ToggleGroup login = new ToggleGroup();
        ownKeyRadio.setToggleGroup(login);
        keyFileRadio.setToggleGroup(login);
        ownKeyRadio.setUserData(ScheduleFormViewModel.Login.OWN_KEY);
        keyFileRadio.setUserData(ScheduleFormViewModel.Login.KEY_FILE);
        login.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.loginProperty().set((ScheduleFormViewModel.Login) now.getUserData());
            }
        });
        vm.loginProperty().addListener((obs, old, now) -> select(login, now));
        select(login, vm.loginProperty().get());
        keyFileField.textProperty().bindBidirectional(vm.keyFileProperty());
        keyFileField.disableProperty().bind(keyFileRadio.selectedProperty().not());
        chooseKeyButton.disableProperty().bind(keyFileRadio.selectedProperty().not());
        loginLabel.textProperty().bind(vm.loginTextProperty());

        vm.channels().addListener((ListChangeListener<ChannelChoice>) c -> renderChannels());
        renderChannels();

        problemLabel.textProperty().bind(vm.problemProperty());
        saveStatusLabel.textProperty().bind(vm.saveStatusProperty());
        errorLabel.textProperty().bind(vm.saveErrorProperty());
        errorBox.visibleProperty().bind(vm.saveErrorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        root.disableProperty().bind(vm.savingProperty());
    }

    private static void select(ToggleGroup group, ScheduleFormViewModel.Login login) {
        group.getToggles().stream()
                .filter(t -> t.getUserData() == login)
                .findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    private void bindCalendar(CalendarPreview c, TextField field, Label read, Label next) {
        field.textProperty().bindBidirectional(c.textProperty());
        read.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> switch (c.stateProperty().get()) {
                            case CHECKING -> "reading it as the scheduler does …";
                            case READ -> c.asReadProperty().get();
                            case REFUSED -> c.errorProperty().get();
                        },
                        c.stateProperty(),
                        c.asReadProperty(),
                        c.errorProperty()));
        c.stateProperty().addListener((obs, old, now) -> {
            read.getStyleClass().remove("error-text");
            if (now == CalendarPreview.State.REFUSED) {
                read.getStyleClass().add("error-text");
            }
        });
        next.textProperty().bind(c.nextProperty());
        next.visibleProperty().bind(c.stateProperty().isEqualTo(CalendarPreview.State.READ));
        PauseTransition pause = new PauseTransition(Duration.millis(PREVIEW_PAUSE_MILLIS));
        pause.setOnFinished(e -> preview(c));
        c.textProperty().addListener((obs, old, now) -> pause.playFromStart());
    }

    /** Asks the scheduler how it reads a calendar, off the FX thread; the answer counts only for the text asked. */
    private void preview(CalendarPreview c) {
        var kind = vm.schedulerProperty().get();
        String text = c.textProperty().get();
        if (kind == null || text == null) {
            return;
        }
        FxTasks.run(
                () -> service.readCalendar(text, kind, 3),
                r -> c.read(text, r, Instant.now()),
                err -> c.refused(text, err instanceof IllegalArgumentException ? err.getMessage() : Messages.of(err)));
    }

    private void renderChannels() {
        channelBox.getChildren().clear();
        for (ChannelChoice c : vm.channels()) {
            CheckBox check = new CheckBox(c.name());
            check.setId("channel-" + c.name());
            check.selectedProperty().bindBidirectional(c.chosenProperty());
            check.setMinWidth(Region.USE_PREF_SIZE);
            Label where = new Label(c.description());
            where.getStyleClass().add("hint");
            where.setMinWidth(0);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Label tested = new Label();
            tested.textProperty().bind(c.testedProperty());
            tested.getStyleClass().add("hint");
            tested.setMinWidth(Region.USE_PREF_SIZE);
            Hyperlink test = new Hyperlink("Send a test");
            test.setVisible(c.saved());
            test.setMinWidth(Region.USE_PREF_SIZE);
            test.setOnAction(e -> test(c));
            HBox row = new HBox(10, check, where, gap, tested, test);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            row.getStyleClass().add("channel-row");
            channelBox.getChildren().add(row);
        }
    }

    private void test(ChannelChoice c) {
        c.testedProperty().set("sending …");
        FxTasks.run(
                () -> java.util.Optional.ofNullable(service.test(c.name())),
                warning -> c.testedProperty()
                        .set(warning.map(w -> "not sent: " + w).orElse("sent: look for it")),
                err -> c.testedProperty().set("not sent: " + Messages.of(err)));
    }

    /**
     * Opens the form for an application on a saved (or, with {@code saved} false, just used) profile's server, with
     * the defaults; reads the channels and this computer's scheduler in the background.
     */
    public void open(ConnectionProfile p, boolean saved, DetectedStack stack) {
        vm.open(p, saved, stack, List.of());
        FxTasks.run(service::listChannels, vm::channelsRead, err -> vm.saveErrorProperty()
                .set("Could not read the notification channels: " + Messages.of(err)));
        FxTasks.run(service::defaultScheduler, vm::schedulerRead, err -> vm.schedulerFailed(Messages.of(err)));
        if (vm.schedulerProperty().get() != null) {
            preview(vm.backup());
            preview(vm.drillCalendar());
        }
    }

    /** Receives what was saved, on the FX thread. */
    public void onSaved(Consumer<ScheduleSaver.Saved> then) {
        this.onSaved = then;
    }

    @FXML
    private void onChooseKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("The key file the runs log in with");
        Path ssh = home.resolve(".ssh");
        if (ssh.toFile().isDirectory()) {
            chooser.setInitialDirectory(ssh.toFile());
        }
        java.io.File f = chooser.showOpenDialog(window());
        if (f != null) {
            vm.keyFileProperty().set(f.getAbsolutePath());
        }
    }

    @FXML
    private void onAddMail() {
        List<String> taken = vm.channels().stream().map(ChannelChoice::name).toList();
        MailChannelForm form = new MailChannelForm(taken);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle("E-mail");
        dialog.setHeaderText("Tell an e-mail address when a run fails");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.getStyleClass().add("form");
        TextField name = field(form.nameProperty(), "mail");
        TextField host = field(form.hostProperty(), "mail.example.org");
        TextField port = field(form.portProperty(), "587");
        port.setPrefColumnCount(5);
        ChoiceBox<String> security = new ChoiceBox<>();
        security.getItems().setAll(MailChannelForm.SECURITY);
        security.valueProperty().bindBidirectional(form.securityProperty());
        TextField user = field(form.userProperty(), "backup@example.org (none: no login)");
        PasswordField password = new PasswordField();
        password.setPromptText("kept in the desktop's secret store");
        TextField from = field(form.fromProperty(), "backup@example.org");
        TextField to = field(form.toProperty(), "admin@example.org");
        int row = 0;
        grid.addRow(row++, new Label("Name"), name);
        grid.addRow(row++, new Label("SMTP server"), host);
        grid.addRow(row++, new Label("Port"), new HBox(8, port, security));
        grid.addRow(row++, new Label("Login"), user);
        grid.addRow(row++, new Label("Password"), password);
        grid.addRow(row++, new Label("From"), from);
        grid.addRow(row++, new Label("To"), to);
        Label problem = new Label();
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(form.problemProperty());
        VBox content = new VBox(10, grid, problem);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        ButtonType add = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, add);
        dialog.getDialogPane()
                .lookupButton(add)
                .disableProperty()
                .bind(form.problemProperty().isNotEmpty());
        Platform.runLater(host::requestFocus);
        if (dialog.showAndWait().filter(b -> b == add).isEmpty()) {
            password.clear();
            return;
        }
        Channel channel = form.toChannel();
        char[] secret = password.getText().isEmpty() ? null : password.getText().toCharArray();
        password.clear();
        vm.saveProgress("");
        FxTasks.run(
                () -> service.addChannel(channel, secret),
                saved -> {
                    vm.channelAdded(saved);
                    vm.saveErrorProperty().set("");
                },
                err -> vm.saveErrorProperty()
                        .set("Could not add the channel " + channel.name() + ": " + Messages.of(err)));
    }

    private static TextField field(javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setPromptText(prompt);
        f.setPrefColumnCount(24);
        return f;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** Asks the admin, on the FX thread, whether the runs' key goes into the server's authorized_keys. */
    private boolean askInstallKey(Unattended.Key key, ConnectionProfile p) {
        return onFx(() -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
            alert.initOwner(window());
            alert.setTitle("The runs' key");
            alert.setHeaderText("Install the runs' key on " + p.address() + "?");
            Label intro = new Label("The scheduled runs log in with this key alone. It has no passphrase, so nobody"
                    + " needs to be there at 03:00; it is kept in " + key.file() + ", which only you can read."
                    + " Lifeboat adds this line to " + p.address() + "'s ~/.ssh/authorized_keys, as ssh-copy-id does:");
            intro.setWrapText(true);
            TextArea line = new TextArea(key.publicLine());
            line.setEditable(false);
            line.setWrapText(true);
            line.setPrefRowCount(3);
            line.getStyleClass().add("fingerprint");
            Label fingerprint = new Label("Fingerprint: " + key.fingerprint());
            fingerprint.getStyleClass().add("fingerprint");
            fingerprint.setId("keyFingerprint");
            Label after = new Label("To take the access back, remove that line from the server's authorized_keys.");
            after.setWrapText(true);
            after.getStyleClass().add("hint");
            VBox content = new VBox(10, intro, line, fingerprint, after);
            content.setPrefWidth(520);
            alert.getDialogPane().setContent(content);
            alert.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
            ButtonType install = new ButtonType(INSTALL_KEY_BUTTON, ButtonBar.ButtonData.OK_DONE);
            ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
            alert.getButtonTypes().setAll(cancel, install);
            return alert.showAndWait().filter(b -> b == install).isPresent();
        });
    }

    /** Runs a question on the FX thread from the worker and waits for it; an interrupted wait answers no. */
    private static boolean onFx(Supplier<Boolean> question) {
        if (Platform.isFxApplicationThread()) {
            return question.get();
        }
        FutureTask<Boolean> task = new FutureTask<>(question::get);
        Platform.runLater(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(false);
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the question dialog failed", e.getCause());
        }
    }

    public ScheduleFormViewModel viewModel() {
        return vm;
    }

    @Override
    public WizardStep step() {
        return WizardStep.SCHEDULES;
    }

    @Override
    public String title() {
        return "Back up every night";
    }

    @Override
    public String subtitle() {
        return "This computer's scheduler backs the application up and rehearses its restore, unattended, and you"
                + " hear only when something needs you. Check the times, then save.";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public ObservableBooleanValue canGoNext() {
        return vm.canSaveProperty();
    }

    @Override
    public ObservableBooleanValue canGoBack() {
        return vm.savingProperty().not();
    }

    @Override
    public ObservableStringValue nextLabel() {
        return new ReadOnlyStringWrapper("Save schedule");
    }

    @Override
    public String next() {
        if (!vm.canSaveProperty().get()) {
            return "";
        }
        ScheduleSaver.Request request = vm.request(Instant.now());
        vm.savingStarted();
        DialogPrompter prompter = new DialogPrompter(this::window);
        FxTasks.run(
                () -> saver.save(
                        request, prompter, this::askInstallKey, what -> Platform.runLater(() -> vm.saveProgress(what))),
                saved -> {
                    vm.saved("Saved " + saved.schedule().name() + ".");
                    onSaved.accept(saved);
                },
                err -> vm.saveFailed(Messages.of(err)));
        return "Saving the schedule " + request.draft().name() + " …";
    }
}
