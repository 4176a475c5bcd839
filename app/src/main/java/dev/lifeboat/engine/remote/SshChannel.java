package dev.lifeboat.engine.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One open SSH channel as plain byte streams: an exec channel (a remote process) or a direct-streamlocal channel (a
 * connection to a unix socket on the server).
 *
 * <p>Threading: {@link #out()} may be written by one thread while others read {@link #in()} and {@link #err()};
 * drain both input streams, or the server stops sending. Flush after each write. {@link #sendEof()} ends the input
 * (what the remote reads as end of file) without closing the channel. Always {@link #close()}.
 */
public final class SshChannel implements AutoCloseable {
    private final Channel channel;
    private final Session session; // null for a direct channel
    private final Session.Command command; // null for a direct channel

    SshChannel(Session session, Session.Command command) {
        this.channel = command;
        this.session = session;
        this.command = command;
    }

    SshChannel(Channel direct) {
        this.channel = direct;
        this.session = null;
        this.command = null;
    }

    /** What the remote side writes (a process's stdout, or the socket's data). */
    public InputStream in() {
        return channel.getInputStream();
    }

    /** A process's stderr; always at end of input for a direct channel. */
    public InputStream err() {
        return command == null ? InputStream.nullInputStream() : command.getErrorStream();
    }

    /** What the remote side reads. Flush after each write. */
    public OutputStream out() {
        return channel.getOutputStream();
    }

    /** Sends end-of-file: the remote side reads no more input. Idempotent. */
    public void sendEof() throws IOException {
        channel.getOutputStream().close();
    }

    /** Whether the channel is still open in both directions at the SSH level. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * The exit status of the remote process, waiting up to {@code wait} for the channel to close; empty if the
     * process was killed by a signal, the status never came, or this is a direct channel.
     */
    public Optional<Integer> exitStatus(Duration wait) {
        if (command == null) {
            return Optional.empty();
        }
        try {
            command.join(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // The status may still have arrived before the channel broke; fall through and look.
        }
        return Optional.ofNullable(command.getExitStatus());
    }

    /** The name of the signal that killed the remote process, if one did. */
    public Optional<String> exitSignal() {
        if (command == null || command.getExitSignal() == null) {
            return Optional.empty();
        }
        return Optional.of(command.getExitSignal().name());
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a channel of a dead connection fails; there is nothing left to release.
        }
        if (session != null) {
            try {
                session.close();
            } catch (IOException e) {
                // As above.
            }
        }
    }
}
