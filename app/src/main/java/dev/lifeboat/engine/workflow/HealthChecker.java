package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.CancelledException;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.docker.ContainerState;
import dev.lifeboat.engine.docker.Docker;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.RemoteShell;
import dev.lifeboat.engine.stacks.Maintenance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits until an application is up again: where the stack names an HTTP check, every started container runs (none
 * unhealthy) and an HTTP GET on the service's container answers below 400; otherwise every started container runs and
 * is healthy where its image defines a Docker health check. The HTTP request is made
 * on the server (curl, else wget, else python3), to the container's own address, so no port needs to be published.
 */
public final class HealthChecker {
    /**
     * How often the check asks while it waits: the site is down until it passes, so the poll's granularity is downtime
     * (one {@code docker inspect} and one HTTP request on the server per poll, a few milliseconds there).
     */
    static final long POLL_MILLIS = 250;

    /**
     * How many restarts by its restart policy, while the check waits, make a container a crash loop: a release that
     * dies as it starts (a migration that fails) under {@code restart: always} would otherwise be waited for until the
     * deadline — minutes of a site down before a rollback. A container that restarts a few times while its database
     * comes up is not one (Docker's back-off doubles from 100 ms: eight restarts take half a minute at least, whatever the poll).
     */
    static final int CRASH_LOOP_RESTARTS = 8;

    private static final String HTTP =
            """
            u="$1"
            if command -v curl >/dev/null 2>&1; then curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$u"
            elif command -v wget >/dev/null 2>&1; then wget -q -S -O /dev/null --timeout=5 "$u" 2>&1 | awk '/HTTP\\//{c=$2} END{print c}'
            elif command -v python3 >/dev/null 2>&1; then python3 -c '
            import sys, urllib.request, urllib.error
            try:
                print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
            except urllib.error.HTTPError as e:
                print(e.code)
            except Exception:
                print(0)' "$u"
            else echo NOTOOL; fi
            """;

    private final Docker docker;

    public HealthChecker(Docker docker) {
        this.docker = docker;
    }

    /** The command that asks a URL for its HTTP status on the server. */
    public static CommandSpec httpSpec(String url) {
        return new CommandSpec(
                List.of("sh", "-c", HTTP, "sh", url), Map.of(), false, false, Optional.of(Duration.ofSeconds(20)));
    }

    /**
     * Blocks until healthy or the check's timeout; returns null when healthy, else what is still wrong.
     *
     * @param started the containers the run started (ids)
     * @param project all containers of the project, for finding the HTTP service
     * @param progress told what is being waited for, now and then
     */
    public String await(
            Maintenance.HealthCheck check,
            List<String> started,
            List<ContainerState> project,
            Consumer<String> progress,
            CancelToken cancel)
            throws EngineException {
        return await(check, started, List.of(), project, progress, cancel);
    }

