package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RemoteShell} for unit tests: answers each command with the canned output of the first rule whose text
 * occurs in the command's shell line, and records every command it was given.
 */
public final class FakeShell implements RemoteShell {
    /** A canned answer. */
    public record Answer(int exit, String stdout, String stderr) {}

    private final Map<String, Answer> rules = new LinkedHashMap<>();
    private final List<CommandSpec> ran = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private Privileges privileges = new Privileges("root", true, false, Privileges.Sudo.NOT_NEEDED, true);

    /** Answers commands whose shell line contains {@code text}; the first rule given for a text wins. */
    public FakeShell on(String text, int exit, String stdout, String stderr) {
        rules.putIfAbsent(text, new Answer(exit, stdout, stderr));
        return this;
    }

    public FakeShell withPrivileges(Privileges p) {
        this.privileges = p;
        return this;
    }

    public synchronized List<CommandSpec> ran() {
        return List.copyOf(ran);
    }

    /** How many commands are running now (given to {@link #run} and not yet returned). */
    public int running() {
        return running.get();
    }

    @Override
    public CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel)
            throws EngineException {
        synchronized (this) {
            ran.add(spec);
        }
        running.incrementAndGet();
        try {
            return answer(spec, sink, cancel);
        } finally {
            running.decrementAndGet();
        }
    }

    private CommandResult answer(CommandSpec spec, OutputSink sink, CancelToken cancel) throws EngineException {
        String line = spec.toShellLine();
        Answer a = new Answer(0, "", "");
        for (Map.Entry<String, Answer> r : rules.entrySet()) {
            if (line.contains(r.getKey())) {
                a = r.getValue();
                break;
            }
        }
        // A form feed in an answer splits its stdout into pieces that arrive 0.2 s apart, as a stream does.
        String[] pieces = a.stdout().split("\f", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new dev.lifeboat.engine.CancelledException("Interrupted.");
                }
                if (cancel.isCancelled()) {
                    throw new dev.lifeboat.engine.CancelledException("Cancelled.");
                }
            }
            byte[] out = pieces[i].getBytes(StandardCharsets.UTF_8);
            sink.stdout(out, 0, out.length);
        }
        byte[] err = a.stderr().getBytes(StandardCharsets.UTF_8);
        sink.stderr(err, 0, err.length);
        sink.finished();
        return new CommandResult(a.exit(), Optional.empty(), Duration.ZERO);
    }

    @Override
    public RemoteProcess start(CommandSpec spec) throws EngineException {
        throw new EngineException("FakeShell does not start processes");
    }

    @Override
    public Privileges privileges() {
        return privileges;
    }

    @Override
    public String describe() {
        return "root@fake";
    }
}
