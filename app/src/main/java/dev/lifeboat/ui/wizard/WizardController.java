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
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The wizard's frame: the step list on the left, the current page, and Back / Next at the bottom. */
public final class WizardController {
    private WizardPage current;
    private Runnable onSchedules = () -> {};
    private java.util.function.Consumer<String> onSchedule = name -> {};
    private java.util.List<SidebarSchedule> schedules = java.util.List.of();
    private final java.util.Deque<WizardPage> history = new java.util.ArrayDeque<>();

    @FXML
    private BorderPane root;

    @FXML
    private Label versionLabel;

    @FXML
    private VBox stepList;

    @FXML
    private VBox scheduleList;

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
        int number = 0;
        for (WizardStep s : WizardStep.values()) {
            if (!s.numbered()) {
                continue;
            }
            Label n = new Label(String.valueOf(++number));
            n.getStyleClass().add("step-number");
            Label name = new Label(s.label());
            name.getStyleClass().add("step-name");
            HBox row = new HBox(10, n, name);
            row.getStyleClass().add("step");
            if (s == active) {
                row.getStyleClass().add("active");
            } else if (active.numbered() && s.ordinal() < active.ordinal()) {
                row.getStyleClass().add("done");
            }
            stepList.getChildren().add(row);
        }
        renderSchedules();
    }

    /** The Schedules area under the steps: its entry, then each schedule with a dot of its state's colour. */
    private void renderSchedules() {
        scheduleList.getChildren().clear();
        Label title = new Label(WizardStep.SCHEDULES.label());
        title.getStyleClass().add("step-name");
        long troubled = schedules.stream()
                .filter(s -> s.tone().equals("failed") || s.tone().equals("overdue"))
                .count();
        HBox entry = new HBox(10, scheduleIcon(), title);
        if (troubled > 0) {
            javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
            HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
            Label badge = new Label(String.valueOf(troubled));
            badge.getStyleClass().add("sidebar-alert");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            javafx.scene.control.Tooltip.install(
                    badge,
                    new javafx.scene.control.Tooltip(
                            troubled + (troubled == 1 ? " schedule needs" : " schedules need") + " you"));
            entry.getChildren().addAll(gap, badge);
        }
        entry.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        entry.getStyleClass().addAll("step", "schedules-entry");
        entry.setId("schedulesEntry");
        if (current != null && current.step() == WizardStep.SCHEDULES) {
            entry.getStyleClass().add("active");
        }
        entry.setOnMouseClicked(e -> {
            if (mayLeave()) {
                onSchedules.run();
            }
        });
        scheduleList.getChildren().add(entry);
        for (SidebarSchedule s : schedules) {
            javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(4);
            dot.getStyleClass().addAll("schedule-dot", "tone-" + s.tone());
            Label name = new Label(s.name());
            name.getStyleClass().add("sidebar-schedule-name");
            name.setMinWidth(0);
            javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
            HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
            Label state = new Label(s.state());
            state.getStyleClass().addAll("sidebar-schedule-state", "tone-" + s.tone());
            state.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            HBox row = new HBox(8, dot, name, gap, state);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            row.getStyleClass().add("sidebar-schedule");
            row.setId("sidebar-schedule-" + s.name());
            javafx.scene.control.Tooltip.install(row, new javafx.scene.control.Tooltip(s.detail()));
            row.setOnMouseClicked(e -> {
                if (mayLeave()) {
                    onSchedule.accept(s.name());
                }
            });
            scheduleList.getChildren().add(row);
        }
    }

    /** A small clock drawn with shapes: the Schedules entry's number circle. */
    private static Node scheduleIcon() {
        Label icon = new Label();
        icon.getStyleClass().addAll("step-number", "schedules-icon");
        javafx.scene.shape.Line hand = new javafx.scene.shape.Line(0, 0, 0, -5);
        javafx.scene.shape.Line hand2 = new javafx.scene.shape.Line(0, 0, 4, 0);
        hand.getStyleClass().add("clock-hand");
        hand2.getStyleClass().add("clock-hand");
        javafx.scene.shape.Circle face = new javafx.scene.shape.Circle(7);
        face.setFill(javafx.scene.paint.Color.TRANSPARENT);
        icon.setGraphic(new javafx.scene.Group(face, hand, hand2));
        return icon;
    }

    /** Whether the sidebar may take the user away from the current page: not from a run that must not be left. */
    private boolean mayLeave() {
        if (current != null && !current.canGoBack().get()) {
            statusLabel.setText("The schedules are a click away once this page may be left.");
            return false;
        }
        return true;
    }

    /** Shows the schedules at a glance in the sidebar (FX thread). */
    public void schedules(java.util.List<SidebarSchedule> rows) {
        schedules = java.util.List.copyOf(rows);
        renderSchedules();
    }

    /** What a click on the sidebar's Schedules entry does. */
    public void onSchedules(Runnable then) {
        this.onSchedules = then;
    }

    /** What a click on one schedule in the sidebar does; it receives the schedule's name. */
    public void onSchedule(java.util.function.Consumer<String> then) {
        this.onSchedule = then;
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

    /** Does what the Back button does, when it is enabled; false when there is no page to go back to. */
    public boolean back() {
        if (history.isEmpty() || backButton.isDisabled()) {
            return false;
        }
        onBack();
        return true;
    }

    /** The page shown now. */
    public WizardPage current() {
        return current;
    }

    public BorderPane root() {
        return root;
    }
}
