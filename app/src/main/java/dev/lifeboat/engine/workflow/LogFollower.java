package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.LineSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the logs of a project's containers while a run lasts and hands every line to the listener as a {@link
 * WorkflowEvent.LogLine} from {@code container:SERVICE}, masked. All containers share ONE command, so ONE SSH channel
 * (sshd allows 10 per connection by default): a small script runs {@code docker logs -f -t} for each container in the
 * background, in rounds of at most 20 s so that it ends by itself within seconds of its parent being stopped, and
 * picks a container up again after it was stopped and started. Lines seen twice across rounds are dropped by their
 * timestamp. {@link #close()} stops it.
 */
final class LogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private static final String SCRIPT =
            """
            s0="$1"; shift
            for c in "$@"; do
              ( s="$s0"
                while kill -0 $$ 2>/dev/null; do
                  n=$(date -u +%Y-%m-%dT%H:%M:%SZ)
                  timeout 20 docker logs -f -t --since "$s" "$c" 2>&1 | sed "s|^|$c |"
                  s=$n; sleep 1
                done ) &
            done
            wait
            """;

    private final Docker docker;
    private final ProgressListener listener;
    private final UnaryOperator<String> mask;
    private final CancelToken stop = new CancelToken();
    private final String since;
    private Thread thread;

    LogFollower(Docker docker, ProgressListener listener, Instant since, UnaryOperator<String> mask) {
        this.docker = docker;
        this.listener = listener;
        this.mask = mask;
        this.since = since.toString();
    }

    /** The one command that follows all of them. */
    CommandSpec spec(List<ContainerState> containers) throws EngineException {
        List<String> args = new ArrayList<>(List.of(since));
        containers.forEach(c -> args.add(c.id()));
        return docker.script(SCRIPT, args, false);
    }

    void follow(List<ContainerState> containers) throws EngineException {
        if (containers.isEmpty()) {
            return;
        }
        CommandSpec spec = spec(containers);
        Map<String, String> labels = new HashMap<>();
        containers.forEach(c -> labels.put(c.id(), c.label()));
        Map<String, String> last = new HashMap<>();
        thread = new Thread(
                () -> {
                    try {
                        docker.shell()
                                .run(
                                        spec,
                                        null,
                                        new LineSink() {
                                            @Override
                                            protected void line(Stream stream, String line) {
                                                deliver(line, labels, last);
                                            }
                                        },
                                        stop);
                    } catch (EngineException e) {
                        if (!stop.isCancelled()) {
                            LOG.debug("the log stream ended: {}", e.getMessage());
                        }
                    }
                },
                "lifeboat-logs");
        thread.setDaemon(true);
        thread.start();
    }

    /** A line {@code ID TIMESTAMP TEXT}: to its container's source, once. */
    private void deliver(String line, Map<String, String> labels, Map<String, String> last) {
        int a = line.indexOf(' ');
        if (a < 0) {
            return;
        }
        String id = line.substring(0, a);
        String rest = line.substring(a + 1);
        int b = rest.indexOf(' ');
        String ts = b > 0 ? rest.substring(0, b) : "";
        String text = b > 0 ? rest.substring(b + 1) : rest;
        if (ts.matches("\\d{4}-\\d\\d-\\d\\dT.*Z")) {
            String prev = last.get(id);
            if (prev != null && ts.compareTo(prev) <= 0) {
                return;
            }
            last.put(id, ts);
        } else {
            text = rest;
        }
        String label = labels.getOrDefault(id, id);
        listener.on(new WorkflowEvent.LogLine(Instant.now(), "container:" + label, mask.apply(text)));
    }

    @Override
    public void close() {
        stop.cancel();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
