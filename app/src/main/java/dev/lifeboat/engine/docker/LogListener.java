package dev.lifeboat.engine.docker;

/**
 * Receives container log lines. Called from one background thread per followed container, so implementations must
 * be thread-safe and quick (hand lines on; do not block).
 */
@FunctionalInterface
public interface LogListener {
    /**
     * @param container the container's name
     * @param stderr whether the line came from stderr
     * @param line the line without its line end
     */
    void line(String container, boolean stderr, String line);
}
