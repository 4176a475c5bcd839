package dev.lifeboat.ui.wizard;

import dev.lifeboat.engine.LifeboatVersion;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
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

    /** Alt+Right does what Next does and Alt+Left what Back does; Enter presses Next (the default button). */
    static final KeyCombination NEXT = new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN);

    static final KeyCombination BACK = new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN);

    private static final KeyCombination ENTER = new KeyCodeCombination(KeyCode.ENTER);

    /** A control that only chooses (an action, a row) and has no use for Enter of its own. */
    private static boolean choosesOnly(Node focused) {
        return focused instanceof ToggleButton || focused instanceof ListView<?> || focused instanceof TableView<?>;
    }

    @FXML
    private void initialize() {
        versionLabel.setText(LifeboatVersion.get());
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (NEXT.match(e)) {
                next();
                e.consume();
            } else if (BACK.match(e)) {
                onBack();
                e.consume();
            } else if (ENTER.match(e) && choosesOnly(root.getScene().getFocusOwner())) {
                // Toggles, lists and tables swallow Enter, so the default button would never see it there.
                next();
                e.consume();
            }
        });
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
        // The control that had the focus left with the old page: give it to the new page's first control, so that
        // the keyboard goes on where the eyes do (once the page is laid out; a page may still be filling itself).
        Platform.runLater(() -> {
            if (current == page) {
                Node first = page.initialFocus() != null ? page.initialFocus() : firstFocusable(page.view());
                (first != null ? first : nextButton).requestFocus();
            }
        });
    }

    /** The first control of a page that the keyboard can reach, in the order Tab goes. */
    static Node firstFocusable(Node node) {
        if (!node.isVisible() || node.isDisabled()) {
            return null;
        }
        if (node.isFocusTraversable()) {
            return node;
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                Node f = firstFocusable(child);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
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
