package dev.lifeboat.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** A line of text (a warning, a difference) that wraps instead of scrolling sideways. */
public final class WrappingCell extends GraphicCell<String> {
    @Override
    protected Node render(String line) {
        Label l = new Label(line);
        l.setWrapText(true);
        return l;
    }
}
