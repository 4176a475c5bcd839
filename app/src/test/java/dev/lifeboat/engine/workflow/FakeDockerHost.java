package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandResult;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteProcess;
import dev.lifeboat.engine.remote.RemoteShell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake server for the workflows' unit tests: a Docker host that keeps its containers' state (compose creates them,
 * {@code docker start}/{@code stop} and the guard's stop change it, {@code docker ps}/{@code inspect} report it, a
 * drill's removal deletes them) and answers the rest from canned rules, as {@code FakeShell} does. It records every
 * command, and the changes in the order they happened ({@link #changes()}). The real ones are the testbed ITs; this
 * one is for the step lists' order, their undo and their windows.
 */
final class FakeDockerHost implements RemoteShell {
    /** A canned answer for commands that contain a text. */
    record Answer(int exit, String stdout, String stderr) {}

    private static final class Container {
        final String id;
        final String project;
        final String service;
        final String image;
        final String mount;
        boolean running;
        /** Restarted by its restart policy at every inspect (a crash loop), shown as restarting. */
        boolean looping;

        int restarts;

        Container(String id, String project, String service, String image, String mount, boolean running) {
            this.id = id;
            this.project = project;
            this.service = service;
            this.image = image;
            this.mount = mount;
            this.running = running;
        }
    }

    private final String name;
    private final Map<String, Answer> rules = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    /** Per compose project: service → [image, bind mount source:destination]. */
    private final Map<String, Map<String, String[]>> composeFiles = new LinkedHashMap<>();

    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    private int nextId = 1;
    /** Services whose containers exit as soon as they are started. */
    private final java.util.Set<String> crashing = new java.util.HashSet<>();

    FakeDockerHost(String name) {
        this.name = name;
        on("flock -w 3", 0, "ARMED 42\n", "");
        on("curl -s -o /dev/null", 0, "200", "");
    }

    /** Answers commands whose shell line contains {@code text}; the first rule for a text wins. */
    FakeDockerHost on(String text, int exit, String stdout, String stderr) {
        rules.putIfAbsent(text, new Answer(exit, stdout, stderr));
        return this;
    }

    /** A compose project whose {@code up} makes these services (image, mount {@code SOURCE:DEST}). */
    FakeDockerHost compose(String project, Map<String, String[]> services) {
        composeFiles.put(project, new LinkedHashMap<>(services));
        return this;
    }

    /** A container that exists already. */
    synchronized FakeDockerHost container(String project, String service, String image, String mount, boolean up) {
        String id = "c" + (nextId++) + service;
        containers.put(id, new Container(id, project, service, image, mount, up));
        return this;
    }

    /** Containers of this service exit again as soon as {@code docker start} starts them. */
    synchronized FakeDockerHost crashing(String service) {
        crashing.add(service);
        return this;
    }

    /** The service's container dies as it starts under {@code restart: always}: every inspect sees one more restart. */
    synchronized FakeDockerHost crashLooping(String service) {
        containers.values().stream().filter(c -> c.service.equals(service)).forEach(c -> c.looping = true);
        return this;
    }

    /** The id of a project's container for a service. */
    synchronized String id(String project, String service) {
        return containers.values().stream()
                .filter(c -> c.project.equals(project) && c.service.equals(service))
                .map(c -> c.id)
                .findFirst()
                .orElseThrow();
    }

    synchronized boolean running(String project, String service) {
        return containers.values().stream()
                .anyMatch(c -> c.project.equals(project) && c.service.equals(service) && c.running);
    }

    synchronized int count(String project) {
        return (int) containers.values().stream()
                .filter(c -> c.project.equals(project))
                .count();
    }

    List<String> ran() {
        synchronized (ran) {
            return List.copyOf(ran);
        }
    }

    /** The changes made, in order: {@code start SERVICE}, {@code stop SERVICE}, {@code create PROJECT}, ... */
    List<String> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    @Override
    public CommandResult run(CommandSpec spec, InputStream stdin, OutputSink sink, CancelToken cancel)
            throws EngineException {
        String line = spec.toShellLine();
        ran.add(line);
        if (stdin != null) {
            try {
                stdin.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new EngineException(e.getMessage(), e);
            }
        }
        Answer a = answer(spec, line);
        byte[] out = a.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = a.stderr().getBytes(StandardCharsets.UTF_8);
        sink.stdout(out, 0, out.length);
        sink.stderr(err, 0, err.length);
        sink.finished();
        return new CommandResult(a.exit(), Optional.empty(), Duration.ZERO);
    }

    private synchronized Answer answer(CommandSpec spec, String line) {
        for (Map.Entry<String, Answer> r : rules.entrySet()) {
            if (line.contains(r.getKey())) {
                if (r.getValue().exit() == 0 && line.contains("exec docker stop")) {
                    stop(lastArg(spec, 2)); // the guard's recorded stop: SCRIPT ... ID GRACE
                }
                return r.getValue();
            }
        }
        List<String> args = spec.args();
        int docker = args.indexOf("docker");
        if (line.contains("exec docker stop")) {
            stop(lastArg(spec, 2));
            return ok("");
        }
        if (docker >= 0 && docker + 1 < args.size()) {
            String verb = args.get(docker + 1);
            List<String> rest = args.subList(docker + 2, args.size());
            switch (verb) {
                case "ps" -> {
                    String project = rest.stream()
                            .filter(x -> x.startsWith("label=com.docker.compose.project="))
                            .map(x -> x.substring("label=com.docker.compose.project=".length()))
                            .findFirst()
                            .orElse(null);
                    StringBuilder b = new StringBuilder();
                    containers.values().stream()
                            .filter(c -> project == null || c.project.equals(project))
                            .forEach(c -> b.append(c.id).append('\n'));
                    return ok(b.toString());
                }
                case "inspect" -> {
                    return ok(inspect(rest));
                }
                case "start" -> {
                    rest.forEach(id -> {
                        Container c = containers.get(id);
                        if (c != null) {
                            c.running = !crashing.contains(c.service);
                            changes.add("start " + c.project + "/" + c.service);
                        }
                    });
                    return ok("");
                }
                case "stop" -> {
                    rest.stream().filter(containers::containsKey).forEach(this::stop);
                    return ok("");
                }
                default -> {}
            }
        }
        if (line.contains("docker compose") || line.contains("docker-compose")) {
            return compose(args);
        }
        if (line.contains("docker rm -f -v") && line.contains("com.docker.compose.project=$p")) {
            String project = args.get(args.size() - 2);
            containers.values().removeIf(c -> c.project.equals(project));
            changes.add("remove " + project);
            return ok("");
        }
        return ok("");
    }

    private Answer compose(List<String> args) {
        int p = args.indexOf("-p");
        String project = p >= 0 ? args.get(p + 1) : "?";
        int up = args.lastIndexOf("up");
        if (args.contains("config")) {
            StringBuilder y = new StringBuilder("services:\n");
            composeFiles.getOrDefault(project, Map.of()).forEach((svc, im) -> y.append("  ")
                    .append(svc)
                    .append(":\n    image: ")
                    .append(im[0])
                    .append("\n    volumes:\n      - ")
                    .append(im[1])
                    .append('\n'));
            return ok(y.toString());
        }
        if (up < 0) {
            return ok("");
        }
        List<String> after = args.subList(up + 1, args.size());
        boolean start = after.contains("-d");
        List<String> named = after.stream().filter(x -> !x.startsWith("-")).toList();
        Map<String, String[]> services = composeFiles.getOrDefault(project, Map.of());
        if (services.isEmpty() && project.startsWith("lifeboat-drill-")) {
            services = composeFiles.values().stream().findFirst().orElse(Map.of());
        }
        for (Map.Entry<String, String[]> s : services.entrySet()) {
            if (!named.isEmpty() && !named.contains(s.getKey())) {
                continue;
            }
            Container c = containers.values().stream()
                    .filter(x -> x.project.equals(project) && x.service.equals(s.getKey()))
                    .findFirst()
                    .orElse(null);
            if (c == null) {
                String id = "c" + (nextId++) + s.getKey();
                c = new Container(id, project, s.getKey(), s.getValue()[0], s.getValue()[1], false);
                containers.put(id, c);
                changes.add("create " + project + "/" + s.getKey());
            }
            if (start && !c.running) {
                c.running = true;
                changes.add("start " + project + "/" + s.getKey());
            }
        }
        return ok("");
    }

    private void stop(String id) {
        Container c = containers.get(id);
        if (c != null && c.running) {
            c.running = false;
            changes.add("stop " + c.project + "/" + c.service);
        }
    }

    private static String lastArg(CommandSpec spec, int fromEnd) {
        List<String> a = spec.args();
        return a.get(a.size() - fromEnd);
    }

    private String inspect(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            Container c = containers.get(id);
            if (c == null) {
                continue;
            }
            String[] m = c.mount.split(":", 2);
            if (c.looping) {
                c.restarts++;
            }
            out.add("{\"Id\":\"" + c.id + "\",\"Name\":\"/" + c.project + "_" + c.service
                    + "_1\",\"Config\":{\"Image\":\""
                    + c.image + "\",\"Labels\":{\"com.docker.compose.project\":\"" + c.project
                    + "\",\"com.docker.compose.service\":\"" + c.service + "\"},\"Env\":[]},\"State\":{\"Status\":\""
                    + (c.looping ? "restarting" : c.running ? "running" : "exited")
                    + "\"},\"RestartCount\":" + c.restarts + ",\"NetworkSettings\":{\"Networks\":{\"n\":{\"IPAddress\":"
                    + "\"10.0.0." + (id.hashCode() & 0x7f) + "\"}}},\"Mounts\":[{\"Type\":\"bind\",\"Source\":\""
                    + m[0] + "\",\"Destination\":\"" + m[1] + "\",\"RW\":true}]}");
        }
        return "[" + String.join(",", out) + "]";
    }

    private static Answer ok(String out) {
        return new Answer(0, out, "");
    }

    @Override
    public RemoteProcess start(CommandSpec spec) {
        throw new UnsupportedOperationException("no raw pipes on the fake host");
    }

    @Override
    public Privileges privileges() {
        return new Privileges("root", true, true, Privileges.Sudo.NOT_NEEDED, true);
    }

    @Override
    public String describe() {
        return "root@" + name;
    }
}
