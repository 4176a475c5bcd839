package dev.lifeboat.ui.wizard;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;

/** One page of the wizard, as the shell sees it. Implemented by each page's controller; FX thread only. */
public interface WizardPage {

    /** The step this page stands for in the sidebar. */
    WizardStep step();

    /** The heading shown above the page. */
    String title();

    /** One sentence under the heading saying what the page is for. */
    String subtitle();

    /** The page's root node, loaded from its FXML. */
    Node view();

    /** The control that gets the focus when the page is shown; null for the page's first control. */
    default Node initialFocus() {
        return null;
    }

    /** True while Next may be pressed. */
    ObservableBooleanValue canGoNext();

    /**
     * Called when Next is pressed. Returns a short status line for the bar at the bottom, or an empty string. Must not
     * block: long work goes through the task helper.
     */
    String next();

    /** The Next button's text on this page, e.g. "Start backup" where Next changes something. */
    default ObservableStringValue nextLabel() {
        return Bindings.createStringBinding(() -> "Next");
    }

    /** True while Back may be pressed (false while a run must not be left). */
    default ObservableBooleanValue canGoBack() {
        return Bindings.createBooleanBinding(() -> true);
    }
}
