package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RemoteShell} of a real server, over an {@link SshSession}. Every command runs inside the wrapper that
 * {@link RemoteScript} builds (secrets and the sudo password through stdin; a pid file that lets a cancel kill the
 * whole process group from a second channel).
 *
 * <p>Thread-safe. Does not own the session: close the session yourself after the shell.
 */
public final class SshjRemoteShell implements RemoteShell {
    private static final Logger LOG = LoggerFactory.getLogger(SshjRemoteShell.class);
    private static final int BUFFER_BYTES = 32 * 1024;
    private static final Duration EXIT_STATUS_WAIT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 50;
    private static final Duration CLOSE_GRACE = Duration.ofMillis(200);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SshSession session;
    private Privileges privileges;
    private char[] sudoPassword;

    public SshjRemoteShell(SshSession session) {
        this.session = session;
    }

    /** The session this shell runs on. */
    public SshSession session() {
        return session;
    }

    @Override
    public String describe() {
        return session.target().display();
    }

    @Override
    public synchronized Privileges privileges() throws EngineException {
        if (privileges == null) {
            privileges = probe();
        }
        return privileges;
    }

    @Override
    public RemoteProcess start(CommandSpec spec) throws EngineException {
        RemoteScript.SudoMode mode = sudoMode(spec);
        char[] pw = mode == RemoteScript.SudoMode.PASSWORD ? sudoPassword() : null;
        String runDir = "/tmp/.lifeboat-" + HexFormat.of().formatHex(randomBytes(12));
        RemoteScript.Launch launch = RemoteScript.build(spec, runDir, mode, pw);
        LOG.debug("{}: {}", describe(), spec.display());
        SshChannel ch = session.exec(launch.commandLine());
        try {
            if (launch.preamble().length > 0) {
                ch.out().write(launch.preamble());
                ch.out().flush();
            }
        } catch (IOException e) {
            if (!session.isConnected()) {
                ch.close();
                throw new ConnectionLostException("Could not send input to '" + spec.display() + "'.", e);
            }
            // The process already ended and closed its input (a failing sudo, a quick command): its exit status
            // and stderr tell what happened.
            LOG.debug("{}: input not taken by '{}': {}", describe(), spec.display(), e.getMessage());
        } finally {
            Arrays.fill(launch.preamble(), (byte) 0);
        }
        return new Process(ch, runDir, mode);
    }

