package dev.lifeboat.ui.plan;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Plan page's side columns show their lists as lines of wrapping text: one label per line of a list. */
final class PlanLines {
    private PlanLines() {}

    /** Keeps {@code box} showing one wrapping label, of style {@code style}, per line of {@code list}. */
    static void bind(VBox box, ObservableList<String> list, String style) {
        ListChangeListener<String> render = c -> box.getChildren()
                .setAll(list.stream()
                        .map(text -> {
                            Label l = new Label(text);
                            l.setWrapText(true);
                            l.setMinHeight(Region.USE_PREF_SIZE);
                            l.getStyleClass().add(style);
                            return l;
                        })
                        .toList());
        list.addListener(render);
    }
}
