package dev.lifeboat.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.Privileges;
import dev.lifeboat.engine.remote.RemoteShell;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way Lifeboat reaches a server's Docker engine (ADR 0011): its {@code docker} command, through the server's
 * {@link RemoteShell} like every other command. Each operation is a {@link CommandSpec} value, so a plan can show the
 * exact command and the secrets rule of the shell holds; {@code docker inspect}'s JSON is read into {@link
 * ContainerState}s. Plain shell work on the server (df, du, rm, sed) does not belong here: it is a {@code CommandSpec}
 * of its own, run as root through the shell ({@link CommandSpec#script}).
 *
 * <p>Runs {@code docker} as root through sudo when the login may not use the Docker socket itself. Thread-safe.
 */
public final class Docker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUICK = Duration.ofSeconds(60);
    private final RemoteShell shell;
    private Boolean needsSudo;

    public Docker(RemoteShell shell) {
        this.shell = shell;
    }

    public RemoteShell shell() {
        return shell;
    }

    /** {@code docker ARGS} as a read-only command. */
    public CommandSpec read(String... args) throws EngineException {
        return withPrivilege(new CommandSpec(docker(List.of(args)), Map.of(), false, false, Optional.of(QUICK)));
    }

    /** {@code docker ARGS} as a changing command with a time limit. */
    public CommandSpec write(Duration timeout, String... args) throws EngineException {
        return withPrivilege(new CommandSpec(docker(List.of(args)), Map.of(), true, false, Optional.of(timeout)));
    }

    /** {@code docker stop -t GRACE ID}: SIGTERM, then SIGKILL after the grace period. */
    public CommandSpec stop(ContainerState c, int graceSeconds) throws EngineException {
        return write(Duration.ofSeconds(graceSeconds + 60L), "stop", "-t", Integer.toString(graceSeconds), c.id());
    }

    /** {@code docker start ID...}. */
    public CommandSpec start(List<String> ids) throws EngineException {
        List<String> args = new ArrayList<>(List.of("start"));
        args.addAll(ids);
        return write(Duration.ofSeconds(120), args.toArray(String[]::new));
    }

    /**
     * {@code docker exec -i CONTAINER sh -c SCRIPT}: a script run inside a container, its stdout streamed back. The
     * script may use the container's own environment (e.g. {@code "$MYSQL_ROOT_PASSWORD"}), which is how database
     * passwords reach the dump tools without ever being on a command line.
     *
     * @param mutating whether the script changes anything
     */
    public CommandSpec execScript(ContainerState c, String script, boolean mutating) throws EngineException {
        return withPrivilege(new CommandSpec(
                docker(List.of("exec", "-i", c.id(), "sh", "-c", script)),
                Map.of(),
                mutating,
                false,
                Optional.empty()));
    }

    /**
     * A script run on the server (not in a container) that uses the {@code docker} command, with the same privilege
     * as every docker command here: {@code sh -c SCRIPT sh ARGS...}. A script that does not use docker is a {@link
     * CommandSpec#script} run as root.
     */
    public CommandSpec script(String script, List<String> args, boolean mutating) throws EngineException {
        List<String> all = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        all.addAll(args);
        return withPrivilege(new CommandSpec(all, Map.of(), mutating, false, Optional.empty()));
    }

    /** {@code docker exec -i CONTAINER ARGS...}. */
    public CommandSpec exec(ContainerState c, List<String> args, boolean mutating) throws EngineException {
        List<String> all = new ArrayList<>(List.of("exec", "-i", c.id()));
        all.addAll(args);
        return withPrivilege(new CommandSpec(docker(all), Map.of(), mutating, false, Optional.empty()));
    }

    /** {@code docker logs -f -t --since SINCE ID}: follows a container's log until it stops or is cancelled. */
    public CommandSpec followLogs(ContainerState c, String since) throws EngineException {
        return withPrivilege(new CommandSpec(
                docker(List.of("logs", "-f", "-t", "--since", since, c.id())),
                Map.of(),
                false,
                false,
                Optional.empty()));
    }

    /** The containers of a compose project, running or not, found by label (never by name). */
    public List<ContainerState> project(String project) throws EngineException {
        CommandSpec ps =
                read("ps", "-a", "-q", "--no-trunc", "--filter", "label=com.docker.compose.project=" + project);
        RemoteShell.Captured c = shell.capture(ps).orThrow(ps);
        List<String> ids =
                c.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return inspect(ids);
    }

    /** Inspects containers by id; unknown ids are left out. */
    public List<ContainerState> inspect(List<String> ids) throws EngineException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(ids);
        CommandSpec spec = read(args.toArray(String[]::new));
        RemoteShell.Captured c = shell.capture(spec);
        if (!c.ok() && c.stdout().isBlank()) {
            c.orThrow(spec);
        }
        try {
            return parse(c.stdout());
        } catch (IOException e) {
            throw new EngineException("Could not read what docker inspect said on " + shell.describe(), e);
        }
    }

    /** Parses {@code docker inspect} output. */
    static List<ContainerState> parse(String json) throws IOException {
        List<ContainerState> out = new ArrayList<>();
        if (json.isBlank()) {
            return out;
        }
        for (JsonNode n : JSON.readTree(json)) {
            JsonNode config = n.path("Config");
            JsonNode labels = config.path("Labels");
            JsonNode state = n.path("State");
            List<String> addresses = new ArrayList<>();
            Iterator<JsonNode> nets = n.path("NetworkSettings").path("Networks").elements();
            while (nets.hasNext()) {
                String ip = nets.next().path("IPAddress").asText("");
                if (!ip.isEmpty()) {
                    addresses.add(ip);
                }
            }
            List<ContainerState.Mount> mounts = new ArrayList<>();
            for (JsonNode m : n.path("Mounts")) {
                String type = m.path("Type").asText("");
                if (type.equals("bind") || type.equals("volume")) {
                    mounts.add(new ContainerState.Mount(
                            m.path("Source").asText(),
                            m.path("Destination").asText(),
                            type.equals("volume") ? m.path("Name").asText() : null,
                            m.path("RW").asBoolean(true)));
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : config.path("Env")) {
                String s = e.asText();
                int eq = s.indexOf('=');
                if (eq > 0) {
                    env.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
            JsonNode st = config.path("StopTimeout");
            List<String> ports = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> bindings =
                    n.path("HostConfig").path("PortBindings").fields();
            while (bindings.hasNext()) {
                Map.Entry<String, JsonNode> b = bindings.next();
                String proto = b.getKey().contains("/")
                        ? b.getKey().substring(b.getKey().indexOf('/') + 1)
                        : "tcp";
                for (JsonNode h : b.getValue()) {
                    String port = h.path("HostPort").asText("");
                    if (port.matches("\\d+") && !ports.contains(port + "/" + proto)) {
                        ports.add(port + "/" + proto);
                    }
                }
            }
            out.add(new ContainerState(
                    n.path("Id").asText(),
                    n.path("Name").asText().replaceFirst("^/", ""),
                    labels.path("com.docker.compose.project").asText(""),
                    labels.path("com.docker.compose.service").asText(""),
                    config.path("Image").asText(""),
                    state.path("Status").asText(""),
                    state.path("Health").path("Status").asText(""),
                    addresses,
                    mounts,
                    env,
                    st.isNumber() ? Optional.of(st.asInt()) : Optional.empty(),
                    ports,
                    n.path("RestartCount").asInt(0)));
        }
        return out;
    }

    private static List<String> docker(List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add("docker");
        all.addAll(args);
        return all;
    }

    private CommandSpec withPrivilege(CommandSpec spec) throws EngineException {
        if (needsSudo == null) {
            Privileges p = shell.privileges();
            needsSudo = !p.dockerWithoutSudo();
        }
        return needsSudo ? spec.asRoot() : spec;
    }
}
