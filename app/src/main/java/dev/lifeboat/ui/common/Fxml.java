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
        return load(loader, resource);
    }

    /**
     * Loads {@code resource} (next to {@code component}'s class; its root element is {@code fx:root}) into {@code
     * component}, which is also its controller: a control made of other controls, which pages put in their FXML like
     * any other control.
     *
     * @throws UncheckedIOException when the FXML is missing or broken: a packaging bug, not a user error
     */
    public static void component(Parent component, String resource) {
        URL url = component.getClass().getResource(resource);
        if (url == null) {
            throw new UncheckedIOException(
                    new IOException("FXML not found: " + resource + " next to " + component.getClass()));
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setRoot(component);
        loader.setController(component);
        load(loader, resource);
    }

    private static Parent load(FXMLLoader loader, String resource) {
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load " + resource, e);
        }
    }
}
