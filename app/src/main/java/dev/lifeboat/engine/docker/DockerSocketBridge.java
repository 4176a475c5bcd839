package dev.lifeboat.engine.docker;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private local unix socket (mode 0600, in a 0700 temp directory) whose every accepted connection is carried to
 * the server's Docker socket through a fresh {@link DockerPipe}. docker-java's zerodep transport connects here.
 *
 * <p>Half-close is passed on both ways (end of input from the client becomes SSH EOF and the reverse), and a read
 * error closes the pipe instead of looking like a clean end of input. Socket channels are read and written with
 * ByteBuffers (on JDK 17 the stream adapters of a unix SocketChannel block each other). Always {@link #close()}.
 */
final class DockerSocketBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSocketBridge.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    interface PipeOpener {
        DockerPipe open() throws EngineException;
    }

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final PipeOpener opener;
    private final Thread acceptor;
    private volatile boolean closed;

    DockerSocketBridge(PipeOpener opener) throws IOException {
        this.opener = opener;
        this.dir = Files.createTempDirectory(
                "lifeboat-docker-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.socket = dir.resolve("docker.sock");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        this.acceptor = new Thread(this::acceptLoop, "lifeboat-docker-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The local socket path, for {@code unix://} URIs. */
    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Docker bridge stopped accepting: {}", e.getMessage());
                }
                return;
            }
            Thread t = new Thread(() -> serve(client), "lifeboat-docker-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) {
        DockerPipe pipe;
        try {
            pipe = opener.open();
        } catch (EngineException e) {
            LOG.warn("Could not reach the remote Docker socket: {}", e.getMessage());
            closeQuietly(client);
            return;
        }
        Thread up = new Thread(() -> clientToPipe(client, pipe), "lifeboat-docker-up");
        up.setDaemon(true);
        up.start();
        pipeToClient(pipe, client);
        try {
            up.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipe.close();
        closeQuietly(client);
    }

    private static void clientToPipe(SocketChannel client, DockerPipe pipe) {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        OutputStream out = pipe.out();
        try {
            while (client.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                out.flush();
                buf.clear();
            }
            pipe.sendEof();
        } catch (IOException e) {
            // Not a clean end of input: drop the connection so the engine cannot take it as one.
            LOG.debug("Docker bridge upstream failed: {}", e.getMessage());
            pipe.close();
        }
    }

    private static void pipeToClient(DockerPipe pipe, SocketChannel client) {
        byte[] buf = new byte[BUFFER_BYTES];
        InputStream in = pipe.in();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    client.write(b);
                }
            }
            client.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("Docker bridge downstream failed: {}", e.getMessage());
            closeQuietly(client);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing a bridge connection: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the bridge: {}", e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("removing {}: {}", dir, e.getMessage());
        }
    }
}