    @Override
    public CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel)
            throws EngineException {
        long startNanos = System.nanoTime();
        Optional<Duration> timeout = spec.timeout();
        long deadline = timeout.map(t -> startNanos + t.toNanos()).orElse(Long.MAX_VALUE);
        if (cancel.isCancelled()) {
            throw new CancelledException("Cancelled before '" + spec.display() + "' started.");
        }
        Process p = (Process) start(spec);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Object sinkLock = new Object();
        Thread out = pump(p.ch.in(), sinkLock, sink, true, failure, "lifeboat-ssh-out");
        Thread err = pump(p.ch.err(), sinkLock, sink, false, failure, "lifeboat-ssh-err");
        Thread in = feed(p, stdin, failure);
        AtomicBoolean cancelled = new AtomicBoolean();
        boolean ended = false;
        try (AutoCloseable onCancel = cancel.onCancel(() -> cancelled.set(true))) {
            while (out.isAlive() || err.isAlive()) {
                if (Thread.currentThread().isInterrupted() || cancelled.get()) {
                    p.kill();
                    throw new CancelledException(
                            "'" + spec.display() + "' was cancelled; it was stopped on " + describe() + ".");
                }
                if (System.nanoTime() > deadline) {
                    p.kill();
                    throw new CommandTimeoutException("'" + spec.display() + "' ran longer than "
                            + timeout.get().toSeconds() + " s and was stopped on " + describe() + ".");
                }
                out.join(POLL_MILLIS);
                err.join(1);
            }
            ended = true;
        } catch (InterruptedException e) {
            p.kill();
            Thread.currentThread().interrupt();
            throw new CancelledException(
                    "'" + spec.display() + "' was interrupted; it was stopped on " + describe() + ".");
        } catch (EngineException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException("Unexpected failure while running '" + spec.display() + "'.", e);
        } finally {
            in.interrupt();
            if (!ended) {
                p.close();
            }
        }
        synchronized (sinkLock) {
            sink.finished();
        }
        Optional<Integer> status = p.ch.exitStatus(EXIT_STATUS_WAIT);
        Optional<String> signal = p.ch.exitSignal();
        p.ch.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (status.isEmpty() && signal.isEmpty()) {
            throw new ConnectionLostException(
                    "The connection to " + describe() + " was lost while '" + spec.display() + "' ran.", failure.get());
        }
        int code = status.orElse(-1);
        LOG.debug("{}: exit {} after {} ms: {}", describe(), code, elapsed.toMillis(), spec.display());
        return new CommandResult(code, signal, elapsed);
    }

    private Thread pump(
            InputStream from,
            Object lock,
            OutputSink sink,
            boolean stdout,
            AtomicReference<IOException> failure,
            String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[BUFFER_BYTES];
                    try {
                        int n;
                        while ((n = from.read(buf)) >= 0) {
                            synchronized (lock) {
                                if (stdout) {
                                    sink.stdout(buf, 0, n);
                                } else {
                                    sink.stderr(buf, 0, n);
                                }
                            }
                        }
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Thread feed(Process p, InputStream stdin, AtomicReference<IOException> failure) {
        Thread t = new Thread(
                () -> {
                    try {
                        if (stdin != null) {
                            OutputStream o = p.ch.out();
                            byte[] buf = new byte[BUFFER_BYTES];
                            int n;
                            while ((n = stdin.read(buf)) >= 0) {
                                o.write(buf, 0, n);
                                o.flush();
                            }
                        }
                        p.closeStdin();
                    } catch (IOException e) {
                        // The process may have exited without reading all input; its exit status tells.
                        LOG.debug("Feeding stdin stopped: {}", e.getMessage());
                    }
                },
                "lifeboat-ssh-in");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private RemoteScript.SudoMode sudoMode(CommandSpec spec) throws EngineException {
        if (!spec.sudo()) {
            return RemoteScript.SudoMode.NONE;
        }
        Privileges p = privileges();
        return switch (p.sudo()) {
            case NOT_NEEDED -> RemoteScript.SudoMode.NONE;
            case NO_PASSWORD -> RemoteScript.SudoMode.NO_PASSWORD;
            case PASSWORD -> RemoteScript.SudoMode.PASSWORD;
            case UNAVAILABLE -> throw new SudoException("'" + spec.display() + "' must run as root, but " + describe()
                    + " is not root and the server has no sudo.");
        };
    }

    /**
     * The sudo password (checked, asked if needed) for helpers that must hand it to sudo themselves, such as the
     * rsync askpass helper. The caller owns the copy and must wipe it.
     */
    public char[] sudoPasswordForHelpers() throws EngineException {
        return sudoPassword();
    }

    /** The sudo password, checked against the server once: the login password if it works, else asked. */
    synchronized char[] sudoPassword() throws EngineException {
        if (sudoPassword != null) {
            return sudoPassword.clone();
        }
        Optional<char[]> login = session.loginPassword();
        if (login.isPresent() && sudoAccepts(login.get()) == null) {
            sudoPassword = login.get();
            return sudoPassword.clone();
        }
        char[] asked = session.prompter()
                .sudoPassword(describe())
                .orElseThrow(() -> new SudoException(
                        "Running as root on " + describe() + " needs the sudo password, and none was given."));
        String problem = sudoAccepts(asked);
        if (problem != null) {
            Arrays.fill(asked, '\0');
            throw new SudoException(problem);
        }
        sudoPassword = asked;
        return sudoPassword.clone();
    }

    /** Null when sudo accepts the password, else why not. */
    private String sudoAccepts(char[] password) throws EngineException {
        try (SshChannel ch = session.exec("sudo -k -S -p '' true")) {
            byte[] line = (new String(password) + "\n").getBytes(StandardCharsets.UTF_8);
            ch.out().write(line);
            ch.out().flush();
            Arrays.fill(line, (byte) 0);
            ch.sendEof();
            String err = new String(ch.err().readAllBytes(), StandardCharsets.UTF_8);
            ch.in().readAllBytes();
            int status = ch.exitStatus(EXIT_STATUS_WAIT).orElse(-1);
            if (status == 0) {
                return null;
            }
            if (err.contains("not in the sudoers") || err.contains("not allowed")) {
                return describe() + " may not use sudo, so Lifeboat cannot run commands as root there.";
            }
            return "sudo on " + describe() + " did not accept the password.";
        } catch (IOException e) {
            throw new ConnectionLostException("The connection to " + describe() + " broke while checking sudo.", e);
        }
    }

    private Privileges probe() throws EngineException {
        String script = "id -u; id -un; id -Gn; "
                + "if command -v sudo >/dev/null 2>&1; then if sudo -k -n true 2>/dev/null; then echo nopasswd;"
                + " else echo password; fi; else echo none; fi; "
                + "if command -v docker >/dev/null 2>&1; then echo docker; else echo nodocker; fi";
        CommandSpec spec = CommandSpec.read("sh", "-c", script);
        Captured c = capture(spec).orThrow(spec);
        String[] lines = c.stdout().strip().split("\n");
        if (lines.length < 5) {
            throw new EngineException("Could not find out what " + describe() + " may do: " + c.stdout());
        }
        boolean root = lines[0].strip().equals("0");
        boolean docker = Arrays.asList(lines[2].strip().split("\\s+")).contains("docker");
        Privileges.Sudo sudo = root
                ? Privileges.Sudo.NOT_NEEDED
                : switch (lines[3].strip()) {
                    case "nopasswd" -> Privileges.Sudo.NO_PASSWORD;
                    case "password" -> Privileges.Sudo.PASSWORD;
                    default -> Privileges.Sudo.UNAVAILABLE;
                };
        Privileges p = new Privileges(
                lines[1].strip(), root, docker, sudo, lines[4].strip().equals("docker"));
        LOG.info("{}: {}", describe(), p);
        return p;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A started, wrapped command. */
    private final class Process implements RemoteProcess {
        private final SshChannel ch;
        private final String runDir;
        private final RemoteScript.SudoMode mode;
        private final AtomicBoolean killed = new AtomicBoolean();

        Process(SshChannel ch, String runDir, RemoteScript.SudoMode mode) {
            this.ch = ch;
            this.runDir = runDir;
            this.mode = mode;
        }

        @Override
        public InputStream stdout() {
            return ch.in();
        }

        @Override
        public InputStream stderr() {
            return ch.err();
        }

        @Override
        public OutputStream stdin() {
            return ch.out();
        }

        @Override
        public void closeStdin() throws IOException {
            ch.sendEof();
        }

        @Override
        public Optional<Integer> exitStatus(Duration wait) {
            return ch.exitStatus(wait);
        }

        @Override
        public void kill() {
            if (!killed.compareAndSet(false, true)) {
                return;
            }
            try (SshChannel k = session.exec(RemoteScript.killLine(runDir, mode))) {
                if (mode == RemoteScript.SudoMode.PASSWORD) {
                    byte[] line = (new String(sudoPassword()) + "\n").getBytes(StandardCharsets.UTF_8);
                    k.out().write(line);
                    k.out().flush();
                    Arrays.fill(line, (byte) 0);
                }
                k.sendEof();
                k.in().readAllBytes();
                k.exitStatus(KILL_WAIT);
            } catch (IOException | EngineException e) {
                LOG.warn("Could not stop a command on {} (run dir {}): {}", describe(), runDir, e.getMessage());
            } finally {
                ch.close();
            }
        }

        @Override
        public void close() {
            if (ch.isOpen()
                    && ch.exitStatus(CLOSE_GRACE).isEmpty()
                    && ch.exitSignal().isEmpty()) {
                kill();
            }
            ch.close();
        }
    }
}
