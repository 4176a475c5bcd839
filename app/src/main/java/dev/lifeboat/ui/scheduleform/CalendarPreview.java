package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.ui.schedules.When;
import java.time.Instant;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One calendar of the schedule form as the admin types it, and what the scheduler makes of it: its own reading and the
 * next runs, or its refusal. A reading counts only for the text it was made of. FX thread only.
 */
public final class CalendarPreview {
    /** Where the reading of the current text stands. */
    public enum State {
        CHECKING,
        READ,
        REFUSED
    }

    private final StringProperty text = new SimpleStringProperty();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.CHECKING);
    private final StringProperty asRead = new SimpleStringProperty("");
    private final StringProperty next = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    CalendarPreview(String initial) {
        text.set(initial);
        text.addListener((obs, old, now) -> {
            state.set(State.CHECKING);
            error.set("");
        });
    }

    /** The scheduler read {@code calendar} so; ignored when the text has changed since. */
    public void read(String calendar, ScheduleService.CalendarReading r, Instant now) {
        if (!calendar.equals(text.get())) {
            return;
        }
        if (r.next().isEmpty()) {
            refused(calendar, "it never runs again (it lies in the past)");
            return;
        }
        asRead.set(r.asRead());
        next.set("next: " + When.nextRuns(r.next(), now));
        error.set("");
        state.set(State.READ);
    }

    /** The scheduler refused {@code calendar}, in its words; ignored when the text has changed since. */
    public void refused(String calendar, String why) {
        if (!calendar.equals(text.get())) {
            return;
        }
        asRead.set("");
        next.set("");
        error.set(why);
        state.set(State.REFUSED);
    }

    /** What the admin typed, e.g. {@code daily 03:00}. */
    public StringProperty textProperty() {
        return text;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    /** The scheduler's reading, e.g. {@code OnCalendar=*-*-* 03:00:00}. */
    public StringProperty asReadProperty() {
        return asRead;
    }

    /** The next runs, e.g. {@code next: tomorrow 03:00, Wed 03:00, Thu 03:00}. */
    public StringProperty nextProperty() {
        return next;
    }

    /** Why the scheduler refused it; empty when it did not. */
    public StringProperty errorProperty() {
        return error;
    }
}
