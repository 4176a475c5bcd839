package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.store.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file of a restore drill, made from the application's resolved configuration ({@code compose config}):
 * the same services and images, but nothing that could touch the live site beside it.
 *
 * <ul>
 *   <li>every bind-mounted server path is moved under the drill's folder (but the clock and the Docker socket);
 *   <li>a named volume whose files the snapshot holds becomes a bind mount of the drill's copy of them; the other
 *       named volumes and every network become the drill project's own (no fixed {@code name:}, no {@code external},
 *       no fixed subnet or addresses: they would collide with the live site's);
 *   <li>no published ports, no fixed container names, no labels (a proxy that routes by labels must not see the copy),
 *       no restart policy, no build;
 *   <li>host networking or a shared PID/IPC namespace is refused: the copy could not be kept apart.
 * </ul>
 */
final class DrillCompose {
    private static final Set<String> KEEP_SOURCES =
            Set.of("/etc/localtime", "/etc/timezone", "/var/run/docker.sock", "/run/docker.sock");
    private static final String VOLUMES = "/var/lib/docker/volumes/";

    private DrillCompose() {}

    @SuppressWarnings("unchecked")
    static String rewrite(String resolved, RestoreWorkflow.Relocation r, String originalProject, Manifest m)
            throws PreflightException {
        Object doc = new Yaml(new LoaderOptions()).load(resolved);
        if (!(doc instanceof Map)) {
            throw new PreflightException("compose config did not print a compose file; the drill cannot be set up.");
        }
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) doc);
        root.remove("name");
        Map<String, Object> topVolumes = map(root.get("volumes"));
        Map<String, Object> services = map(root.get("services"));
        List<String> converted = new ArrayList<>();
        for (Map.Entry<String, Object> e : services.entrySet()) {
            String name = e.getKey();
            Map<String, Object> svc = new LinkedHashMap<>(map(e.getValue()));
            for (String k : List.of("network_mode", "pid", "ipc")) {
                Object v = svc.get(k);
                if (v != null && (v.toString().equals("host") || v.toString().startsWith("container:"))) {
                    throw new PreflightException("Service " + name + " uses " + k + ": " + v + ", which a drill copy"
                            + " would share with the live server; Lifeboat cannot keep it apart. Drill on another"
                            + " server instead.");
                }
            }
            svc.remove("container_name");
            svc.remove("ports");
            svc.remove("labels");
            svc.remove("build");
            svc.put("restart", "no");
            // Fixed addresses would collide with the live site's network: the copy's services find each other by name.
            if (svc.get("networks") instanceof Map<?, ?> sn) {
                Map<String, Object> nets = new LinkedHashMap<>();
                for (Map.Entry<?, ?> n : sn.entrySet()) {
                    Map<String, Object> att = map(n.getValue());
                    att.remove("ipv4_address");
                    att.remove("ipv6_address");
                    nets.put(n.getKey().toString(), att.isEmpty() ? null : att);
                }
                svc.put("networks", nets);
            }
            Object vols = svc.get("volumes");
            if (vols instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (Object v : list) {
                    out.add(volume(v, r, originalProject, topVolumes, m, converted));
                }
                svc.put("volumes", out);
            }
            e.setValue(svc);
        }
        root.put("services", services);
        if (!topVolumes.isEmpty()) {
            Map<String, Object> vs = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : topVolumes.entrySet()) {
                if (!converted.contains(e.getKey())) {
                    vs.put(e.getKey(), own(e.getValue()));
                }
            }
            if (vs.isEmpty()) {
                root.remove("volumes");
            } else {
                root.put("volumes", vs);
            }
        }
        Map<String, Object> nets = map(root.get("networks"));
        if (!nets.isEmpty()) {
            Map<String, Object> ns = new LinkedHashMap<>();
            nets.forEach((k, v) -> ns.put(k, own(v)));
            root.put("networks", ns);
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(4096);
        return "# Lifeboat restore drill: " + r.project() + " (made from compose config of " + originalProject
                + "; removed after the drill)\n" + new Yaml(o).dump(root);
    }

    /** A network or volume definition without {@code name} or {@code external}: the drill project's own. */
    private static Object own(Object def) {
        Map<String, Object> d = new LinkedHashMap<>(map(def));
        d.remove("name");
        d.remove("external");
        d.remove("ipam");
        return d.isEmpty() ? null : d;
    }

    @SuppressWarnings("unchecked")
    private static Object volume(
            Object v,
            RestoreWorkflow.Relocation r,
            String originalProject,
            Map<String, Object> topVolumes,
            Manifest m,
            List<String> converted) {
        if (v instanceof String s) {
            String[] f = s.split(":", 3);
            if (f.length < 2) {
                return s; // an anonymous volume: the drill project's own
            }
            String src = f[0];
            String rest = s.substring(src.length());
            if (src.startsWith("/")) {
                return relocate(src, r) + rest;
            }
            String data = volumeData(src, originalProject, topVolumes);
            if (held(m, data)) {
                converted.add(src);
                return r.root() + data + rest;
            }
            return s;
        }
        if (v instanceof Map<?, ?> raw) {
            Map<String, Object> mv = new LinkedHashMap<>((Map<String, Object>) raw);
            Object type = mv.get("type");
            Object src = mv.get("source");
            if ("bind".equals(type) && src instanceof String s) {
                mv.put("source", relocate(s, r));
            } else if ("volume".equals(type) && src instanceof String s) {
                String data = volumeData(s, originalProject, topVolumes);
                if (held(m, data)) {
                    converted.add(s);
                    mv.put("type", "bind");
                    mv.put("source", r.root() + data);
                    mv.remove("volume");
                }
            }
            return mv;
        }
        return v;
    }

    private static String relocate(String src, RestoreWorkflow.Relocation r) {
        if (KEEP_SOURCES.contains(src) || src.startsWith(r.root() + "/")) {
            return src;
        }
        return r.root() + src;
    }

    /** The server folder of a named volume of the original project. */
    private static String volumeData(String key, String originalProject, Map<String, Object> topVolumes) {
        Map<String, Object> def = map(topVolumes.get(key));
        Object name = def.get("name");
        String real = name != null ? name.toString() : def.get("external") != null ? key : originalProject + "_" + key;
        return VOLUMES + real + "/_data";
    }

    /**
     * Whether the snapshot holds files copied from that folder. A folder held only as a dump stays a named volume of
     * the drill's own: the image fills a new volume with its folder's owner and mode (OpenSearch's uid 1000 needs
     * them, and its entrypoint does not set them as the databases' do), and the dump is loaded into it.
     */
    private static boolean held(Manifest m, String dir) {
        return m.components().stream()
                .anyMatch(c -> "copied".equals(c.saved())
                        && (c.path().equals(dir) || c.path().startsWith(dir + "/")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }
}
