package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the fault matrix stops a run (docs/reliability.md): a boundary of the workflow's own step list, named in the
 * environment of an out-of-process CLI run. At that boundary the run writes {@code DIR/reached} (the boundary and its
 * pid) and waits until {@code DIR/go} exists; meanwhile the harness does its fault (kills the process, cuts the
 * network, fills a disk, restarts the server's Docker...). Nothing happens unless {@code LIFEBOAT_FAULT_AT} is set.
 *
 * <ul>
 *   <li>{@code before:STEP} and {@code after:STEP}: around a top-level step ({@code before:stop}, {@code
 *       after:target:load});
 *   <li>{@code during:STEP:BYTES}: inside a long step, at its first progress report of at least BYTES (a copy, a
 *       dump, a load).
 * </ul>
 */
public final class FaultPoint implements Runner.Boundaries {
    private static final Logger LOG = LoggerFactory.getLogger(FaultPoint.class);
    /** The boundary, e.g. {@code before:stop}. */
    public static final String AT = "LIFEBOAT_FAULT_AT";
    /** The folder of the handshake with the harness. */
    public static final String DIR = "LIFEBOAT_FAULT_DIR";

    private static final long WAIT_MILLIS = 10 * 60_000L;

    private final String kind;
    private final String step;
    private final long bytes;
    private final Path dir;
    private volatile boolean reached;

    private FaultPoint(String kind, String step, long bytes, Path dir) {
        this.kind = kind;
        this.step = step;
        this.bytes = bytes;
        this.dir = dir;
    }

    /** The boundary the environment names, or none. */
    public static Runner.Boundaries fromEnvironment(Map<String, String> env) {
        String at = env.get(AT);
        String dir = env.get(DIR);
        if (at == null || at.isBlank() || dir == null || dir.isBlank()) {
            return Runner.Boundaries.NONE;
        }
        int colon = at.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(AT + " must be before:STEP, after:STEP or during:STEP:BYTES: " + at);
        }
        String kind = at.substring(0, colon);
        String rest = at.substring(colon + 1);
        long bytes = 0;
        if (kind.equals("during")) {
            int last = rest.lastIndexOf(':');
            bytes = Long.parseLong(rest.substring(last + 1));
            rest = rest.substring(0, last);
        } else if (!kind.equals("before") && !kind.equals("after")) {
            throw new IllegalArgumentException(AT + " must be before:STEP, after:STEP or during:STEP:BYTES: " + at);
        }
        return new FaultPoint(kind, rest, bytes, Path.of(dir));
    }

    @Override
    public void before(String s) throws EngineException {
        if (kind.equals("before") && s.equals(step)) {
            reach();
        }
    }

    @Override
    public void after(String s) throws EngineException {
        if (kind.equals("after") && s.equals(step)) {
            reach();
        }
    }

    @Override
    public void during(String s, long done) throws EngineException {
        if (kind.equals("during") && s.equals(step) && done >= bytes) {
            reach();
        }
    }

    private synchronized void reach() throws EngineException {
        if (reached) {
            return;
        }
        reached = true;
        String at = kind + ":" + step + (kind.equals("during") ? ":" + bytes : "");
        LOG.warn("fault point {} reached: waiting for the harness", at);
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("reached.tmp"),
                    at + " " + ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(dir.resolve("reached.tmp"), dir.resolve("reached"));
            long until = System.currentTimeMillis() + WAIT_MILLIS;
            while (!Files.exists(dir.resolve("go")) && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new EngineException("The fault point " + at + " could not tell the harness: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.lifeboat.engine.CancelledException("Interrupted at the fault point " + at + ".");
        }
    }
}
