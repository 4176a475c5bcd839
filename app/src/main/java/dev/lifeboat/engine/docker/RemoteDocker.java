package dev.lifeboat.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.LineSink;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.SshjRemoteShell;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine of one server, over its SSH session. docker-java (zerodep transport) talks to a private local
 * socket bridged to the server's {@code /var/run/docker.sock}; see {@link DockerConnector} for how the login reaches
 * it (streamlocal, dial-stdio, sudo dial-stdio).
 *
 * <p>Threading: thread-safe; calls block the calling thread. Errors: {@link DockerPermissionException} when the
 * login may not use Docker, {@link EngineException} with the engine's message otherwise. Always {@link #close()}
 * (before the SSH session).
 */
public final class RemoteDocker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteDocker.class);
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int EXIT_POLLS = 100;
    private static final long EXIT_POLL_MILLIS = 100;

    private final String where;
    private final SshjRemoteShell shell;
    private final DockerConnector connector;
    private final DockerSocketBridge bridge;
    private final DockerClient client;

    private RemoteDocker(
            SshjRemoteShell shell, DockerConnector connector, DockerSocketBridge bridge, DockerClient client) {
        this.where = shell.describe();
        this.shell = shell;
        this.connector = connector;
        this.bridge = bridge;
        this.client = client;
    }

    /**
     * Reaches the Docker engine of the shell's server and pings it.
     *
     * @throws DockerPermissionException when the login may not use Docker
     */
    public static RemoteDocker connect(SshjRemoteShell shell) throws EngineException {
        return connect(shell, DockerConnector.choose(shell));
    }

    /** For tests: reach the engine a given way. */
    static RemoteDocker connect(SshjRemoteShell shell, DockerConnector.Way way) throws EngineException {
        return connect(shell, DockerConnector.forced(shell, way));
    }

    private static RemoteDocker connect(SshjRemoteShell shell, DockerConnector connector) throws EngineException {
        DockerSocketBridge bridge;
        try {
            bridge = new DockerSocketBridge(connector::open);
        } catch (IOException e) {
            throw new EngineException("Could not create the local socket for Docker: " + e.getMessage(), e);
        }
        URI host = URI.create("unix://" + bridge.socket());
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(host)
                .connectionTimeout(Duration.ofSeconds(30))
                .build();
        RemoteDocker d = new RemoteDocker(shell, connector, bridge, DockerClientImpl.getInstance(config, http));
        try {
            d.client.pingCmd().exec();
        } catch (RuntimeException e) {
            d.close();
            throw new EngineException(
                    "The Docker engine on " + shell.describe() + " does not answer: " + e.getMessage(), e);
        }
        LOG.info("Docker on {} reached by {}", shell.describe(), connector.way());
        return d;
    }

    /** How the engine is reached: {@code STREAMLOCAL}, {@code DIAL_STDIO} or {@code SUDO_DIAL_STDIO}. */
    public String way() {
        return connector.way().name();
    }

    /** The engine's version string, e.g. {@code 20.10.24}. */
    public String version() throws EngineException {
        return call("read the version", () -> client.versionCmd().exec().getVersion());
    }

    /** All containers (running and stopped), with their labels. */
    public List<ContainerInfo> containers() throws EngineException {
        List<Container> list = call(
                "list containers",
                () -> client.listContainersCmd().withShowAll(true).exec());
        List<ContainerInfo> out = new ArrayList<>();
        for (Container c : list) {
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0];
            out.add(new ContainerInfo(
                    c.getId(),
                    name.startsWith("/") ? name.substring(1) : name,
                    c.getImage(),
                    c.getState(),
                    c.getStatus(),
                    c.getLabels() == null ? Map.of() : c.getLabels()));
        }
        return out;
    }

    /** The containers of one compose project, found by label (never by name: compose v1 and v2 differ). */
    public List<ContainerInfo> composeProject(String project) throws EngineException {
        return containers().stream()
                .filter(c -> c.composeProject().filter(project::equals).isPresent())
                .toList();
    }

    /** Inspects a container by id or name. */
    public ContainerDetails inspect(String container) throws EngineException {
        InspectContainerResponse r = call("inspect " + container, () -> client.inspectContainerCmd(container)
                .exec());
        List<ContainerDetails.Mount> mounts = new ArrayList<>();
        if (r.getMounts() != null) {
            for (InspectContainerResponse.Mount m : r.getMounts()) {
                mounts.add(new ContainerDetails.Mount(
                        m.getSource(),
                        m.getDestination() == null ? null : m.getDestination().getPath(),
                        m.getName(),
                        Boolean.TRUE.equals(m.getRW())));
            }
        }
        String name = r.getName() == null ? r.getId() : r.getName().replaceFirst("^/", "");
        return new ContainerDetails(
                r.getId(),
                name,
                r.getConfig().getImage(),
                r.getState() != null && Boolean.TRUE.equals(r.getState().getRunning()),
                r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels(),
                r.getConfig().getEnv() == null
                        ? List.of()
                        : List.of(r.getConfig().getEnv()),
                mounts);
    }

    /**
     * Stops a container: SIGTERM, then SIGKILL after {@code grace}. Stopping a stopped container succeeds.
     *
     * @return false when it was already stopped
     */
    public boolean stop(String container, Duration grace) throws EngineException {
        try {
            call("stop " + container, () -> client.stopContainerCmd(container)
                    .withTimeout((int) Math.max(0, grace.toSeconds()))
                    .exec());
            return true;
        } catch (AlreadyException e) {
            return false;
        }
    }

    /**
     * Starts a container. Starting a running container succeeds.
     *
     * @return false when it was already running
     */
    public boolean start(String container) throws EngineException {
        try {
            call("start " + container, () -> client.startContainerCmd(container).exec());
            return true;
        } catch (AlreadyException e) {
            return false;
        }
    }

    /**
     * Runs a command in a running container and streams its output to the sink (stdout and stderr kept apart).
     * Blocks until it ends. Cancelling stops the process inside the container too (SIGTERM to its process group,
     * through the server's own {@code kill} as root: see {@link #stopExec}) and closes the stream.
     */
    public ExecResult exec(String container, List<String> command, OutputSink sink, CancelToken cancel)
            throws EngineException {
        String execId = createExec(container, command, false);
        AtomicLong outBytes = new AtomicLong();
        ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                byte[] p = f.getPayload();
                synchronized (sink) {
                    if (f.getStreamType() == StreamType.STDERR) {
                        sink.stderr(p, 0, p.length);
                    } else {
                        outBytes.addAndGet(p.length);
                        sink.stdout(p, 0, p.length);
                    }
                }
            }
        };
        if (cancel.isCancelled()) {
            throw new CancelledException("docker exec in " + container + " was cancelled before it started.");
        }
        try (AutoCloseable c = cancel.onCancel(() -> {
            // Not on the cancelling thread (maybe the FX thread): stopping takes an inspect and an SSH command.
            Thread stopper = new Thread(
                    () -> {
                        stopExec(execId, container);
                        closeQuietly(cb);
                    },
                    "lifeboat-docker-stop");
            stopper.setDaemon(true);
            stopper.start();
        })) {
            client.execStartCmd(execId).exec(cb);
            if (cancel.isCancelled()) {
                stopExec(execId, container); // cancelled while it started: the listener found nothing to stop yet
            }
            cb.awaitCompletion();
        } catch (InterruptedException e) {
            stopExec(execId, container);
            closeQuietly(cb);
            Thread.currentThread().interrupt();
            throw new CancelledException("docker exec in " + container + " was interrupted.");
        } catch (Exception e) {
            throw new EngineException("docker exec in " + container + " on " + where + " failed: " + e.getMessage(), e);
        }
        if (cancel.isCancelled()) {
            throw new CancelledException("docker exec in " + container + " was cancelled.");
        }
        synchronized (sink) {
            sink.finished();
        }
        return new ExecResult(exitCode(execId), 0, outBytes.get());
    }

    /**
     * Runs a command in a running container with {@code stdin} as its standard input, e.g. a database restore.
     *
     * <p>Done by hand on a dedicated connection (docker-java's transport never half-closes, so the command would
     * never see end of input, and closing early truncates silently): the exec is started with an upgraded
     * {@code POST /exec/{id}/start}, the input is written and flushed, then end-of-input is sent as an SSH EOF only
     * after the last byte; the output's 8-byte frame headers are checked, and a stream that ends inside a frame is an
     * error. The result reports how many bytes went in: a caller that knows the length or checksum compares (a
     * restore tool's own count, {@code sha256sum} inside the container).
     */
    public ExecResult execWithStdin(String container, List<String> command, InputStream stdin, OutputSink sink)
            throws EngineException {
        String execId = createExec(container, command, true);
        AtomicLong inBytes = new AtomicLong();
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        long outBytes;
        try (DockerPipe pipe = connector.open()) {
            OutputStream out = pipe.out();
            byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8);
            String head = "POST /exec/" + execId + "/start HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "User-Agent: lifeboat\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = readHeaders(pipe.in());
            if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
                throw new EngineException("The Docker engine on " + where + " refused to start the exec: " + status);
            }
            Thread writer = new Thread(
                    () -> {
                        byte[] buf = new byte[64 * 1024];
                        try {
                            int n;
                            while ((n = stdin.read(buf)) >= 0) {
                                out.write(buf, 0, n);
                                out.flush();
                                inBytes.addAndGet(n);
                            }
                            pipe.sendEof();
                        } catch (IOException e) {
                            writeFailure.set(e);
                            pipe.close();
                        }
                    },
                    "lifeboat-docker-stdin");
            writer.setDaemon(true);
            writer.start();
            outBytes = demultiplex(pipe.in(), sink);
            writer.join();
        } catch (IOException e) {
            throw new EngineException(
                    "docker exec with input in " + container + " on " + where + " broke: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("docker exec with input in " + container + " was interrupted.");
        }
        if (writeFailure.get() != null) {
            throw new EngineException(
                    "Feeding input to " + container + " on " + where + " failed after " + inBytes.get() + " bytes: "
                            + writeFailure.get().getMessage(),
                    writeFailure.get());
        }
        synchronized (sink) {
            sink.finished();
        }
        return new ExecResult(exitCode(execId), inBytes.get(), outBytes);
    }

    /**
     * Follows the logs of several containers at once, from the last {@code tail} lines on, until the returned handle
     * is closed. Lines arrive on one background thread per container.
     */
    public AutoCloseable followLogs(List<String> containers, int tail, LogListener listener) throws EngineException {
        List<ResultCallback.Adapter<Frame>> callbacks = new ArrayList<>();
        for (String c : containers) {
            LineSink lines = new LineSink() {
                @Override
                protected void line(Stream stream, String line) {
                    listener.line(c, stream == Stream.STDERR, line);
                }
            };
            ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame f) {
                    byte[] p = f.getPayload();
                    if (f.getStreamType() == StreamType.STDERR) {
                        lines.stderr(p, 0, p.length);
                    } else {
                        lines.stdout(p, 0, p.length);
                    }
                }

                @Override
                public void onComplete() {
                    lines.finished();
                    super.onComplete();
                }
            };
            call("follow the logs of " + c, () -> client.logContainerCmd(c)
                    .withFollowStream(true)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(tail)
                    .exec(cb));
            callbacks.add(cb);
        }
        return () -> callbacks.forEach(RemoteDocker::closeQuietly);
    }

    /** Streams the engine's events until the returned handle is closed. Events arrive on a background thread. */
    public AutoCloseable events(Consumer<DockerEvent> listener) throws EngineException {
        ResultCallback.Adapter<Event> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                Map<String, String> attrs = e.getActor() == null || e.getActor().getAttributes() == null
                        ? Map.of()
                        : new HashMap<>(e.getActor().getAttributes());
                listener.accept(new DockerEvent(
                        e.getType() == null ? "" : e.getType().getValue(),
                        Optional.ofNullable(e.getAction()).orElse(String.valueOf(e.getStatus())),
                        e.getId(),
                        attrs,
                        e.getTime() == null ? 0 : e.getTime()));
            }
        };
        call("follow events", () -> client.eventsCmd().exec(cb));
        return () -> closeQuietly(cb);
    }

    private String createExec(String container, List<String> command, boolean withStdin) throws EngineException {
        return call("create an exec in " + container, () -> client.execCreateCmd(container)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdin(withStdin)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false)
                .exec()
                .getId());
    }

    /**
     * Stops a running exec's process inside its container. Docker has no API for it, and closing the stream leaves
     * the process running, so: the engine names the process's pid on the server (the exec's {@code Pid}), and the
     * server's {@code kill} sends SIGTERM to its process group and then to the pid itself, as root (the process may
     * run as another user in the container). Best effort: a failure is logged, since the caller is already stopping.
     */
    void stopExec(String execId, String container) {
        try {
            var r = client.inspectExecCmd(execId).exec();
            Long pid = r.getPidLong();
            if (!Boolean.TRUE.equals(r.isRunning()) || pid == null || pid <= 1) {
                return;
            }
            String p = String.valueOf(pid);
            CommandSpec kill = CommandSpec.write(
                            "sh", "-c", "kill -s TERM -- \"-$1\" 2>/dev/null; kill -s TERM \"$1\"", "sh", p)
                    .asRoot()
                    .withTimeout(Duration.ofSeconds(20));
            var result = shell.capture(kill);
            if (result.ok()) {
                LOG.info("Stopped exec {} (pid {}) in {} on {}", execId, p, container, where);
            } else {
                LOG.warn(
                        "Could not stop exec {} (pid {}) in {} on {}: {}",
                        execId,
                        p,
                        container,
                        where,
                        result.stderr().strip());
            }
        } catch (RuntimeException | EngineException e) {
            LOG.warn("Could not stop exec {} in {} on {}: {}", execId, container, where, e.getMessage());
        }
    }

    private long exitCode(String execId) throws EngineException {
        for (int i = 0; i < EXIT_POLLS; i++) {
            var r = call("inspect an exec", () -> client.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(EXIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Interrupted while waiting for an exec to end.");
            }
        }
        throw new EngineException("The exec " + execId + " on " + where + " did not report an exit code.");
    }

    /** Reads the HTTP response head; returns the status line. */
    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the Docker engine closed the connection during the response head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("response head too long");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /** Reads 8-byte-header frames until a clean end between frames; returns stdout bytes. */
    static long demultiplex(InputStream in, OutputSink sink) throws IOException {
        byte[] header = new byte[8];
        byte[] buf = new byte[64 * 1024];
        long stdout = 0;
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got == 0) {
                return stdout;
            }
            if (got < 8) {
                throw new EOFException("the output stream ended inside a frame header");
            }
            int type = header[0];
            if (type < 0 || type > 2 || header[1] != 0 || header[2] != 0 || header[3] != 0) {
                throw new IOException("garbled output stream (bad frame header)");
            }
            long size = ((header[4] & 0xffL) << 24)
                    | ((header[5] & 0xff) << 16)
                    | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            while (size > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, size));
                if (n < 0) {
                    throw new EOFException("the output stream ended inside a frame");
                }
                synchronized (sink) {
                    if (type == 2) {
                        sink.stderr(buf, 0, n);
                    } else {
                        sink.stdout(buf, 0, n);
                        stdout += n;
                    }
                }
                size -= n;
            }
        }
    }

    private interface DockerCall<T> {
        T run();
    }

    /** Thrown inside for 304 Not Modified (already started/stopped). */
    private static final class AlreadyException extends EngineException {
        private static final long serialVersionUID = 1L;

        AlreadyException() {
            super("already in that state");
        }
    }

    private <T> T call(String what, DockerCall<T> c) throws EngineException {
        try {
            return c.run();
        } catch (NotModifiedException e) {
            throw new AlreadyException();
        } catch (NotFoundException e) {
            throw new EngineException("Docker on " + where + " could not " + what + ": not found.", e);
        } catch (DockerException e) {
            throw new EngineException("Docker on " + where + " could not " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EngineException("Docker on " + where + " could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a Docker stream: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client: {}", e.getMessage());
        }
        bridge.close();
    }
}
