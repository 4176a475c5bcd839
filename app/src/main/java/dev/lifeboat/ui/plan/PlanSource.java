package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.EngineException;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.scene.Node;

/**
 * What the Plan page previews: one request of one kind, made by the flow that asks for it — a backup ({@link
 * BackupPlanSource}), a restore, drill or migration ({@link RestorePlanSource}), the upgrade to come. The page does
 * what every plan shares: it reads the plan off the FX thread with a progress line and Cancel, shows a refusal, lists
 * the steps, and starts the plan when Start is pressed. The source brings the rest: its words, the column beside the
 * steps (its own FXML), and how its plan is read and started.
 *
 * @param <P> the plan, e.g. {@code BackupPlan}
 */
public interface PlanSource<P> {

    /** The page's heading, e.g. {@code What the backup will do}. */
    String title();

    /** One sentence under the heading. */
    String subtitle();

    /** The Start button's text, e.g. {@code Start backup}. */
    String startLabel();

    /** What the page says while the plan is read, e.g. {@code Planning the backup of Papermerge on root@srv-a …}. */
    String planningMessage();

    /** The heading over a refusal, e.g. {@code The backup cannot run}. */
    String refusedTitle();

    /** The column beside the steps: what the plan expects, needs, overwrites or changes. */
    Node side();

    /** Reads the plan; changes nothing, and blocks, so the page calls it on a worker thread. */
    P read() throws EngineException;

    /** Shows the plan read, in the side column and in {@link #steps} (FX thread). */
    void show(P plan);

    /** The steps of the plan shown, in order. */
    ObservableList<StepRow> steps();

    /**
     * True once Start may be pressed for the plan shown: a migration that replaces what runs on the new server waits
     * for the user to agree. Most plans need nothing agreed.
     */
    default ObservableBooleanValue agreed() {
        return new ReadOnlyBooleanWrapper(true);
    }

    /** Start was pressed: runs the plan shown (the flow that made the source says how). */
    void start();
}
