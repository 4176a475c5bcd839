package dev.lifeboat.engine.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * How a command ended.
 *
 * @param exitStatus the exit status; -1 when the process was killed by a signal (see {@link #signal()})
 * @param signal the name of the signal that killed it, if one did
 * @param elapsed how long it ran
 */
public record CommandResult(int exitStatus, Optional<String> signal, Duration elapsed) {

    /** Whether the command exited with status 0. */
    public boolean ok() {
        return exitStatus == 0;
    }
}
