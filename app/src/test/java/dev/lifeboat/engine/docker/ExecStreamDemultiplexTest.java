package dev.lifeboat.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lifeboat.engine.remote.OutputSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExecStreamDemultiplexTest {
    private static byte[] frame(int type, String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(type);
        o.write(0);
        o.write(0);
        o.write(0);
        o.write(p.length >>> 24);
        o.write(p.length >>> 16);
        o.write(p.length >>> 8);
        o.write(p.length);
        o.writeBytes(p);
        return o.toByteArray();
    }

    @Test
    void framesAreSplitIntoStdoutAndStderr() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(frame(1, "out1 "));
        s.writeBytes(frame(2, "err"));
        s.writeBytes(frame(1, "out2"));
        OutputSink.Captured c = OutputSink.capture(1000);
        long n = RemoteDocker.demultiplex(new ByteArrayInputStream(s.toByteArray()), c);
        assertEquals("out1 out2", c.stdoutText());
        assertEquals("err", c.stderrText());
        assertEquals(9, n);
    }

    @Test
    void aStreamCutInsideAFrameIsAnErrorNotAnEnd() {
        byte[] f = frame(1, "truncated payload");
        byte[] cut = java.util.Arrays.copyOf(f, f.length - 3);
        assertThrows(
                EOFException.class,
                () -> RemoteDocker.demultiplex(new ByteArrayInputStream(cut), OutputSink.capture(100)));
    }

    @Test
    void aGarbledHeaderIsRefused() {
        byte[] f = frame(1, "x");
        f[1] = 7;
        assertThrows(
                IOException.class,
                () -> RemoteDocker.demultiplex(new ByteArrayInputStream(f), OutputSink.capture(100)));
    }
}
