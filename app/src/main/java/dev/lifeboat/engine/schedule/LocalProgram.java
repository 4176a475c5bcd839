package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program on this computer (systemctl, systemd-analyze, crontab, ssh-keygen, secret-tool, notify-send), run with
 * its arguments as a list (no shell), a secret only ever on its standard input, and a time limit. Thread-safe.
 */
public final class LocalProgram {
    private LocalProgram() {}

    /** What a program printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** Its standard error, else its standard output, on one line: for messages. */
        public String said() {
            String s = err.isBlank() ? out : err;
            return s.strip().replace('\n', ' ');
        }
    }

    /**
     * What a program printed and how it ended, its standard output as it came: a secret it printed stays out of
     * {@code String}s, and the caller wipes it.
     */
    public record RawResult(int exit, byte[] out, String err) {}

    /** The program did not end within its time limit (it was killed). */
    public static final class TimedOutException extends EngineException {
        private static final long serialVersionUID = 1L;

        TimedOutException(String userMessage) {
            super(userMessage);
        }
    }

    /**
     * Runs {@code argv} and waits at most {@code timeout}.
     *
     * @param stdin what to write to its standard input (then closed), or null for nothing
     * @param env variables to add to this process's environment (never a secret: see {@code stdin})
     * @param debianPackage the package that brings the program, named when it is missing
     * @throws EngineException when the program is missing, or did not end within the time limit ({@link
     *     TimedOutException})
     */
    public static Result run(
            List<String> argv, byte[] stdin, Map<String, String> env, Duration timeout, String debianPackage)
            throws EngineException {
        RawResult r = runRaw(argv, stdin, env, timeout, debianPackage);
        return new Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    /** {@link #run}, keeping its standard output as bytes (for a program that prints a secret). */
    public static RawResult runRaw(
            List<String> argv, byte[] stdin, Map<String, String> env, Duration timeout, String debianPackage)
            throws EngineException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EngineException(
                    argv.get(0) + " could not be started (" + e.getMessage() + "). Install it: sudo apt-get install "
                            + debianPackage + ".",
                    e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // The program closed its input early; what it printed says why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new TimedOutException(argv.get(0) + " did not end within " + timeout.toSeconds() + " s.");
            }
            return new RawResult(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while " + argv.get(0) + " ran.");
        }
    }

    /** {@link #run} with no input, no extra environment and a minute's limit. */
    public static Result run(List<String> argv, String debianPackage) throws EngineException {
        return run(argv, null, Map.of(), Duration.ofMinutes(1), debianPackage);
    }

    /** Whether a program is on the PATH. */
    public static boolean exists(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        // Its own daemon thread: a blocking read must not hold a thread of the common pool.
        return CompletableFuture.supplyAsync(
                () -> {
                    try (s) {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        s.transferTo(b);
                        return b.toByteArray();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                r -> {
                    Thread t = new Thread(r, "local-program-output");
                    t.setDaemon(true);
                    t.start();
                });
    }
}
