package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RemoteShell} on this machine, for tests: the same wrapper script as the SSH shell ({@link RemoteScript}:
 * a private run folder, the pids written, secrets read from stdin and exported, a cancel that kills both process
 * groups), run by a local {@code sh}. Passes {@code RemoteShellContractTest}; lets the probe scripts run for real over
 * the corpus trees. Each command runs in a session of its own ({@code setsid}, util-linux). No sudo: a root command
 * runs only when the tests run as root (as CI does).
 */
public final class LocalShell implements RemoteShell {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<String> prefix;
    private final String user;

    /** Runs the commands as the user running the tests. */
    public LocalShell() {
        this(List.of(), System.getProperty("user.name"));
    }

    private LocalShell(List<String> prefix, String user) {
        this.prefix = prefix;
        this.user = user;
    }

    /**
     * Runs the commands as another user (through {@code runuser}, so the tests must run as root): lets a test that
     * runs as root, as CI does, still see what a login without root privileges sees.
     */
    public static LocalShell asUser(String user) {
        return new LocalShell(List.of("runuser", "-u", user, "--"), user);
    }

    @Override
    public CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel)
            throws EngineException {
        long t0 = System.nanoTime();
        long deadline = spec.timeout().map(t -> t0 + t.toNanos()).orElse(Long.MAX_VALUE);
        if (cancel.isCancelled()) {
            throw new CancelledException("Cancelled before '" + spec.display() + "' started.");
        }
        Local p = (Local) start(spec);
        Object lock = new Object();
        Thread out = pump(p.process.getInputStream(), sink, lock, true);
        Thread err = pump(p.process.getErrorStream(), sink, lock, false);
        Thread in = new Thread(
                () -> {
                    try {
                        if (stdin != null) {
                            stdin.transferTo(p.stdin());
                        }
                        p.closeStdin();
                    } catch (IOException e) {
                        // The command ended without reading all of it; its status tells.
                    }
                },
                "local-shell-in");
        in.setDaemon(true);
        in.start();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (AutoCloseable onCancel = cancel.onCancel(() -> cancelled.set(true))) {
            while (out.isAlive() || err.isAlive()) {
                if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                    p.kill();
                    throw new CancelledException("'" + spec.display() + "' was cancelled; it was stopped.");
                }
                if (System.nanoTime() > deadline) {
                    p.kill();
                    throw new CommandTimeoutException("'" + spec.display() + "' ran longer than "
                            + spec.timeout().get().toSeconds() + " s and was stopped.");
                }
                out.join(50);
                err.join(1);
            }
        } catch (InterruptedException e) {
            p.kill();
            Thread.currentThread().interrupt();
            throw new CancelledException("'" + spec.display() + "' was interrupted; it was stopped.");
        } catch (EngineException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException("Unexpected failure while running '" + spec.display() + "'.", e);
        }
        synchronized (lock) {
            sink.finished();
        }
        int code = p.exitStatus(Duration.ofSeconds(10)).orElse(-1);
        return new CommandResult(code, Optional.empty(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static Thread pump(InputStream from, OutputSink sink, Object lock, boolean stdout) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
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
                        // The process is gone.
                    }
                },
                "local-shell-" + (stdout ? "out" : "err"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public RemoteProcess start(CommandSpec spec) throws EngineException {
        if (spec.sudo() && !"root".equals(user)) {
            throw new SudoException(
                    "LocalShell runs no sudo: '" + spec.display() + "' needs root, and " + user + " is not root.");
        }
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        String runDir = "/tmp/.lifeboat-" + HexFormat.of().formatHex(r);
        RemoteScript.Launch launch = RemoteScript.build(spec, runDir, RemoteScript.SudoMode.NONE, null);
        // A session of its own, as sshd gives each channel: a cancel kills the command's process group, never the
        // tests' own.
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("setsid", "sh", "-c", launch.commandLine()));
        try {
            Process process = new ProcessBuilder(cmd).start();
            Local p = new Local(process, runDir);
            try {
                p.stdin().write(launch.preamble());
                p.stdin().flush();
            } catch (IOException e) {
                // It ended already; its status and stderr tell.
            }
            return p;
        } catch (IOException e) {
            throw new EngineException(
                    "Could not start '" + spec.display() + "' on this computer: " + e.getMessage(), e);
        }
    }

    @Override
    public Privileges privileges() {
        boolean root = "root".equals(user);
        return new Privileges(user, root, root, root ? Privileges.Sudo.NOT_NEEDED : Privileges.Sudo.UNAVAILABLE, true);
    }

    @Override
    public String describe() {
        return user + "@this computer";
    }

    /** A started local command. */
    private final class Local implements RemoteProcess {
        private final Process process;
        private final String runDir;
        private final AtomicReference<Boolean> killed = new AtomicReference<>(false);

        Local(Process process, String runDir) {
            this.process = process;
            this.runDir = runDir;
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public void closeStdin() throws IOException {
            process.getOutputStream().close();
        }

        @Override
        public Optional<Integer> exitStatus(Duration wait) {
            try {
                return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)
                        ? Optional.of(process.exitValue())
                        : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public void kill() {
            if (!killed.compareAndSet(false, true)) {
                return;
            }
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("sh", "-c", RemoteScript.killLine(runDir, RemoteScript.SudoMode.NONE)));
            try {
                Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                k.getOutputStream().close();
                k.getInputStream().readAllBytes();
                k.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // The kill script could not run; the process is destroyed below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                process.destroyForcibly();
            }
        }

        @Override
        public void close() {
            if (process.isAlive() && exitStatus(Duration.ofSeconds(2)).isEmpty()) {
                kill();
            }
        }
    }
}
