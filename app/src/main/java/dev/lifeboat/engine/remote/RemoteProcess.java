package dev.lifeboat.engine.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A command started on a server, with its raw streams: for long-lived byte pipes such as {@code docker system
 * dial-stdio}. Its stdin already carries the secrets and the sudo password the shell sent first; what the caller
 * writes follows them.
 *
 * <p>Threading: as {@link SshChannel}; drain stdout and stderr. Always {@link #close()}, which stops the remote
 * process (and everything it started) if it still runs.
 */
public interface RemoteProcess extends AutoCloseable {
    InputStream stdout();

    InputStream stderr();

    /** Flush after each write; {@link #closeStdin()} to send end-of-file. */
    OutputStream stdin();

    void closeStdin() throws java.io.IOException;

    /** The exit status, waiting up to {@code wait}; empty if none came (killed, connection lost). */
    Optional<Integer> exitStatus(Duration wait);

    /** Stops the remote process group and everything in it; idempotent. */
    void kill();

    @Override
    void close();
}
