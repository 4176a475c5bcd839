package dev.lifeboat.engine.stacks;

import java.util.List;

/**
 * How an application is taken down and brought back for a consistent copy, as its descriptor states it (DESIGN §3,
 * §6). The backup planner turns this into the containers to stop and start on a given server:
 *
 * <ul>
 *   <li>Services in {@link #stopOrder} stop first, in that order. Every other running service of the compose project
 *       stops after them (in reverse {@link #startOrder}, unnamed ones first), except the services that hold a database
 *       the backup dumps and the services in {@link #keepUp}: those stay up through the window.
 *   <li>After the copy, the stopped services start in {@link #startOrder}; services it does not name start last, in
 *       the reverse of the order they were stopped.
 *   <li>{@link #beforeStop} hooks run while everything is still up (e.g. SeaTable's big-data dump).
 *   <li>The site counts as up again when {@link #healthCheck} passes.
 * </ul>
 *
 * @param stopOrder compose services to stop first, in order
 * @param startOrder compose services in the order they start
 * @param keepUp services besides the dumped databases that stay up during the window
 * @param beforeStop commands run in a service's container before anything stops
 * @param healthCheck how to tell the site is up again
 * @param dumpsBeforeFiles take the dumps before the final file copy instead of beside it (the vendor asks for it)
 */
public record Maintenance(
        List<String> stopOrder,
        List<String> startOrder,
        List<String> keepUp,
        List<Hook> beforeStop,
        HealthCheck healthCheck,
        boolean dumpsBeforeFiles,
        List<Hook> afterRestore,
        List<SiteSetting> siteUrl,
        String composeWrapper) {

    public Maintenance {
        stopOrder = List.copyOf(stopOrder);
        startOrder = List.copyOf(startOrder);
        keepUp = List.copyOf(keepUp);
        beforeStop = List.copyOf(beforeStop);
        healthCheck = healthCheck == null ? HealthCheck.RUNNING : healthCheck;
        afterRestore = afterRestore == null ? List.of() : List.copyOf(afterRestore);
        siteUrl = siteUrl == null ? List.of() : List.copyOf(siteUrl);
    }

    /** What a compose project without a descriptor gets: every non-database service stops, health = all running. */
    public static Maintenance generic() {
        return new Maintenance(
                List.of(), List.of(), List.of(), List.of(), HealthCheck.RUNNING, false, List.of(), List.of(), null);
    }

    /**
     * A command run inside a service's container.
     *
     * @param service the compose service
     * @param run the program and its arguments
     * @param why for people, shown in the plan
     */
    public record Hook(String service, List<String> run, String why) {
        public Hook {
            if (service == null || service.isBlank() || run == null || run.isEmpty()) {
                throw new IllegalArgumentException("a hook needs a service and a command to run");
            }
            run = List.copyOf(run);
            why = why == null ? "" : why;
        }
    }

    /**
     * How to tell that the application is up. With {@link #service} and {@link #port} set: every started container
     * runs (none unhealthy) and an HTTP GET of {@link #path} on that service's container answers below 400. Without:
     * every started container runs and is healthy where its image defines a Docker health check.
     *
     * @param service the compose services that may answer HTTP (the first one the project has is asked); empty for
     *     "all running" only
     * @param port the container port it answers on
     * @param path the HTTP path, starting with {@code /}
     * @param timeoutSeconds how long to wait for it after the start
     */
    public record HealthCheck(List<String> service, Integer port, String path, Integer timeoutSeconds) {
        public static final HealthCheck RUNNING = new HealthCheck(List.of(), null, null, null);

        public HealthCheck {
            service = service == null ? List.of() : List.copyOf(service);
            path = path == null ? "/" : path;
            timeoutSeconds = timeoutSeconds == null ? 180 : timeoutSeconds;
            if (!service.isEmpty() && port == null) {
                throw new IllegalArgumentException("an HTTP health check on " + service + " needs a port");
            }
        }

        public boolean http() {
            return !service.isEmpty();
        }

        /** For people: what is checked. */
        public String describe() {
            return http()
                    ? "HTTP GET " + path + " on " + String.join(" or ", service) + ":" + port
                            + " answers below 400 (within " + timeoutSeconds + " s)"
                    : "every started container runs (and is healthy where its image says how), within " + timeoutSeconds
                            + " s";
        }
    }

    /**
     * A setting that names the site (its URL or host name), in a file of the install folder. A migration to a new
     * URL rewrites the line that sets {@link #key}; a file that does not exist is left alone.
     *
     * @param file relative to the install folder
     * @param key the variable or property, e.g. {@code OVERLEAF_SITE_URL} or {@code nuxeo.url}
     * @param format how the line is written: {@code env} ({@code KEY=value}), {@code properties} ({@code key=value}),
     *     {@code yaml} ({@code key: value} or {@code - KEY=value} in a compose file)
     * @param value what the new value is made of: {@code url} (e.g. {@code https://new.example.org}), {@code host}
     *     (its host name), {@code url-path} (the URL followed by {@link #suffix})
     * @param suffix appended for {@code url-path}, e.g. {@code /nuxeo}
     */
    public record SiteSetting(String file, String key, String format, String value, String suffix) {
        public SiteSetting {
            if (file == null || key == null) {
                throw new IllegalArgumentException("a site setting needs a file and a key");
            }
            format = format == null ? "env" : format;
            value = value == null ? "url" : value;
            suffix = suffix == null ? "" : suffix;
        }
    }
}
