package dev.lifeboat.engine.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One raw byte connection to the server's Docker API (as if to its unix socket). Threading: one writer and one
 * reader may work at once. {@link #sendEof()} half-closes (the engine then sees end of input); always
 * {@link #close()}.
 */
interface DockerPipe extends AutoCloseable {
    InputStream in();

    /** Flush after each write. */
    OutputStream out();

    void sendEof() throws IOException;

    @Override
    void close();
}
