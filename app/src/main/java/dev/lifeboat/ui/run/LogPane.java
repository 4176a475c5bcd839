package dev.lifeboat.ui.run;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.event.EventHandler;
import javafx.event.EventTarget;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Skin;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * Binds the controls of a live log pane to a {@link LogViewModel}: the source chooser, filter, find field with
 * previous/next, Follow and Pause toggles, Copy, the "new lines" button and the list itself. What the pane decides
 * lives in the view model; here are only the things that need the controls: scrolling to the end while following,
 * keeping the lines in view when old ones leave the front, telling the model when the user scrolled, selecting a
 * search match, the clipboard and the keys.
 *
 * <p>Keys: Ctrl+F find, Enter / Shift+Enter (or F3 / Shift+F3) next and previous match, Escape clears the field,
 * Ctrl+C copies the selected lines (all shown lines when none is selected), End follows again. FX thread only.
 */
public final class LogPane {
    private static final PseudoClass MATCH = PseudoClass.getPseudoClass("match");
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    /** The controls of one pane, as its FXML names them. */
    public record Controls(
            Node pane,
            ComboBox<String> source,
            Label count,
            ToggleButton follow,
            ToggleButton pause,
            Button copy,
            TextField filter,
            TextField search,
            Button previous,
            Button next,
            Label match,
            ListView<String> list,
            Button resume) {}

    private final LogViewModel vm;
    private final Controls c;
    private final ListView<String> list;
    private final EventHandler<KeyEvent> pageKeys = this::onPageKey;
    private final PauseTransition copiedFeedback = new PauseTransition(Duration.millis(1500));
    private final StringProperty copied = new SimpleStringProperty(""); // "Copied 5 lines" for a moment
    private VirtualFlow<?> flow;

