package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry run: read-only commands run on the real shell (so plans see the real server); changing commands are only
 * reported to a listener and logged, and count as succeeded with no output. Thread-safe if the listener is.
 */
public final class DryRunShell implements RemoteShell {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunShell.class);
    private final RemoteShell real;
    private final Consumer<CommandSpec> wouldRun;

    /**
     * @param real the shell that runs the read-only commands
     * @param wouldRun told about each changing command instead of it running; may be a no-op
     */
    public DryRunShell(RemoteShell real, Consumer<CommandSpec> wouldRun) {
        this.real = real;
        this.wouldRun = wouldRun;
    }

    @Override
    public CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel)
            throws EngineException {
        if (!spec.mutating()) {
            return real.run(spec, stdin, sink, cancel);
        }
        LOG.info("dry run, not running on {}: {}", real.describe(), spec.display());
        wouldRun.accept(spec);
        sink.finished();
        return new CommandResult(0, Optional.empty(), Duration.ZERO, true);
    }

    @Override
    public RemoteProcess start(CommandSpec spec) throws EngineException {
        if (spec.mutating()) {
            wouldRun.accept(spec);
            throw new EngineException("Dry run: '" + spec.display() + "' changes the server and was not started.");
        }
        return real.start(spec);
    }

    @Override
    public Privileges privileges() throws EngineException {
        return real.privileges();
    }

    @Override
    public String describe() {
        return real.describe() + " (dry run)";
    }
}
