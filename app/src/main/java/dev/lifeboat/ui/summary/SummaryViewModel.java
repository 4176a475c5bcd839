package dev.lifeboat.ui.summary;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the Summary page: the {@link Summary} shown, and the rollback it offers while that runs. No controls here;
 * FX thread only.
 */
public final class SummaryViewModel {
    private final ObjectProperty<Summary> summary = new SimpleObjectProperty<>();
    private final BooleanProperty rollingBack = new SimpleBooleanProperty(false);
    private final BooleanProperty rolledBack = new SimpleBooleanProperty(false);
    private final BooleanProperty rollbackFailed = new SimpleBooleanProperty(false);
    private final StringProperty rollbackText = new SimpleStringProperty("");
    private final BooleanBinding canRollback = Bindings.createBooleanBinding(
            () -> summary.get() != null && summary.get().rollback() != null && !rollingBack.get() && !rolledBack.get(),
            summary,
            rollingBack,
            rolledBack);
    private final BooleanBinding canGoNext = summary.isNotNull().and(rollingBack.not());

    /** Shows what a run made; its rollback, if it offers one, has not run. */
    public void show(Summary s) {
        rollingBack.set(false);
        rolledBack.set(false);
        rollbackFailed.set(false);
        rollbackText.set(s.rollback() == null ? "" : s.rollback().offer());
        summary.set(s);
    }

    /** The rollback started. */
    public void rollbackStarted() {
        rollingBack.set(true);
        rollbackFailed.set(false);
        rollbackText.set(summary.get().rollback().running());
    }

    /** What the running rollback does now, e.g. the last line of its log. */
    public void rollbackProgress(String line) {
        if (rollingBack.get() && line != null && !line.isBlank()) {
            rollbackText.set("Rolling back: " + line);
        }
    }

    /** The rollback ended; {@code unhealthy} is null when the health check passed. */
    public void rolledBack(String unhealthy) {
        rollingBack.set(false);
        rolledBack.set(true);
        rollbackFailed.set(unhealthy != null);
        rollbackText.set(summary.get().rollback().done(unhealthy));
    }

    /** The rollback could not run. */
    public void rollbackError(String why) {
        rollingBack.set(false);
        rollbackFailed.set(true);
        rollbackText.set("Could not roll back: " + why);
    }

    public ObjectProperty<Summary> summaryProperty() {
        return summary;
    }

    public BooleanProperty rollingBackProperty() {
        return rollingBack;
    }

    public BooleanProperty rollbackFailedProperty() {
        return rollbackFailed;
    }

    /** What the rollback does or did; "" when the summary offers none. */
    public StringProperty rollbackTextProperty() {
        return rollbackText;
    }

    /** True while the rollback may be pressed: offered, and not run yet (it runs once). */
    public BooleanBinding canRollbackProperty() {
        return canRollback;
    }

    /** True when Done may be pressed: a summary is shown and no rollback runs. */
    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }
}
