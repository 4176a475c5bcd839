package dev.lifeboat.ui.common;

import javafx.scene.Node;
import javafx.scene.control.ListCell;

/**
 * A list cell that shows its item as controls built for it ({@link #render}), never wider than its list: long text
 * wraps or ends in "…" instead of bringing a sideways scroll bar. An empty cell shows nothing.
 *
 * @param <T> the list's items
 */
public abstract class GraphicCell<T> extends ListCell<T> {

    /** The controls that show {@code item}; called on the FX thread for each item the cell shows. */
    protected abstract Node render(T item);

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        setPrefWidth(0);
        setGraphic(render(item));
    }
}
