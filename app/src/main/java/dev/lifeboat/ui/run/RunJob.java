package dev.lifeboat.ui.run;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.steps.PlannedStep;
import java.util.List;

/**
 * What the Run page runs: its kind, the steps it expects, the blocking engine call, and how its result ends the page.
 *
 * @param <R> what the engine call returns
 */
public interface RunJob<R> {

    RunKind kind();

    /** The application, for people, e.g. {@code Papermerge}. */
    String subject();

    /** The steps listed before the run starts, in order; steps the run names besides are added where they happen. */
    List<PlannedStep> steps();

    /**
     * The engine call; runs on a worker thread, sends its events to {@code listener} from any thread and honours
     * {@code cancel}.
     */
    R run(ProgressListener listener, CancelToken cancel) throws EngineException;

    /**
     * How a run that returned {@code result} ends the page.
     *
     * @param cancelled whether Cancel had been pressed (a drill that was cancelled still returns its record)
     */
    Ending ending(R result, boolean cancelled);

    /**
     * The end of a run that returned.
     *
     * @param cancelled it counts as cancelled (no summary)
     * @param message the page's last line
     * @param good whether the result is what the user wanted (a restore that matches, a drill that passed)
     */
    record Ending(boolean cancelled, String message, boolean good) {
        public static Ending of(String message, boolean good) {
            return new Ending(false, message, good);
        }
    }
}
