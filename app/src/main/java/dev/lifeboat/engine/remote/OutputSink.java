package dev.lifeboat.engine.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Receives a command's output as it arrives. The shell never calls a sink from two threads at once, and calls it in
 * the order the bytes arrived on each stream (stdout and stderr are not ordered against each other). A sink must not
 * block for long: the server stops sending while it waits. Arrays passed in are reused after the call returns.
 */
public interface OutputSink {

    /** Bytes the command wrote to its stdout. */
    void stdout(byte[] bytes, int offset, int length);

    /** Bytes the command wrote to its stderr. */
    void stderr(byte[] bytes, int offset, int length);

    /** Called once after both streams ended. */
    default void finished() {}

    /** Drops all output. */
    OutputSink DISCARD = new OutputSink() {
        @Override
        public void stdout(byte[] bytes, int offset, int length) {}

        @Override
        public void stderr(byte[] bytes, int offset, int length) {}
    };

    /** Keeps up to {@code limitBytes} of each stream in memory; see {@link Captured}. */
    static Captured capture(int limitBytes) {
        return new Captured(limitBytes);
    }

    /** A sink that keeps the start of both streams, for commands with small output. */
    final class Captured implements OutputSink {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private boolean truncated;

        Captured(int limitBytes) {
            this.limit = limitBytes;
        }

        @Override
        public synchronized void stdout(byte[] bytes, int offset, int length) {
            keep(out, bytes, offset, length);
        }

        @Override
        public synchronized void stderr(byte[] bytes, int offset, int length) {
            keep(err, bytes, offset, length);
        }

        private void keep(ByteArrayOutputStream to, byte[] b, int off, int len) {
            int room = Math.max(0, limit - to.size());
            if (len > room) {
                truncated = true;
            }
            to.write(b, off, Math.min(room, len));
        }

        public synchronized String stdoutText() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public synchronized String stderrText() {
            return err.toString(StandardCharsets.UTF_8);
        }

        public synchronized byte[] stdoutBytes() {
            return out.toByteArray();
        }

        /** Whether more output came than was kept. */
        public synchronized boolean truncated() {
            return truncated;
        }
    }
}
