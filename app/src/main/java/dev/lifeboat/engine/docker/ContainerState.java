package dev.lifeboat.engine.docker;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container of a compose project as {@code docker inspect} describes it, with what the backup needs. {@link #env()}
 * may hold secrets: it is never logged and never shown ({@link #toString()} leaves it out).
 *
 * @param id full id
 * @param name name without the leading slash
 * @param project {@code com.docker.compose.project}, empty when absent
 * @param service {@code com.docker.compose.service}, empty when absent
 * @param image the image the config names
 * @param status Docker's state: {@code running}, {@code exited}, {@code restarting}, {@code created} ...
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or empty when the image has no health check
 * @param addresses the container's IP addresses on its networks
 * @param mounts bind mounts and volumes
 * @param env environment entries by name (values may be secrets)
 * @param stopTimeoutSeconds the stop grace period the container was created with, empty for Docker's default
 * @param ports the host ports it publishes, as {@code PORT/PROTO} ({@code 8080/tcp}): what it needs free to start
 * @param restartCount how often Docker has restarted it by its restart policy since it was last started (a crash loop
 *     counts up)
 */
public record ContainerState(
        String id,
        String name,
        String project,
        String service,
        String image,
        String status,
        String health,
        List<String> addresses,
        List<Mount> mounts,
        Map<String, String> env,
        Optional<Integer> stopTimeoutSeconds,
        List<String> ports,
        int restartCount) {

    public ContainerState {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        env = Map.copyOf(env);
    }

    /** A container that Docker has not restarted. */
    public ContainerState(
            String id,
            String name,
            String project,
            String service,
            String image,
            String status,
            String health,
            List<String> addresses,
            List<Mount> mounts,
            Map<String, String> env,
            Optional<Integer> stopTimeoutSeconds,
            List<String> ports) {
        this(id, name, project, service, image, status, health, addresses, mounts, env, stopTimeoutSeconds, ports, 0);
    }

    public boolean running() {
        return status.equals("running");
    }

    /** Running, and healthy where the image defines a health check. */
    public boolean up() {
        return running() && (health.isEmpty() || health.equals("healthy"));
    }

    /** The service name, or the container name when it has no compose label. */
    public String label() {
        return service.isEmpty() ? name : service;
    }

    /** The first of these environment variables that is set and not empty. */
    public Optional<String> envName(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isEmpty()) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * A mount.
     *
     * @param source the path on the server
     * @param destination the path inside the container
     * @param volumeName the named volume, or null for a bind mount
     * @param readWrite whether the container may write
     */
    public record Mount(String source, String destination, String volumeName, boolean readWrite) {}

    @Override
    public String toString() {
        return "ContainerState[" + name + " (" + service + ") " + image + " " + status
                + (health.isEmpty() ? "" : "/" + health) + "]";
    }
}
