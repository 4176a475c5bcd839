package dev.lifeboat.ui.wizard;

import dev.lifeboat.engine.LifeboatVersion;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The wizard's frame: the step list on the left, the current page, and Back / Next at the bottom. */
public final class WizardController {
    private WizardPage current;
    private final java.util.Deque<WizardPage> history = new java.util.ArrayDeque<>();

    @FXML
    private BorderPane root;

    @FXML
    private Label versionLabel;

    @FXML
    private VBox stepList;

    @FXML
    private Label pageTitle;

    @FXML
    private Label pageSubtitle;

    @FXML
    private StackPane pageHolder;

    @FXML
    private Label statusLabel;

    @FXML
    private Button backButton;

    @FXML
    private Button nextButton;

    @FXML
    private void initialize() {
        versionLabel.setText(LifeboatVersion.get());
    }

    /** Shows a page and marks its step in the sidebar; Back returns to the page shown before it. */
    public void show(WizardPage page) {
        if (current != null && current != page) {
            history.push(current);
        }
        display(page);
    }

    private void display(WizardPage page) {
        current = page;
        pageTitle.setText(page.title());
        pageSubtitle.setText(page.subtitle());
        pageHolder.getChildren().setAll(page.view());
        nextButton.disableProperty().unbind();
        nextButton.disableProperty().bind(Bindings.not(page.canGoNext()));
        nextButton.textProperty().unbind();
        nextButton.textProperty().bind(page.nextLabel());
        backButton.disableProperty().unbind();
        backButton
                .disableProperty()
                .bind(Bindings.not(page.canGoBack()).or(new SimpleBooleanProperty(history.isEmpty())));
        statusLabel.setText("");
        renderSteps(page.step());
    }

    private void renderSteps(WizardStep active) {
        stepList.getChildren().clear();
        for (WizardStep s : WizardStep.values()) {
            Label number = new Label(String.valueOf(s.ordinal() + 1));
            number.getStyleClass().add("step-number");
            Label name = new Label(s.label());
            name.getStyleClass().add("step-name");
            HBox row = new HBox(10, number, name);
            row.getStyleClass().add("step");
            if (s == active) {
                row.getStyleClass().add("active");
            } else if (s.ordinal() < active.ordinal()) {
                row.getStyleClass().add("done");
            }
            stepList.getChildren().add(row);
        }
    }

    @FXML
    private void onNext() {
        next();
    }

    /** Does what the Next button does, when it is enabled. */
    public void next() {
        if (current != null && !nextButton.isDisabled()) {
            statusLabel.setText(current.next());
        }
    }

    /** Shows a line in the status bar. */
    public void status(String text) {
        statusLabel.setText(text);
    }

    @FXML
    private void onBack() {
        if (!history.isEmpty() && !backButton.isDisabled()) {
            display(history.pop());
        }
    }

    /** The page shown now. */
    public WizardPage current() {
        return current;
    }

    public BorderPane root() {
        return root;
    }
}
