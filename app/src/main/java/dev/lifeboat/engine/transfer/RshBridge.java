package dev.lifeboat.engine.transfer;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.RemoteProcess;
import dev.lifeboat.engine.remote.RemoteShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a local rsync use Lifeboat's SSH session as its remote shell, for logins the system {@code ssh} cannot repeat
 * (password, keyboard-interactive, passphrase keys). rsync's {@code -e} is {@link #launcher()}, a tiny script that
 * runs {@link RshBridgeClient}; the client connects to this bridge's unix socket (0600, in a 0700 directory, with a
 * token from a 0600 file), hands over rsync's remote command line, and this side runs it through the remote shell
 * ({@link RemoteShell#start}, the one way commands run on a server). Input
 * flows as raw bytes (the client's half-close is the end of input); output comes back framed: type byte (1 stdout,
 * 2 stderr, 3 exit status), length, payload. Always {@link #close()}.
 */
final class RshBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RshBridge.class);
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;
    static final int BUFFER_BYTES = 64 * 1024;

    private final RemoteShell shell;
    private final Path dir;
    private final Path launcher;
    private final ServerSocketChannel server;
    private final String token;
    private volatile boolean closed;

    RshBridge(RemoteShell shell) throws IOException {
        this.shell = shell;
        this.dir = Files.createTempDirectory(
                "lifeboat-rsh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        this.token = HexFormat.of().formatHex(t);
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("rsh.sock")));
        Files.setPosixFilePermissions(dir.resolve("rsh.sock"), PosixFilePermissions.fromString("rw-------"));
        this.launcher = dir.resolve("rsh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A relay of one rsync's streams through a buffer of its own: a small serial heap (issue 22: without it the
        // relay's JVM sized its heap by the machine, as Lifeboat's own did before ADR 0016).
        String script = "#!/bin/sh\nexec " + sq(java) + " -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -Xms8m -Xmx64m -cp "
                + sq(System.getProperty("java.class.path")) + " " + RshBridgeClient.class.getName() + " "
                + sq(dir.toString())
                + " \"$@\"\n";
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Thread acceptor = new Thread(this::acceptLoop, "lifeboat-rsh-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The program to give rsync as {@code -e}. */
    Path launcher() {
        return launcher;
    }

    private static String sq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> serve(c), "lifeboat-rsh-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("rsync bridge stopped accepting: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String presented = new String(readFully(client, token.length()).array(), StandardCharsets.US_ASCII);
            if (!presented.equals(token)) {
                LOG.warn("rsync bridge: a connection without the token was refused");
                return;
            }
            int len = readFully(client, 4).getInt();
            if (len <= 0 || len > 1 << 20) {
                return;
            }
            String line = new String(readFully(client, len).array(), StandardCharsets.UTF_8);
            LOG.debug("rsync bridge runs: {}", line);
            try (RemoteProcess p = shell.start(CommandSpec.write(List.of("sh", "-c", line)))) {
                Object lock = new Object();
                Thread up = new Thread(() -> upstream(client, p), "lifeboat-rsh-up");
                Thread err = new Thread(() -> downstream(p.stderr(), client, STDERR, lock), "lifeboat-rsh-err");
                up.setDaemon(true);
                err.setDaemon(true);
                up.start();
                err.start();
                downstream(p.stdout(), client, STDOUT, lock);
                err.join(10_000);
                int status = p.exitStatus(Duration.ofSeconds(10)).orElse(255);
                ByteBuffer exit = ByteBuffer.allocate(9)
                        .put(EXIT)
                        .putInt(4)
                        .putInt(status)
                        .flip();
                synchronized (lock) {
                    writeAll(client, exit);
                }
            }
        } catch (IOException | EngineException e) {
            LOG.warn("rsync bridge connection failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void upstream(SocketChannel client, RemoteProcess p) {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        OutputStream out = p.stdin();
        try {
            while (client.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                out.flush();
                buf.clear();
            }
            p.closeStdin();
        } catch (IOException e) {
            // rsync's side went away: stop the command rather than send a clean end of input.
            p.kill();
        }
    }

    private static void downstream(InputStream in, SocketChannel client, byte type, Object lock) {
        byte[] buf = new byte[BUFFER_BYTES];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer frame = ByteBuffer.allocate(5 + n)
                        .put(type)
                        .putInt(n)
                        .put(buf, 0, n)
                        .flip();
                synchronized (lock) {
                    writeAll(client, frame);
                }
            }
        } catch (IOException e) {
            LOG.debug("rsync bridge output ended: {}", e.getMessage());
        }
    }

    static void writeAll(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    static ByteBuffer readFully(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("the other side closed the connection early");
            }
        }
        return b.flip();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the rsync bridge: {}", e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("removing {}: {}", dir, e.getMessage());
        }
    }
}
