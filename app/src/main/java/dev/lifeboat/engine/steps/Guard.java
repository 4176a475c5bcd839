package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.EngineException;

/**
 * A watchdog on a server that a run holds while it may stop the site: it outlives the connection and starts what the
 * run stopped when it stops hearing from it. A step arms it (taking the application's lock); {@link
 * StepContext#keepAlive} hands it to the runner, which pushes its deadline forward while the run lasts and, at the
 * end, frees it — unless the site is still down, when it is left armed to start the site by itself.
 */
public interface Guard {
    /** Pushes the deadline forward; false when the guard is no longer this run's (it fired, or is gone). */
    boolean extend() throws EngineException;

    /** Frees the lock and ends the watchdog; true when it had fired (it started containers behind the run's back). */
    boolean release() throws EngineException;

    /** Whether this run still holds it (armed and not released). */
    boolean holding();

    /** Whether, left armed, it would start something: the run stopped containers through it and did not disarm it. */
    boolean startsWhatWasStopped();

    /** Where it is, for people. */
    String describe();
}
