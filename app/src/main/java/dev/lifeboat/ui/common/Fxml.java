package dev.lifeboat.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads a page's FXML with a controller the caller built, so controllers get their view models by constructor. */
public final class Fxml {
    private Fxml() {}

    /**
     * Loads {@code resource} (relative to {@code anchor}'s package) with {@code controller} as its controller.
     *
     * @throws UncheckedIOException when the FXML is missing or broken: a packaging bug, not a user error
     */
    public static Parent load(Class<?> anchor, String resource, Object controller) {
        URL url = anchor.getResource(resource);
        if (url == null) {
            throw new UncheckedIOException(new IOException("FXML not found: " + resource + " next to " + anchor));
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(type -> {
            if (!type.isInstance(controller)) {
                throw new IllegalStateException(resource + " wants a " + type + ", got " + controller.getClass());
            }
            return controller;
        });
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load " + resource, e);
        }
    }
}