    /**
     * As {@link #await(Maintenance.HealthCheck, List, List, Consumer, CancelToken)}, also looking at {@code keptUp}
     * (ids: the containers the run kept running, a backup's databases) in the same inspect: one found stopped (the
     * server's Docker engine restarted, it was killed) is started again as a stopped started one is. Their own health
     * is not judged (a stand-in's failing Docker health check must not hold the site down).
     */
    public String await(
            Maintenance.HealthCheck check,
            List<String> started,
            List<String> keptUp,
            List<ContainerState> project,
            Consumer<String> progress,
            CancelToken cancel)
            throws EngineException {
        long deadline =
                System.nanoTime() + Duration.ofSeconds(check.timeoutSeconds()).toNanos();
        String last = "not checked yet";
        Optional<ContainerState> http = check.http()
                ? check.service().stream()
                        .flatMap(s -> project.stream().filter(c -> c.service().equals(s)))
                        .findFirst()
                : Optional.empty();
        java.util.Set<String> restarted = new java.util.HashSet<>();
        Map<String, Integer> firstCount = new java.util.HashMap<>();
        // One inspect per poll (the site is down while this waits): the started containers and the one that answers
        // HTTP.
        List<String> ids = new java.util.ArrayList<>(started);
        http.ifPresent(h -> {
            if (!ids.contains(h.id())) {
                ids.add(h.id());
            }
        });
        List<String> restartable = new java.util.ArrayList<>(started);
        for (String id : keptUp) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
            if (!restartable.contains(id)) {
                restartable.add(id);
            }
        }
        while (true) {
            if (cancel.isCancelled()) {
                throw new CancelledException("Cancelled while waiting for the application to come up.");
            }
            List<ContainerState> now = docker.inspect(ids);
            int before = restarted.size();
            String exited = restartExited(now, restartable, restarted, progress);
            if (exited != null) {
                return exited;
            }
            String looping = crashLoop(now, started, firstCount);
            if (looping != null) {
                return looping;
            }
            // What was just started again is looked at by the next poll.
            last = restarted.size() > before ? "started again" : once(check, started, http, now);
            if (last == null) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                return last;
            }
            progress.accept(last);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Interrupted while waiting for the application to come up.");
            }
        }
    }

    /**
     * A started container that has stopped again (the engine restarted under it, it was killed, it crashed) is started
     * once more, as an admin would; one that stops a second time is not waited for until the deadline: what is wrong
     * is returned at once.
     */
    private String restartExited(
            List<ContainerState> now, List<String> started, java.util.Set<String> restarted, Consumer<String> progress)
            throws EngineException {
        List<ContainerState> stopped = now.stream()
                .filter(c -> started.contains(c.id()))
                .filter(c -> c.status().equals("exited")
                        || c.status().equals("dead")
                        || c.status().equals("created"))
                .toList();
        for (ContainerState c : stopped) {
            if (restarted.contains(c.id())) {
                return c.label() + " stopped again (" + c.status() + ") after it was started twice: its logs say why"
                        + " (docker logs " + c.name() + ")";
            }
        }
        if (stopped.isEmpty()) {
            return null;
        }
        progress.accept(stopped.stream().map(ContainerState::label).toList() + " had stopped; starting again");
        CommandSpec start =
                docker.start(stopped.stream().map(ContainerState::id).toList());
        RemoteShell.Captured r = docker.shell().capture(start);
        stopped.forEach(c -> restarted.add(c.id()));
        return r.ok()
                ? null
                : "'" + start.display() + "' failed: " + start.mask(r.stderr().strip());
    }

    /** A started container that Docker restarted {@link #CRASH_LOOP_RESTARTS} times since the wait began. */
    static String crashLoop(List<ContainerState> now, List<String> started, Map<String, Integer> firstCount) {
        for (ContainerState c : now) {
            if (!started.contains(c.id())) {
                continue;
            }
            int first = firstCount.computeIfAbsent(c.id(), id -> c.restartCount());
            int restarts = c.restartCount() - first;
            if (restarts >= CRASH_LOOP_RESTARTS) {
                return c.label() + " keeps restarting: Docker restarted it " + restarts + " times while Lifeboat"
                        + " waited (a crash loop; its logs say why: docker logs " + c.name() + ")";
            }
        }
        return null;
    }

    private String once(
            Maintenance.HealthCheck check,
            List<String> started,
            Optional<ContainerState> http,
            List<ContainerState> now)
            throws EngineException {
        for (ContainerState c : now) {
            if (!started.contains(c.id())) {
                continue;
            }
            // With an HTTP check, the application's own answer is what counts: a Docker health check that has not
            // run yet ("starting", its first interval can be 30 s) does not hold the site down; "unhealthy" does.
            boolean ok = http.isPresent() ? c.running() && !c.health().equals("unhealthy") : c.up();
            if (!ok) {
                return c.label() + " is " + c.status() + (c.health().isEmpty() ? "" : " (" + c.health() + ")");
            }
        }
        if (now.stream().filter(c -> started.contains(c.id())).count() < started.size()) {
            return "a started container is gone";
        }
        if (http.isEmpty()) {
            return null;
        }
        List<ContainerState> fresh =
                now.stream().filter(c -> c.id().equals(http.get().id())).toList();
        if (fresh.isEmpty() || fresh.get(0).addresses().isEmpty()) {
            return http.get().label() + " has no address yet";
        }
        String url = "http://" + fresh.get(0).addresses().get(0) + ":" + check.port() + check.path();
        RemoteShell.Captured c = docker.shell().capture(httpSpec(url));
        String code = c.stdout().strip();
        if (code.equals("NOTOOL")) {
            // Nothing on the server can make the request; the containers run, which is what can be told.
            return null;
        }
        try {
            int status = Integer.parseInt(code);
            if (status >= 200 && status < 400) {
                return null;
            }
            return "GET " + check.path() + " on " + http.get().label() + " answered "
                    + (status == 0 ? "nothing" : status);
        } catch (NumberFormatException e) {
            return "GET " + check.path() + " on " + http.get().label() + " did not answer";
        }
    }
}
