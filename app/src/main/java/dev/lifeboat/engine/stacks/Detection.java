package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.DetectedStack;
import java.util.List;

/**
 * The outcome of one detection.
 *
 * @param stacks the applications found, by install folder; empty when none
 * @param lookedAt what was examined, for {@code --explain} and for "nothing found" messages
 * @param problems what could not be read or searched (detection went on without it)
 * @param probeCalls round trips to the server (each probe call is one)
 */
public record Detection(List<DetectedStack> stacks, List<String> lookedAt, List<String> problems, int probeCalls) {
    public Detection {
        stacks = List.copyOf(stacks);
        lookedAt = List.copyOf(lookedAt);
        problems = List.copyOf(problems);
    }
}
