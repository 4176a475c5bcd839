package dev.lifeboat.engine.offsite;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server the off-site tests start on this machine (rclone's restic REST server, S3Proxy), listening on a free
 * port of 127.0.0.1, its output in a log file; stopped by its own process id.
 */
public final class LocalServer implements AutoCloseable {
    public final int port;
    private final Process process;
    private final Path log;

    private LocalServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code command} (which listens on {@code port}) and waits until it takes connections. */
    public static LocalServer start(List<String> command, int port, Path log) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalServer s = new LocalServer(port, p, log);
        // Not a speed assertion: a server that never listens fails the test with its log instead of hanging it.
        for (int i = 0; i < 1200; i++) {
            if (!p.isAlive()) {
                throw new AssertionError(command + " ended: " + java.nio.file.Files.readString(log));
            }
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return s;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        s.close();
        throw new AssertionError(command + " did not listen on " + port + ": " + java.nio.file.Files.readString(log));
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return "server on 127.0.0.1:" + port + " (log " + log + ")";
    }
}
