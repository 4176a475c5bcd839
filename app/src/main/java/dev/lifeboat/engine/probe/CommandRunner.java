package dev.lifeboat.engine.probe;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;

/**
 * Runs one command on the server and returns its standard output. This is where the SSH connection plugs into
 * {@link ShellProbe}: e.g. {@code spec -> remoteShell.run(spec).stdout()}.
 *
 * <p>The implementation runs {@link CommandSpec#toShellLine()} (or the argument list) once, waits for it to end, and
 * returns everything it wrote to standard output. A non-zero exit status is not an error here: the probe scripts
 * report problems in their output. Throw {@link EngineException} only when the command could not be run or its
 * output not be read. Blocks the calling thread; should honour thread interruption.
 */
@FunctionalInterface
public interface CommandRunner {
    byte[] run(CommandSpec spec) throws EngineException;
}
