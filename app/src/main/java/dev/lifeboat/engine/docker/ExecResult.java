package dev.lifeboat.engine.docker;

/**
 * How a {@code docker exec} ended.
 *
 * @param exitCode the process's exit code
 * @param stdinBytes how many bytes were fed to its stdin and acknowledged by end-of-input (0 without stdin)
 * @param stdoutBytes how many bytes it wrote to stdout
 */
public record ExecResult(long exitCode, long stdinBytes, long stdoutBytes) {
    public boolean ok() {
        return exitCode == 0;
    }
}
