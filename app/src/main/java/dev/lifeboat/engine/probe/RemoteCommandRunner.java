package dev.lifeboat.engine.probe;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the probe's commands through a {@link RemoteShell}: the plug between {@link ShellProbe} and an SSH session.
 * Counts the commands it ran (each is one SSH round trip) so callers and benchmarks can report them.
 *
 * <p>Output is kept up to {@link #LIMIT_BYTES}; a survey of a very large tree beyond that is an error that says so
 * rather than a silently cut listing.
 */
public final class RemoteCommandRunner implements CommandRunner {
    /** The most output one probe command may return: above what {@link Probe#MAX_READ_BYTES} gives in base64. */
    public static final int LIMIT_BYTES = 80 << 20;

    private final RemoteShell shell;
    private final CancelToken cancel;
    private final boolean asRoot;
    private final AtomicInteger commands = new AtomicInteger();

    /** Runs the probe's commands as the login user. */
    public RemoteCommandRunner(RemoteShell shell, CancelToken cancel) {
        this(shell, cancel, false);
    }

    /**
     * @param asRoot run each command as root (through sudo for a non-root login, asking for its password if sudo
     *     wants one), so that folders closed to the login user can be looked into and measured
     */
    public RemoteCommandRunner(RemoteShell shell, CancelToken cancel, boolean asRoot) {
        this.shell = shell;
        this.cancel = cancel;
        this.asRoot = asRoot;
    }

    @Override
    public byte[] run(CommandSpec spec) throws EngineException {
        commands.incrementAndGet();
        OutputSink.Captured out = OutputSink.capture(LIMIT_BYTES);
        shell.run(asRoot ? spec.asRoot() : spec, null, out, cancel);
        if (out.truncated()) {
            throw new EngineException("The server's answer to '" + spec.display() + "' was larger than "
                    + (LIMIT_BYTES >> 20) + " MiB; the folders searched are too large to survey.");
        }
        return out.stdoutBytes();
    }

    /** How many commands (SSH round trips) ran so far. */
    public int commandsRun() {
        return commands.get();
    }
}
