package dev.lifeboat.ui.plan;

import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the Plan page, whatever it plans: reading the plan, ready, refused or cancelled, and whether Start may be
 * pressed. What the plan says is its {@link PlanSource}'s. No controls here; FX thread only.
 */
public final class PlanViewModel {

    /** Where the page is. */
    public enum State {
        IDLE,
        PLANNING,
        READY,
        REFUSED,
        CANCELLED
    }

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty errorTitle = new SimpleStringProperty("");
    private final BooleanProperty agreed = new SimpleBooleanProperty(true);
    private final BooleanBinding canStart = state.isEqualTo(State.READY).and(agreed);

    /** Reading a plan started; the page says {@code what} meanwhile, and {@code refusedTitle} over a refusal. */
    public void planning(String what, String refusedTitle) {
        state.set(State.PLANNING);
        error.set("");
        errorTitle.set(refusedTitle);
        message.set(what);
    }

    /** The plan is shown: Start may be pressed once {@link #agreedProperty()} is true. */
    public void ready() {
        state.set(State.READY);
        message.set("");
    }

    /** The plan was refused, with a message that says what to do. */
    public void refused(String why) {
        state.set(State.REFUSED);
        message.set("");
        error.set(why);
    }

    /** The user cancelled the planning. */
    public void cancelled() {
        state.set(State.CANCELLED);
        message.set("Planning cancelled. Press Back to choose again.");
    }

    /** Seconds for people: {@code 8 s}, {@code 2 min 5 s}. */
    public static String seconds(double s) {
        long whole = Math.round(s);
        if (whole < 60) {
            return String.format(Locale.ROOT, "%d s", Math.max(whole, s > 0 ? 1 : 0));
        }
        return whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** What the page does now; "" when the plan is shown or refused. */
    public StringProperty messageProperty() {
        return message;
    }

    /** Why the plan was refused; "" when it was not. */
    public StringProperty errorProperty() {
        return error;
    }

    /** The heading over a refusal, e.g. {@code The backup cannot run}. */
    public StringProperty errorTitleProperty() {
        return errorTitle;
    }

    /** Whatever Start waits for besides the plan (the page binds it to its source's). */
    public BooleanProperty agreedProperty() {
        return agreed;
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }
}
