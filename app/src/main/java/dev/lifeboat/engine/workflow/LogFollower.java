package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.DockerCli;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.LineSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the logs of a project's containers while a run lasts ({@code docker logs -f}, one channel each on the run's
 * SSH session) and hands every line to the listener as a {@link WorkflowEvent.LogLine} from {@code
 * container:SERVICE}. A container that stops ends its stream; the follower picks it up again when it runs again,
 * without repeating lines. {@link #close()} stops all of them.
 */
final class LogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private final DockerCli docker;
    private final ProgressListener listener;
    private final CancelToken stop = new CancelToken();
    private final List<Thread> threads = new ArrayList<>();
    private final String since;

    LogFollower(DockerCli docker, ProgressListener listener, Instant since) {
        this.docker = docker;
        this.listener = listener;
        this.since = since.toString();
    }

    void follow(List<ContainerState> containers) {
        for (ContainerState c : containers) {
            Thread t = new Thread(() -> loop(c), "lifeboat-logs-" + c.label());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void loop(ContainerState c) {
        String[] last = {since};
        while (!stop.isCancelled()) {
            try {
                String from = last[0];
                docker.shell()
                        .run(
                                docker.followLogs(c, from),
                                null,
                                new LineSink() {
                                    @Override
                                    protected void line(Stream stream, String line) {
                                        int sp = line.indexOf(' ');
                                        String ts = sp > 0 ? line.substring(0, sp) : "";
                                        if (!ts.isEmpty() && ts.compareTo(from) <= 0 && !from.equals(since)) {
                                            return;
                                        }
                                        if (!ts.isEmpty()) {
                                            last[0] = ts;
                                        }
                                        listener.on(new WorkflowEvent.LogLine(
                                                Instant.now(),
                                                "container:" + c.label(),
                                                sp > 0 ? line.substring(sp + 1) : line));
                                    }
                                },
                                stop);
            } catch (EngineException e) {
                if (!stop.isCancelled()) {
                    LOG.debug("log stream of {} ended: {}", c.label(), e.getMessage());
                }
            }
            sleep(1000);
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.cancel();
        }
    }

    @Override
    public void close() {
        stop.cancel();
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
