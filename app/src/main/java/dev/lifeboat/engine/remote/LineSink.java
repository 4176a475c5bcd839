package dev.lifeboat.engine.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An {@link OutputSink} that cuts both streams into UTF-8 lines (without the line end; a trailing {@code \r} is
 * dropped too) and hands each to {@link #line}. A last line without a line end is delivered at {@link #finished()}.
 * Called from one thread at a time, like every sink.
 */
public abstract class LineSink implements OutputSink {
    /** Which stream a line came from. */
    public enum Stream {
        STDOUT,
        STDERR
    }

    private final ByteArrayOutputStream outLine = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errLine = new ByteArrayOutputStream();

    /** One complete line of a stream. */
    protected abstract void line(Stream stream, String line);

    @Override
    public final void stdout(byte[] bytes, int offset, int length) {
        split(Stream.STDOUT, outLine, bytes, offset, length);
    }

    @Override
    public final void stderr(byte[] bytes, int offset, int length) {
        split(Stream.STDERR, errLine, bytes, offset, length);
    }

    @Override
    public void finished() {
        flush(Stream.STDOUT, outLine);
        flush(Stream.STDERR, errLine);
    }

    private void split(Stream s, ByteArrayOutputStream buf, byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                buf.write(b, start, i - start);
                emit(s, buf);
                start = i + 1;
            }
        }
        buf.write(b, start, off + len - start);
    }

    private void flush(Stream s, ByteArrayOutputStream buf) {
        if (buf.size() > 0) {
            emit(s, buf);
        }
    }

    private void emit(Stream s, ByteArrayOutputStream buf) {
        String text = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        line(s, text);
    }
}
