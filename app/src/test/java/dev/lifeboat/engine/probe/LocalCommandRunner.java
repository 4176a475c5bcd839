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
    private int calls;

    @Override
    public byte[] run(CommandSpec spec) throws EngineException {
        calls++;
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", spec.toShellLine()))
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
