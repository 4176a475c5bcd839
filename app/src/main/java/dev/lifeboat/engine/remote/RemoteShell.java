package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import java.io.InputStream;

/**
 * Runs {@link CommandSpec}s on one server: the one place where commands are quoted and executed. Implementations:
 * {@link SshjRemoteShell} (a server over SSH), and in the tests {@code LocalShell} (this machine, the same wrapper
 * script) — both pass {@code RemoteShellContractTest} — and the scripted {@code FakeShell}. Detection's probes, the
 * workflows and rsync's bridge all run their commands through it.
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>Secrets of a spec reach the command only through its stdin (never argv, so never in {@code ps}); only
 *       {@link CommandSpec#display()} is ever logged.
 *   <li>{@code sudo} specs run as root: directly for a root login, else through sudo (asking the {@link Prompter}
 *       for the sudo password once, when needed).
 *   <li>Blocks the calling thread until the command ends. A timeout, a cancelled token or an interrupt of the calling
 *       thread stops the remote process and everything it started, then throws {@link CommandTimeoutException} or
 *       {@link dev.lifeboat.engine.CancelledException}.
 *   <li>A non-zero exit status is not an error: it is returned. Errors are about reaching the server
 *       ({@link ConnectFailedException}) or sudo ({@link SudoException}).
 * </ul>
 *
 * Thread-safe: several commands may run at once.
 */
public interface RemoteShell extends AutoCloseable {

    /**
     * Runs a command to its end.
     *
     * @param stdin bytes to feed after the secrets, then end-of-file; null for none
     * @param sink receives the output as it arrives
     * @param cancel a token that stops the command; {@link CancelToken#NONE} for none
     */
    CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel) throws EngineException;

    /** Runs a command without input and without a cancel token. */
    default CommandResult run(CommandSpec spec, OutputSink sink) throws EngineException {
        return run(spec, null, sink, CancelToken.NONE);
    }

    /** Runs a command with small output and returns it (up to 1 MiB of each stream). */
    default Captured capture(CommandSpec spec) throws EngineException {
        OutputSink.Captured c = OutputSink.capture(1 << 20);
        CommandResult r = run(spec, null, c, CancelToken.NONE);
        return new Captured(r, c.stdoutText(), c.stderrText());
    }

    /**
     * Starts a command and hands back its raw streams; for byte pipes that live as long as the caller needs them.
     */
    RemoteProcess start(CommandSpec spec) throws EngineException;

    /** What the login may do on the server; probed once and remembered. */
    Privileges privileges() throws EngineException;

    /** {@code user@host} for messages. */
    String describe();

    /** Ends whatever this shell holds open (not the SSH session it was given). */
    @Override
    default void close() {}

    /**
     * A finished command with its output.
     *
     * @param result how it ended
     * @param stdout its stdout as text
     * @param stderr its stderr as text
     */
    record Captured(CommandResult result, String stdout, String stderr) {
        public boolean ok() {
            return result.ok();
        }

        /** This, or an {@link EngineException} naming the command and its stderr when it failed. */
        public Captured orThrow(CommandSpec spec) throws EngineException {
            if (!ok()) {
                throw new EngineException("'" + spec.display() + "' failed with status " + result.exitStatus() + ": "
                        + spec.mask(stderr.strip()));
            }
            return this;
        }
    }
}
