package dev.lifeboat.engine.probe;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link CommandSpec} on this machine the way the SSH shell runs it on a server: its quoted shell line, given
 * to {@code sh -c}. Lets tests run the probe scripts for real.
 */
public final class LocalCommandRunner implements CommandRunner {
    private final List<String> prefix;
    private int calls;

    /** Runs the commands as the user running the tests. */
    public LocalCommandRunner() {
        this(List.of());
    }

    private LocalCommandRunner(List<String> prefix) {
        this.prefix = prefix;
    }

    /**
     * Runs the commands as another user (through {@code runuser}, so the tests must run as root): lets a test run
     * as root, as CI does, still see what a login without root privileges sees.
     */
    public static LocalCommandRunner asUser(String user) {
        return new LocalCommandRunner(List.of("runuser", "-u", user, "--"));
    }

    @Override
    public byte[] run(CommandSpec spec) throws EngineException {
        calls++;
        try {
            List<String> cmd = new java.util.ArrayList<>(prefix);
            cmd.addAll(List.of("sh", "-c", spec.toShellLine()));
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(spec.timeout().map(d -> d.toSeconds()).orElse(60L), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException("timed out: " + spec.display());
            }
            return out;
        } catch (IOException e) {
            throw new EngineException("cannot run " + spec.display(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        }
    }

    /** How many commands ran: each is one round trip on a real server. */
    public int calls() {
        return calls;
    }
}
