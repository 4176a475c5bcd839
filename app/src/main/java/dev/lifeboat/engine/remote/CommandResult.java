package dev.lifeboat.engine.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * How a command ended.
 *
 * @param exitStatus the exit status; -1 when the process was killed by a signal (see {@link #signal()})
 * @param signal the name of the signal that killed it, if one did
 * @param elapsed how long it ran
 * @param dryRun true when the command was not run at all (a dry run reported it instead)
 */
public record CommandResult(int exitStatus, Optional<String> signal, Duration elapsed, boolean dryRun) {

    /** Whether the command exited with status 0 (a dry-run report counts as success). */
    public boolean ok() {
        return exitStatus == 0;
    }
}
