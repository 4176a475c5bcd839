package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.store.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The drill's compose file keeps the copy apart from the live site. */
class DrillComposeTest {
    private static final RestoreWorkflow.Relocation R =
            new RestoreWorkflow.Relocation("lifeboat-drill-x", "/var/tmp/lifeboat-drill/lifeboat-drill-x");

    private static Manifest manifest(List<Manifest.ComponentEntry> components) {
        return new Manifest(
                1, "t", "20261201T000000Z", null, null, null, null, components, List.of(), null, List.of(), null, null);
    }

    private static Manifest.ComponentEntry c(String path, String saved) {
        return new Manifest.ComponentEntry(
                path, "backup", "files", "copy", saved, null, "app", null, null, null, null, null);
    }

    private static final String RESOLVED =
            """
            name: live
            services:
              app:
                image: app:1
                container_name: live-app
                restart: unless-stopped
                ports: ["80:80"]
                labels: {caddy: live.example.org}
                volumes:
                  - /opt/live/data:/data
                  - app_media:/media:rw
                  - cache:/cache
                  - /etc/localtime:/etc/localtime:ro
                  - type: bind
                    source: /opt/live/conf
                    target: /conf
                networks:
                  front:
                    ipv4_address: 172.18.0.5
              db:
                image: db:1
                volumes:
                  - type: volume
                    source: db_data
                    target: /var/lib/db
            volumes:
              app_media: {}
              cache: {}
              db_data: {name: shared_db}
            networks:
              front:
                name: frontend-net
                external: true
                ipam: {config: [{subnet: 172.18.0.0/24}]}
            """;

    @Test
    @SuppressWarnings("unchecked")
    void everyPathMovesIntoTheCopyAndNothingIsShared() throws Exception {
        Manifest m = manifest(List.of(
                c("/opt/live/data", "copied"),
                c("/var/lib/docker/volumes/live_app_media/_data", "copied"),
                c("/var/lib/docker/volumes/shared_db/_data", "dumped")));
        Map<String, Object> y = new Yaml().load(DrillCompose.rewrite(RESOLVED, R, "live", m));
        assertNull(y.get("name"), "the project name is the drill's, given with -p");
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) y.get("services")).get("app");
        assertFalse(app.containsKey("container_name"));
        assertFalse(app.containsKey("ports"), "nothing published");
        assertFalse(app.containsKey("labels"), "a proxy that routes by labels must not see the copy");
        assertEquals("no", app.get("restart"));
        List<Object> vols = (List<Object>) app.get("volumes");
        assertEquals("/var/tmp/lifeboat-drill/lifeboat-drill-x/opt/live/data:/data", vols.get(0));
        assertEquals(
                "/var/tmp/lifeboat-drill/lifeboat-drill-x/var/lib/docker/volumes/live_app_media/_data:/media:rw",
                vols.get(1),
                "a volume the snapshot holds becomes a bind mount of the copy");
        assertEquals("cache:/cache", vols.get(2), "a volume it does not hold stays the drill project's own");
        assertEquals("/etc/localtime:/etc/localtime:ro", vols.get(3));
        assertEquals(
                "/var/tmp/lifeboat-drill/lifeboat-drill-x/opt/live/conf",
                ((Map<String, Object>) vols.get(4)).get("source"));
        Map<String, Object> nets = (Map<String, Object>) app.get("networks");
        assertNull(nets.get("front"), "no fixed address");
        Map<String, Object> db = (Map<String, Object>) ((Map<String, Object>) y.get("services")).get("db");
        Map<String, Object> dbVol = (Map<String, Object>) ((List<Object>) db.get("volumes")).get(0);
        assertEquals("volume", dbVol.get("type"), "a volume held only as a dump: a new one, filled by the image");
        assertEquals("db_data", dbVol.get("source"));
        Map<String, Object> topVols = (Map<String, Object>) y.get("volumes");
        assertEquals(List.of("cache", "db_data"), List.copyOf(topVols.keySet()), "converted volumes are gone");
        assertFalse(
                String.valueOf(topVols.get("db_data")).contains("shared_db"),
                "without its fixed name: the drill's own " + topVols.get("db_data"));
        Map<String, Object> front = (Map<String, Object>) ((Map<String, Object>) y.get("networks")).get("front");
        assertTrue(
                front == null
                        || (!front.containsKey("name") && !front.containsKey("external") && !front.containsKey("ipam")),
                "the network is the drill's own: " + front);
    }

    @Test
    void hostNetworkingIsRefused() {
        String yaml = "services:\n  app:\n    image: a\n    network_mode: host\n";
        PreflightException e = assertThrows(
                PreflightException.class, () -> DrillCompose.rewrite(yaml, R, "live", manifest(List.of())));
        assertTrue(e.getMessage().contains("network_mode"), e.getMessage());
    }

    @Test
    void siteValuesAreMadeAsTheSettingNeedsThem() {
        var host = new dev.lifeboat.engine.stacks.Maintenance.SiteSetting(".env", "H", "env", "host", null);
        var url = new dev.lifeboat.engine.stacks.Maintenance.SiteSetting("f", "U", "yaml", "url", null);
        var path = new dev.lifeboat.engine.stacks.Maintenance.SiteSetting("f", "U", "properties", "url-path", "/nuxeo");
        assertEquals("new.example.org", RestoreWorkflow.siteValue(host, "https://new.example.org:8443/"));
        assertEquals("https://new.example.org", RestoreWorkflow.siteValue(url, "https://new.example.org/"));
        assertEquals("https://n.org/nuxeo", RestoreWorkflow.siteValue(path, "https://n.org"));
    }

    @Test
    void excludesAreTheComponentsInsideCopiedTreesThatAreNotFiles() {
        Manifest m = manifest(List.of(
                c("/opt/app", "copied"),
                c("/opt/app/db", "dumped"),
                c("/opt/app/logs", "skipped"),
                c("/opt/other", "copied")));
        assertEquals(List.of("/opt/app", "/opt/other"), RestoreWorkflow.copiedRoots(m));
        assertEquals(List.of("/opt/app/db", "/opt/app/logs"), RestoreWorkflow.excludes(m));
    }
}
