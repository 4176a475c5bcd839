package dev.lifeboat.engine.stacks;

import static dev.lifeboat.engine.stacks.Trees.classOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every layout the dossier describes, with each component it documents: SeaTable A to E, Overleaf's naming
 * variants, Papermerge's generations, Cytomine's legacy bootstrap, Nuxeo's image families. Built from the dossier's
 * facts (and the vendors' files it cites), so that a layout nobody showed us is still read right.
 */
class LayoutWalkTest {
    @TempDir
    Path root;

    private Trees tree() {
        return new Trees(root);
    }

    /** No component lies inside another: nothing is copied twice, every path has one class. */
    static void assertNoComponentContainsAnother(DetectedStack s) {
        List<String> paths = s.components().stream().map(Component::path).toList();
        for (String a : paths) {
            for (String b : paths) {
                assertTrue(a.equals(b) || !Paths2.isWithin(a, b), a + " is inside " + b + " in " + paths);
            }
        }
    }

    private static void assertNoComponent(DetectedStack s, String path) {
        assertTrue(
                s.components().stream().noneMatch(c -> c.path().equals(path)),
                path + " is not on the server, yet listed: "
                        + s.components().stream().map(Component::path).toList());
    }

    private Trees seaTableDataFolders(Trees t, String shared) {
        for (String d : List.of(
                "seatable/conf",
                "seatable/storage-data",
                "seatable/seafile-data",
                "seatable/seahub-data",
                "seatable/db-data",
                "seatable/logs",
                "seatable/pids",
                "nginx-logs")) {
            t.file(shared + "/" + d + "/f", "x");
        }
        return t;
    }

    @Test
    void seaTableOldestSingleFileLayoutKeepsTheEnterpriseLicenceFromTheDataFolder() throws Exception {
        // admin-docs@f5ef2b1 docs/docker/Enterprise-Edition/docker-compose.yml (layout A, dossier §3.1).
        Trees t = tree().file(
                        "/opt/seatable/docker-compose.yml",
                        String.join(
                                "\n",
                                "version: '2.0'",
                                "services:",
                                "  db:",
                                "    image: mariadb:10.5",
                                "    container_name: seatable-mysql",
                                "    environment:",
                                "      - MYSQL_ROOT_PASSWORD=PASSWORD",
                                "    volumes:",
                                "      - /opt/seatable/mysql-data:/var/lib/mysql",
                                "  memcached:",
                                "    image: memcached:1.5.6",
                                "    container_name: seatable-memcached",
                                "  redis:",
                                "    image: redis:5.0.7",
                                "    container_name: seatable-redis",
                                "  seatable:",
                                "    image: seatable/seatable-enterprise:latest",
                                "    container_name: seatable",
                                "    volumes:",
                                "      - /opt/seatable/seatable-data:/shared",
                                "    environment:",
                                "      - DB_HOST=db",
                                "      - DB_ROOT_PASSWD=PASSWORD",
                                "      - SEATABLE_SERVER_LETSENCRYPT=False",
                                ""))
                .file("/opt/seatable/seatable-data/seatable-license.txt", "licence")
                .file("/opt/seatable/seatable-data/ssl/cert.pem", "x")
                .file("/opt/seatable/mysql-data/ibdata1", "x");
        DetectedStack s = seaTableDataFolders(t, "/opt/seatable/seatable-data").only();
        assertEquals("seatable", s.stackId());
        assertEquals("enterprise", s.edition());
        assertNull(s.version(), "latest names no version");
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable-license.txt"));
        assertEquals("backup", classOf(s, "/opt/seatable/mysql-data"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable/conf"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable/storage-data"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable/seafile-data"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable/seahub-data"));
        assertEquals("rebuildable", classOf(s, "/opt/seatable/seatable-data/seatable/db-data"));
        assertEquals("ephemeral", classOf(s, "/opt/seatable/seatable-data/seatable/logs"));
        assertEquals("ephemeral", classOf(s, "/opt/seatable/seatable-data/nginx-logs"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/ssl"));
        assertEquals("backup", classOf(s, "/opt/seatable/docker-compose.yml"));
        assertNoComponentContainsAnother(s);
    }

    @Test
    void seaTableEarlyReleaseRepoKeepsTheCaddyDataMountedAtData() throws Exception {
        // seatable-release@c5f5664 (4.1.9, layout B): seatable-docker-proxy.yml mounts /opt/seatable-caddy:/data and
        // takes its image from .env only.
        Trees t = tree().file(
                        "/opt/seatable-release/.env",
                        String.join(
                                "\n",
                                "COMPOSE_FILE='seatable-docker-proxy.yml,seatable-server.yml'",
                                "COMPOSE_PATH_SEPARATOR=','",
                                "SEATABLE_IMAGE='seatable/seatable-enterprise:4.1.9'     # SeaTable enterprise edition",
                                "SEATABLE_MYSQL_ROOT_PASSWORD='fake'",
                                ""))
                .file(
                        "/opt/seatable-release/seatable-docker-proxy.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  caddy:",
                                "    image: ${SEATABLE_CADDY_IMAGE}",
                                "    container_name: seatable-caddy",
                                "    volumes:",
                                "      - \"/var/run/docker.sock:/var/run/docker.sock\"",
                                "      - \"/opt/seatable-caddy:/data\"",
                                ""))
                .file(
                        "/opt/seatable-release/seatable-server.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  seatable:",
                                "    image: ${SEATABLE_IMAGE}",
                                "    container_name: seatable",
                                "    volumes:",
                                "      - \"/opt/seatable-server/seatable-data:/shared\"",
                                "  seatable-db:",
                                "    image: ${SEATABLE_DB_IMAGE}",
                                "    container_name: seatable-mysql",
                                "    volumes:",
                                "      - \"/opt/seatable-mariadb:/var/lib/mysql\"",
                                ""))
                .file("/opt/seatable-caddy/caddy/certificates/x", "x");
        DetectedStack s =
                seaTableDataFolders(t, "/opt/seatable-server/seatable-data").only();
        assertEquals("4.1.9", s.version());
        assertEquals("enterprise", s.edition());
        assertEquals("rebuildable", classOf(s, "/opt/seatable-caddy"));
        assertEquals("backup", classOf(s, "/opt/seatable-server/seatable-data/seatable/conf"));
        assertEquals("backup", classOf(s, "/opt/seatable-release"));
        assertNoComponentContainsAnother(s);
    }

    @Test
    void seaTableFourThreeCaddyWhoseImageIsNotInTheFilesStillHasItsDataFolder() throws Exception {
        // Layout C (4.3 - 5.2, with memcached until 5.1): the Caddy image is a variable the .env does not set.
        Trees t = tree().file(
                        "/opt/seatable-compose/.env",
                        "COMPOSE_FILE='caddy.yml,seatable-server.yml'\nCOMPOSE_PATH_SEPARATOR=','\n"
                                + "SEATABLE_SERVER_HOSTNAME=example.org\n")
                .file("/opt/seatable-compose/seatable-license.txt", "licence")
                .file(
                        "/opt/seatable-compose/caddy.yml",
                        "services:\n  caddy:\n    image: ${CADDY_IMAGE}\n    container_name: caddy\n"
                                + "    volumes: ['/var/run/docker.sock:/var/run/docker.sock', '/opt/caddy:/data/caddy']\n")
                .file(
                        "/opt/seatable-compose/seatable-server.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  seatable-server:",
                                "    image: ${SEATABLE_IMAGE:-seatable/seatable-enterprise:4.3.10}",
                                "    container_name: seatable-server",
                                "    volumes:",
                                "      - /opt/seatable-server:/shared",
                                "      - type: bind",
                                "        source: ./seatable-license.txt",
                                "        target: /shared/seatable/seatable-license.txt",
                                "  mariadb:",
                                "    image: mariadb:10.11",
                                "    volumes: ['/opt/mariadb:/var/lib/mysql']",
                                "  memcached:",
                                "    image: memcached:1.6.18",
                                "  redis:",
                                "    image: redis:7.0",
                                ""))
                .file("/opt/caddy/x", "x");
        DetectedStack s = seaTableDataFolders(t, "/opt/seatable-server").only();
        assertEquals("4.3.10", s.version());
        assertEquals("rebuildable", classOf(s, "/opt/caddy"));
        assertEquals("backup", classOf(s, "/opt/seatable-compose"));
        assertEquals("backup", classOf(s, "/opt/mariadb"));
        // The licence and the yml files are inside the compose folder, which covers them.
        assertNoComponent(s, "/opt/seatable-compose/seatable-license.txt");
        assertNoComponent(s, "/opt/seatable-compose/.env");
        assertNoComponentContainsAnother(s);
    }

    @Test
    void overleafPlainComposeListsNoGitBridgeFolderInsideRedisData() throws Exception {
        // overleaf/overleaf docker-compose.yml: redis mounts ~/redis_data:/data; there is no git-bridge service.
        DetectedStack s = tree().file(
                        "/home/admin/overleaf/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  sharelatex:",
                                "    image: sharelatex/sharelatex",
                                "    container_name: sharelatex",
                                "    volumes: ['~/sharelatex_data:/var/lib/overleaf']",
                                "  mongo:",
                                "    image: mongo:6.0",
                                "    volumes: ['~/mongo_data:/data/db']",
                                "  redis:",
                                "    image: redis:6.2",
                                "    volumes: ['~/redis_data:/data']",
                                ""))
                .only();
        assertEquals("backup", classOf(s, "/home/admin/redis_data"));
        assertEquals(
                "redis",
                Trees.component(s, "/home/admin/redis_data").orElseThrow().kind());
        assertNoComponent(s, "/home/admin/redis_data/git-bridge");
        assertNoComponentContainsAnother(s);
    }

    @Test
    void overleafToolkitGitBridgeFolderBelongsToTheGitBridgeServiceNotRedis() throws Exception {
        // A compose project where redis (mounting /data) comes before git-bridge (mounting /data/git-bridge).
        DetectedStack s = tree().file(
                        "/srv/ol/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  redis:",
                                "    image: redis:6.2",
                                "    volumes: ['./redis:/data']",
                                "  sharelatex:",
                                "    image: quay.io/sharelatex/sharelatex-pro:4.2.0",
                                "    volumes: ['./sharelatex:/var/lib/sharelatex']",
                                "  git-bridge:",
                                "    image: quay.io/sharelatex/git-bridge:4.2.0",
                                "    volumes: ['./git-bridge:/data/git-bridge']",
                                ""))
                .only();
        assertEquals("server-pro", s.edition());
        assertEquals("backup", classOf(s, "/srv/ol/git-bridge"));
        assertNoComponent(s, "/srv/ol/redis/git-bridge");
    }

    @Test
    void overleafPlainComposeWithTheOverleafNamingIsOverleaf() throws Exception {
        // The dossier's caveat: service/container overleaf, image overleaf/overleaf, ~/overleaf_data.
        DetectedStack s = tree().file(
                        "/home/ann/overleaf/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  overleaf:",
                                "    image: overleaf/overleaf:6.0.0-RC1",
                                "    container_name: overleaf",
                                "    volumes: ['~/overleaf_data:/var/lib/overleaf']",
                                "  mongo:",
                                "    image: mongo:8.0",
                                "    volumes: ['~/mongo_data:/data/db']",
                                "  redis:",
                                "    image: redis:7.4",
                                "    volumes: ['~/redis_data:/data']",
                                ""))
                .only();
        assertEquals("overleaf", s.stackId());
        assertEquals("6.0.0-RC1", s.version());
        assertEquals("backup", classOf(s, "/home/ann/overleaf_data/data/history"));
        assertEquals("ephemeral", classOf(s, "/home/ann/overleaf_data/data/compiles"));
        assertEquals("backup", classOf(s, "/home/ann/mongo_data"));
        assertNoComponentContainsAnother(s);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "papermerge/papermerge:3.6.0a16, 3.6.0a16",
        "papermerge/papermerge:3.6.0a16-oidc, 3.6.0a16",
        "papermerge/papermerge:3.0.rc45, 3.0.rc45",
        "papermerge/papermerge:2.1.0-RC1, 2.1.0-RC1",
        "papermerge/papermerge:3.5.3, 3.5.3",
        "eugenci/papermerge:v2.0.0rc45, 2.0.0rc45",
        "linuxserver/papermerge:v2.0.1-ls45, 2.0.1",
    })
    void papermergeVersionIsTheTagAsWrittenWithPreReleaseSuffixes(String image, String version) throws Exception {
        DetectedStack s = tree().file(
                        "/srv/pm/docker-compose.yml",
                        "services:\n  web:\n    image: " + image + "\n    volumes: [media:/core_app/media]\n")
                .only();
        assertEquals("papermerge", s.stackId());
        assertEquals(version, s.version());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nuxeo:10.10, 10.10",
        "nuxeo:10.10-HF45, 10.10-HF45",
        "docker.packages.nuxeo.com/nuxeo/nuxeo:2025.1-rc45, 2025.1-rc45",
        "docker.packages.nuxeo.com/nuxeo/nuxeo:2023.5.RC1, 2023.5.RC1",
    })
    void nuxeoVersionKeepsPreReleaseAndHotfixSuffixes(String image, String version) throws Exception {
        DetectedStack s = tree().file(
                        "/srv/nx/docker-compose.yml",
                        "services:\n  nuxeo:\n    image: " + image + "\n    volumes: [data:/var/lib/nuxeo]\n")
                .only();
        assertEquals("nuxeo", s.stackId());
        assertEquals(version, s.version());
    }

    @Test
    void overleafToolkitVersionFileKeepsItsReleaseCandidateSuffix() throws Exception {
        DetectedStack s = tree().file("/srv/tk/lib/docker-compose.base.yml", "services: {}\n")
                .file("/srv/tk/config/overleaf.rc", "OVERLEAF_DATA_PATH=data/overleaf\n")
                .file("/srv/tk/config/version", "5.0.0-RC1\n")
                .only();
        assertEquals("5.0.0-RC1", s.version());
    }

    @Test
    void papermergeOneXWithEugenciImagesKeepsMediaAndDatabase() throws Exception {
        // ciur/papermerge docker/2.0/docker-compose.yml (dossier §4.1, first row).
        DetectedStack s = tree().file(
                        "/home/bob/papermerge/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  app:",
                                "    image: eugenci/papermerge:2.0.1",
                                "    container_name: papermerge_app",
                                "    volumes: ['media_root:/opt/media']",
                                "  worker:",
                                "    image: eugenci/papermerge-worker:2.0.1",
                                "    container_name: papermerge_worker",
                                "    volumes: ['media_root:/opt/media']",
                                "  db:",
                                "    image: postgres:12.3",
                                "    container_name: postgres_db",
                                "    volumes: ['postgres_data:/var/lib/postgresql/data/']",
                                "  redis:",
                                "    image: redis:6",
                                "    volumes: ['redisdata:/data']",
                                "volumes:",
                                "  postgres_data:",
                                "  media_root:",
                                "  redisdata:",
                                ""))
                .only();
        assertEquals("papermerge", s.stackId());
        assertEquals("2.0.1", s.version());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/papermerge_media_root/_data"));
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/papermerge_postgres_data/_data"));
        assertEquals("ephemeral", classOf(s, "/var/lib/docker/volumes/papermerge_redisdata/_data"));
        assertNoComponentContainsAnother(s);
    }

    @Test
    void cytomineLegacyBootstrapReadsItsPathsFromConfigurationSh() throws Exception {
        // Cytomine-bootstrap@c803b3b configuration.sh (dossier §2.1, legacy row): not Community Edition.
        DetectedStack s = tree().file(
                        "/opt/Cytomine-bootstrap/configuration.sh",
                        String.join(
                                "\n",
                                "#!/bin/bash",
                                "CORE_URL=core.cytomine.local",
                                "IMS_STORAGE_PATH=/data/images",
                                "IMS_BUFFER_PATH=/data/_buffer",
                                "UPLOADED_SOFTWARES_PATH=/data/softwares/code",
                                ""))
                .file("/opt/Cytomine-bootstrap/start_deploy.sh", "")
                .only();
        assertEquals("cytomine", s.stackId());
        assertNull(s.edition());
        assertEquals("backup", classOf(s, "/data/images"));
        assertEquals("backup", classOf(s, "/data/softwares/code"));
        assertEquals("ephemeral", classOf(s, "/data/_buffer"));
        assertEquals("backup", classOf(s, "/opt/Cytomine-bootstrap/configuration.sh"));
    }

    @Test
    void aFolderThatMattersLessGivesWayToABackupInsideIt() {
        Component logs = new Component(
                "/srv/a/logs", dev.lifeboat.engine.model.ComponentClass.EPHEMERAL, "files", "none", empty(), "");
        Component keep = new Component(
                "/srv/a/logs/licence.txt",
                dev.lifeboat.engine.model.ComponentClass.BACKUP,
                "secrets",
                "copy",
                empty(),
                "");
        Component conf =
                new Component("/srv/a", dev.lifeboat.engine.model.ComponentClass.BACKUP, "config", "copy", empty(), "");
        Component env = new Component(
                "/srv/a/.env", dev.lifeboat.engine.model.ComponentClass.BACKUP, "secrets", "copy", empty(), "");
        assertEquals(List.of(keep), Detector.withoutContained(List.of(logs, keep)));
        assertEquals(List.of(conf), Detector.withoutContained(List.of(conf, env)));
    }

    private static java.util.OptionalLong empty() {
        return java.util.OptionalLong.empty();
    }
}
