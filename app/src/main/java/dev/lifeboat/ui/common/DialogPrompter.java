package dev.lifeboat.ui.common;

import dev.lifeboat.engine.remote.HostKeyInfo;
import dev.lifeboat.engine.remote.Prompter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Answers the engine's questions with dialogs. The engine calls it on a worker thread; each question hops to the FX
 * thread, shows a modal dialog over the owner window and hands the answer back. Secrets are never logged or kept.
 */
public final class DialogPrompter implements Prompter {
    /** The button that trusts an unknown host key; tests look it up by this text. */
    public static final String TRUST_BUTTON = "Trust and connect";

    private final Supplier<Window> owner;

    public DialogPrompter(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<char[]> password(String userAtHost, String promptText) {
        if (!Prompter.isPasswordPrompt(promptText)) {
            return onFx(
                    () -> askSecret("Sign in", userAtHost + " asks", promptText.strip(), "Answer"), Optional.empty());
        }
        return onFx(
                () -> askSecret(
                        "Password",
                        "Password for " + userAtHost,
                        "The server asks for the login password. Lifeboat keeps it in memory for this connection only.",
                        "Password"),
                Optional.empty());
    }

    @Override
    public Optional<char[]> passphrase(Path keyFile) {
        return onFx(
                () -> askSecret(
                        "Key passphrase",
                        "Passphrase for " + keyFile.getFileName(),
                        "The key file " + keyFile + " is protected by a passphrase.",
                        "Passphrase"),
                Optional.empty());
    }

    @Override
    public Optional<char[]> sudoPassword(String userAtHost) {
        return onFx(
                () -> askSecret(
                        "Administrator password",
                        "sudo password for " + userAtHost,
                        "Some steps need administrator rights on the server, and sudo asks for this user's password."
                                + " It is sent to sudo directly, never on a command line.",
                        "Password"),
                Optional.empty());
    }

    @Override
    public boolean confirmUnknownHostKey(HostKeyInfo key) {
        return onFx(() -> askHostKey(key), false);
    }

    private boolean askHostKey(HostKeyInfo key) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.setTitle("Unknown server");
        alert.setHeaderText("Is this really " + key.displayHost() + "?");
        TextField fingerprint = new TextField(key.fingerprint());
        fingerprint.setEditable(false);
        fingerprint.getStyleClass().add("fingerprint");
        fingerprint.setPrefColumnCount(44);
        Label intro = new Label(
                "Lifeboat has not connected to this server before. It presents this " + key.keyType() + " host key:");
        intro.setWrapText(true);
        Label advice = new Label("Compare the fingerprint with the one from your server's administrator or hosting"
                + " panel (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). If they match,"
                + " Lifeboat trusts the key and remembers it in known_hosts. If they do not, someone may be"
                + " intercepting the connection: cancel.");
        advice.setWrapText(true);
        VBox content = new VBox(10, intro, fingerprint, advice);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(480);
        alert.getDialogPane().setContent(content);
        styled(alert);
        ButtonType trust = new ButtonType(TRUST_BUTTON, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(cancel, trust);
        alert.getDialogPane().lookupButton(cancel).getStyleClass().add("default-safe");
        return alert.showAndWait().filter(b -> b == trust).isPresent();
    }

    private Optional<char[]> askSecret(String title, String header, String text, String fieldPrompt) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        PasswordField field = new PasswordField();
        field.setPromptText(fieldPrompt);
        Label explanation = new Label(text);
        explanation.setWrapText(true);
        VBox content = new VBox(10, explanation, field);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);
        styled(dialog);
        ButtonType ok = new ButtonType("OK", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
        dialog.setResultConverter(b -> b == ok ? field.getText().toCharArray() : null);
        Platform.runLater(field::requestFocus);
        Optional<char[]> answer = dialog.showAndWait();
        field.clear();
        return answer;
    }

    /** Gives a dialog the window's stylesheets, so it looks like the rest of Lifeboat. */
    private void styled(Dialog<?> dialog) {
        Window w = owner.get();
        if (w != null && w.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(w.getScene().getStylesheets());
        }
    }

    /**
     * Runs {@code question} on the FX thread and waits for its answer. An interrupted wait (the user cancelled the
     * work) closes nothing and answers "no": the engine then stops with its own message.
     */
    private static <T> T onFx(Supplier<T> question, T no) {
        if (Platform.isFxApplicationThread()) {
            return question.get();
        }
        if (Thread.currentThread().isInterrupted()) {
            return no; // the work was cancelled: do not show a question nobody waits for
        }
        FutureTask<T> task = new FutureTask<>(question::get);
        Platform.runLater(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(false); // not shown yet: never shown
            Thread.currentThread().interrupt();
            return no;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the question dialog failed", e.getCause());
        }
    }
}