    /**
     * Binds {@code c} to {@code vm}; {@code sourceLabel} names a source for people in the chooser's list, {@code
     * shortLabel} in its closed state.
     */
    public LogPane(
            LogViewModel vm, Controls c, Function<String, String> sourceLabel, Function<String, String> shortLabel) {
        this.vm = vm;
        this.c = c;
        this.list = c.list();

        c.source().setItems(vm.sources());
        c.source().setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : shortLabel.apply(s);
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });
        c.source().setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : sourceLabel.apply(s));
            }
        });
        c.source().valueProperty().bindBidirectional(vm.selectedSourceProperty());
        c.count()
                .textProperty()
                .bind(Bindings.when(copied.isEmpty())
                        .then(vm.countTextProperty())
                        .otherwise(copied));
        c.filter().textProperty().bindBidirectional(vm.filterProperty());
        c.search().textProperty().bindBidirectional(vm.searchProperty());

        list.setItems(vm.shown());
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(l -> new LogCell());
        Label empty = new Label();
        empty.textProperty()
                .bind(Bindings.when(vm.filterProperty().isEmpty())
                        .then("No lines yet.")
                        .otherwise("No line contains the filter text."));
        empty.getStyleClass().add("hint");
        list.setPlaceholder(empty);
        // After the list's skin, so that its row count is up to date when this listener scrolls.
        if (list.getSkin() != null) {
            vm.shown().addListener(this::shownChanged);
        } else {
            list.skinProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Skin<?>> obs, Skin<?> old, Skin<?> now) {
                    if (now != null) {
                        list.skinProperty().removeListener(this);
                        vm.shown().addListener(LogPane.this::shownChanged);
                        if (vm.followingProperty().get()) {
                            scrollToEnd();
                        }
                    }
                }
            });
        }

        c.follow().setSelected(vm.followingProperty().get());
        c.follow().setOnAction(e -> {
            if (c.follow().isSelected()) {
                vm.follow();
            } else {
                vm.stopFollowing();
            }
            c.follow().setSelected(vm.followingProperty().get());
        });
        vm.followingProperty().addListener((obs, old, now) -> {
            c.follow().setSelected(now);
            if (now) {
                scrollToEnd();
            }
        });
        c.pause().setSelected(vm.pausedProperty().get());
        c.pause().setOnAction(e -> {
            if (c.pause().isSelected()) {
                vm.pause();
            } else {
                vm.follow();
            }
            c.pause().setSelected(vm.pausedProperty().get());
        });
        vm.pausedProperty().addListener((obs, old, now) -> c.pause().setSelected(now));
        c.resume().textProperty().bind(vm.resumeTextProperty());
        c.resume().visibleProperty().bind(vm.resumeTextProperty().isNotEmpty());
        c.resume().setOnAction(e -> vm.follow());
        c.resume().setFocusTraversable(false);

        c.follow().setTooltip(new Tooltip("Keep the newest line in view (End)"));
        c.pause().setTooltip(new Tooltip("Hold the view still; new lines are still collected"));
        c.copy().setTooltip(new Tooltip("Copy the selected lines, or every line shown when none is (Ctrl+C)"));
        c.previous().setTooltip(new Tooltip("Previous match (Shift+Enter)"));
        c.next().setTooltip(new Tooltip("Next match (Enter)"));
        c.copy().setOnAction(e -> copy());
        c.previous().setOnAction(e -> findAndShow(false));
        c.next().setOnAction(e -> findAndShow(true));
        copiedFeedback.setOnFinished(e -> copied.set(""));

        vm.searchProperty().addListener((obs, old, now) -> searchTyped());
        c.search().addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                findAndShow(!e.isShiftDown());
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !c.search().getText().isEmpty()) {
                c.search().clear();
                e.consume();
            }
        });
        c.filter().addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !c.filter().getText().isEmpty()) {
                c.filter().clear();
                e.consume();
            }
        });

        watchUserScrolling();
        // Ctrl+F and F3 work anywhere on the window while this pane is part of it.
        c.pane().sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, pageKeys);
            }
            if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, pageKeys);
            }
        });
        Scene scene = c.pane().getScene();
        if (scene != null) {
            scene.addEventFilter(KeyEvent.KEY_PRESSED, pageKeys);
        }
    }

    private void onPageKey(KeyEvent e) {
        if (FIND.match(e)) {
            c.search().requestFocus();
            c.search().selectAll();
            e.consume();
        } else if (e.getCode() == KeyCode.F3) {
            findAndShow(!e.isShiftDown());
            e.consume();
        }
    }

    /** Keeps the end in view while following; keeps the same lines in view when old ones leave the front. */
    private void shownChanged(ListChangeListener.Change<? extends String> change) {
        int removedAtFront = 0;
        boolean replaced = false;
        while (change.next()) {
            if (change.wasRemoved() && change.getFrom() == 0) {
                removedAtFront += change.getRemovedSize();
                replaced |= change.wasAdded();
            }
        }
        if (vm.followingProperty().get()) {
            scrollToEnd();
        } else if (removedAtFront > 0 && !replaced) {
            VirtualFlow<?> f = flow();
            IndexedCell<?> first = f == null ? null : f.getFirstVisibleCell();
            if (first != null && first.getIndex() >= 0) {
                list.scrollTo(Math.max(0, first.getIndex() - removedAtFront));
            }
        }
    }

    private void scrollToEnd() {
        int n = list.getItems().size();
        if (n > 0) {
            list.scrollTo(n - 1); // brings the flow's row count up to date
            VirtualFlow<?> f = flow();
            if (f != null) {
                f.setPosition(1); // the very end: the last line fully in view
            }
        }
    }

    /**
     * Scrolling up (wheel, the scroll bar, Up/Page Up/Home) or picking a line stops following; scrolling down to the
     * very end of a live view follows again.
     */
    private void watchUserScrolling() {
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                vm.stopFollowing();
            }
            checkEndLater();
        });
        list.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            ScrollBar bar = ancestor(e.getTarget(), ScrollBar.class);
            if (bar != null) {
                if (bar.getOrientation() == Orientation.VERTICAL) {
                    vm.stopFollowing();
                }
            } else if (ancestor(e.getTarget(), ListCell.class) instanceof ListCell<?> cell && !cell.isEmpty()) {
                vm.stopFollowing(); // the picked line stays in view
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            ScrollBar bar = ancestor(e.getTarget(), ScrollBar.class);
            if (bar != null && bar.getOrientation() == Orientation.VERTICAL) {
                checkEndLater();
            }
        });
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copy();
                e.consume();
                return;
            }
            switch (e.getCode()) {
                case UP, KP_UP, PAGE_UP, HOME -> vm.stopFollowing();
                case END -> vm.follow();
                case DOWN, KP_DOWN, PAGE_DOWN -> checkEndLater();
                default -> {}
            }
        });
    }

    /**
     * After the list has handled the event and laid itself out: at the very end a live view follows again, anywhere
     * else it does not (whichever way the platform signs its wheel).
     */
    private void checkEndLater() {
        Platform.runLater(() -> {
            list.layout();
            if (atEnd()) {
                vm.scrolledToEnd();
            } else {
                vm.stopFollowing();
            }
        });
    }

    /** Whether the last line is in view, scrolled fully down. */
    boolean atEnd() {
        int n = list.getItems().size();
        VirtualFlow<?> f = flow();
        if (n == 0 || f == null) {
            return true;
        }
        IndexedCell<?> last = f.getLastVisibleCell();
        if (last == null || last.getIndex() < n - 1) {
            return false;
        }
        if (f.getPosition() >= 1 - 1e-6) {
            return true;
        }
        ScrollBar hbar = bar(f, Orientation.HORIZONTAL);
        double viewport = f.getHeight() - (hbar != null && hbar.isVisible() ? hbar.getHeight() : 0);
        return last.getLayoutY() + last.getHeight() <= viewport + 0.5;
    }

    private static ScrollBar bar(VirtualFlow<?> f, Orientation o) {
        for (Node n : f.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.getOrientation() == o) {
                return b;
            }
        }
        return null;
    }

    private VirtualFlow<?> flow() {
        if (flow == null && list.lookup(".virtual-flow") instanceof VirtualFlow<?> f) {
            flow = f;
        }
        return flow;
    }

    private static <T> T ancestor(EventTarget target, Class<T> type) {
        for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return type.cast(n);
            }
        }
        return null;
    }

    // Search

    /** Typing in the find field: highlight the matches and go to the nearest one. */
    private void searchTyped() {
        list.refresh();
        if (vm.searchProperty().get().isEmpty()) {
            c.match().setText("");
            c.match().getStyleClass().remove("error-text");
            return;
        }
        int selected = list.getSelectionModel().getSelectedIndex();
        // Upwards from the current line, itself included: the newest match first, and a match stays while it still
        // matches.
        int i = vm.find(selected >= 0 ? selected + 1 : list.getItems().size(), false);
        show(i);
    }

    private void findAndShow(boolean forward) {
        if (vm.searchProperty().get().isEmpty()) {
            c.search().requestFocus();
            return;
        }
        int selected = list.getSelectionModel().getSelectedIndex();
        int from = selected >= 0 ? selected : forward ? -1 : list.getItems().size();
        show(vm.find(from, forward));
    }

    private void show(int index) {
        c.match().setText(vm.matchText(index));
        c.match().getStyleClass().remove("error-text");
        if (index < 0) {
            c.match().getStyleClass().add("error-text");
            return;
        }
        vm.stopFollowing();
        list.getSelectionModel().clearAndSelect(index);
        list.getFocusModel().focus(index);
        int visible = visibleRows();
        list.scrollTo(Math.max(0, index - visible / 3));
    }

    private int visibleRows() {
        VirtualFlow<?> f = flow();
        if (f == null || f.getFirstVisibleCell() == null || f.getLastVisibleCell() == null) {
            return 0;
        }
        return f.getLastVisibleCell().getIndex() - f.getFirstVisibleCell().getIndex();
    }

    // Copy

    /** Copies the selected lines, or every shown line when none is selected. */
    public void copy() {
        List<Integer> selected = List.copyOf(list.getSelectionModel().getSelectedIndices());
        String text = vm.copyText(selected);
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        int lines =
                text.isEmpty() ? 0 : (int) text.chars().filter(ch -> ch == '\n').count() + 1;
        copied.set(lines == 1 ? "Copied 1 line" : String.format(Locale.ROOT, "Copied %,d lines", lines));
        copiedFeedback.playFromStart();
    }

    /** A log line, marked when it contains the search text. */
    private final class LogCell extends ListCell<String> {
        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            setText(empty ? null : line);
            pseudoClassStateChanged(MATCH, !empty && line != null && vm.isMatch(line));
        }
    }
}
