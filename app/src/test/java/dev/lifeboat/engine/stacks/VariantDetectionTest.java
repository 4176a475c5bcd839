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

/** Layouts the corpus lacks, built from the dossier's facts. */
class VariantDetectionTest {
    @TempDir
    Path root;

    private Trees tree() {
        return new Trees(root);
    }

    @Test
    void detectFindsToolkitVersionFromConfigVersionFile() throws Exception {
        DetectedStack s = tree().file("/srv/overleaf/lib/docker-compose.base.yml", "services: {}\n")
                .file("/srv/overleaf/lib/default.rc", "OVERLEAF_DATA_PATH=data/sharelatex\n")
                .file("/srv/overleaf/config/overleaf.rc", "OVERLEAF_DATA_PATH=/mnt/big/overleaf\nSERVER_PRO=false\n")
                .file("/srv/overleaf/config/version", "5.5.4-with-texlive-full\n")
                .only();
        assertEquals("overleaf", s.stackId());
        assertEquals("5.5.4-with-texlive-full", s.version());
        assertEquals("ce", s.edition());
        assertEquals("backup", classOf(s, "/mnt/big/overleaf/data/user_files"));
        assertEquals("ephemeral", classOf(s, "/mnt/big/overleaf/data/compiles"));
    }

    @Test
    void renamedOverleafKeyInTheUsersRcBeatsTheDefaultsNewName() throws Exception {
        DetectedStack s = tree().file("/srv/tk/lib/docker-compose.base.yml", "")
                .file("/srv/tk/lib/default.rc", "OVERLEAF_DATA_PATH=data/sharelatex\n")
                .file("/srv/tk/config/overleaf.rc", "SHARELATEX_DATA_PATH=data/old-place\n")
                .file("/srv/tk/config/version", "4.2.8\n")
                .only();
        assertEquals("backup", classOf(s, "/srv/tk/data/old-place/data/user_files"));
    }

    @Test
    void plainComposeOverleafFiveUsesTheImageTagAndTheOverleafMount() throws Exception {
        DetectedStack s = tree().file(
                        "/home/ann/overleaf/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  sharelatex:",
                                "    image: sharelatex/sharelatex:5.1.1",
                                "    container_name: sharelatex",
                                "    volumes: ['~/overleaf_data:/var/lib/overleaf']",
                                "  mongo:",
                                "    image: mongo:6.0",
                                "    volumes: ['~/mongo_data:/data/db']",
                                "  redis:",
                                "    image: redis:6.2",
                                "    volumes: ['~/redis_data:/data']"))
                .only();
        assertEquals("5.1.1", s.version());
        assertEquals("ce", s.edition());
        assertEquals("backup", classOf(s, "/home/ann/overleaf_data/data/user_files"));
        assertEquals("backup", classOf(s, "/home/ann/mongo_data"));
        assertEquals(
                "mongodb",
                Trees.component(s, "/home/ann/mongo_data").orElseThrow().kind());
        assertEquals(
                "dump", Trees.component(s, "/home/ann/mongo_data").orElseThrow().method());
    }

    @Test
    void serverProImageMeansServerProEdition() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/ol/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  sharelatex:",
                                "    image: quay.io/sharelatex/sharelatex-pro:4.2.3",
                                "    volumes: ['/data/ol:/var/lib/sharelatex']"))
                .only();
        assertEquals("server-pro", s.edition());
        assertEquals("4.2.3", s.version());
        assertEquals("ephemeral", classOf(s, "/data/ol/tmp/uploads"));
    }

    @Test
    void seaTableSingleFileLayoutFollowsTheSharedMount() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/seatable/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  db:",
                                "    image: mariadb:10.5",
                                "    container_name: seatable-mysql",
                                "    volumes: ['/opt/seatable/mysql-data:/var/lib/mysql']",
                                "  seatable:",
                                "    image: seatable/seatable-enterprise:3.5.10",
                                "    container_name: seatable",
                                "    volumes: ['/opt/seatable/seatable-data:/shared']"))
                .only();
        assertEquals("seatable", s.stackId());
        assertEquals("enterprise", s.edition());
        assertEquals("3.5.10", s.version());
        assertEquals("backup", classOf(s, "/opt/seatable/mysql-data"));
        assertEquals("backup", classOf(s, "/opt/seatable/seatable-data/seatable/storage-data"));
        assertEquals("rebuildable", classOf(s, "/opt/seatable/seatable-data/seatable/db-data"));
    }

    @Test
    void seaTableImageInEnvOverridesTheDefaultTag() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/seatable-compose/.env",
                        "COMPOSE_FILE='seatable-server.yml'\nCOMPOSE_PATH_SEPARATOR=','\n"
                                + "SEATABLE_IMAGE=seatable/seatable-developer:5.2.7\n")
                .file(
                        "/opt/seatable-compose/seatable-server.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  seatable-server:",
                                "    image: ${SEATABLE_IMAGE:-seatable/seatable-enterprise:5.2.7}",
                                "    volumes: ['/opt/seatable-server:/shared']"))
                .only();
        assertEquals("developer", s.edition());
        assertEquals("5.2.7", s.version());
        assertEquals("/opt/seatable-compose", s.installDir());
    }

    @Test
    void cytomineTwentyTwentyThreeReadsTheHostPathsKeyFromEnv() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/cm/cytomine.yml",
                        "global:\n  versions:\n    constant:\n" + "      CYTOMINE_COMMERCIAL: CE2023.1\n")
                .file(
                        "/opt/cm/.env",
                        "HOST_PATHS_PROJECT_DATA_PATH=/data/cytomine\nVERSIONS_CYTOMINE_COMMERCIAL=CE2023.1\n"
                                + "IMAGES_MONGO=cytomine/mongo:1.0.0\nIMAGES_POSTGIS=cytomine/postgis:1.5.0\n")
                .file(
                        "/opt/cm/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  mongo:",
                                "    image: ${IMAGES_MONGO}",
                                "    container_name: mongo",
                                "    volumes: ['${HOST_PATHS_PROJECT_DATA_PATH}/mongo:/data/db']",
                                "  postgis:",
                                "    image: ${IMAGES_POSTGIS}",
                                "    volumes: ['${HOST_PATHS_PROJECT_DATA_PATH}/postgis/data:/var/lib/postgresql/data']",
                                "  pims:",
                                "    image: cytomine/pims:1",
                                "    volumes: ['${HOST_PATHS_PROJECT_DATA_PATH}/images:/data/images',"
                                        + " '${HOST_PATHS_PROJECT_DATA_PATH}/upload:/tmp/uploaded']"))
                .only();
        assertEquals("CE2023.1", s.version());
        assertEquals("ce", s.edition());
        assertEquals("backup", classOf(s, "/data/cytomine/mongo"));
        assertEquals("backup", classOf(s, "/data/cytomine/postgis/data"));
        assertEquals("backup", classOf(s, "/data/cytomine/images"));
        assertEquals("ephemeral", classOf(s, "/data/cytomine/upload"));
        assertEquals("backup", classOf(s, "/opt/cm/cytomine.yml"));
    }

    @Test
    void cytomineMonorepoUsesNamedVolumesOfTheProjectNamedInTheComposeFile() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/cytomine/compose.yaml",
                        String.join(
                                "\n",
                                "name: cyto",
                                "x-version-env: &v",
                                "  VERSIONS_CYTOMINE_COMMERCIAL: 2025.10",
                                "services:",
                                "  core:",
                                "    image: cytomine/core:latest",
                                "    environment: *v",
                                "  postgis:",
                                "    image: postgis/postgis:15-3.5",
                                "    volumes: [postgis-data:/var/lib/postgresql/data]",
                                "  mongo:",
                                "    image: mongo:5.0-focal",
                                "    volumes: [mongo-data:/data/db]",
                                "  pims:",
                                "    image: cytomine/pims:latest",
                                "    volumes: ['${DATA_PATH:-./data}/images:/data/images']",
                                "volumes:",
                                "  postgis-data:",
                                "  mongo-data:"))
                .only();
        assertEquals("cytomine", s.stackId());
        assertEquals("2025.10", s.version(), "a version is text, not a YAML number");
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/cyto_postgis-data/_data"));
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/cyto_mongo-data/_data"));
        assertEquals("backup", classOf(s, "/opt/cytomine/data/images"));
    }

    @Test
    void composeProjectNameFromEnvNamesTheVolumes() throws Exception {
        DetectedStack s = tree().file("/opt/pm/.env", "COMPOSE_PROJECT_NAME=Docs_Prod\n")
                .file(
                        "/opt/pm/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  web:",
                                "    image: papermerge/papermerge:3.5.3",
                                "    environment: {PAPERMERGE__MAIN__MEDIA_ROOT: /var/media/pmg}",
                                "    volumes: [media:/var/media/pmg, index:/index_db, db:/db]",
                                "volumes: {media: {}, index: {}, db: {}}"))
                .only();
        assertEquals("papermerge", s.stackId());
        assertEquals("3.5.3", s.version());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/docs_prod_media/_data"));
        assertEquals("rebuildable", classOf(s, "/var/lib/docker/volumes/docs_prod_index/_data"));
        assertEquals(
                "sqlite",
                Trees.component(s, "/var/lib/docker/volumes/docs_prod_db/_data")
                        .orElseThrow()
                        .kind());
    }

    @Test
    void papermergeVersionDropsTheVariantSuffix() throws Exception {
        DetectedStack s = tree().file(
                        "/srv/pm/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  papermerge:",
                                "    image: papermerge/papermerge:3.6.0a16-oidc",
                                "    environment: {PM_MEDIA_ROOT: media, PM_DB_URL: 'postgresql://x'}",
                                "    volumes: [data:/core_app/media]"))
                .only();
        assertEquals("3.6.0a16", s.version());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/pm_data/_data"));
    }

    @Test
    void nuxeoLtsImageKeepsItsDataDirectlyInVarLibNuxeo() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/dam/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  nuxeo:",
                                "    image: docker.packages.nuxeo.com/nuxeo/nuxeo:2023.10",
                                "    volumes: ['./conf.d:/etc/nuxeo/conf.d', 'nx:/var/lib/nuxeo']",
                                "  db:",
                                "    image: postgres:15",
                                "    volumes: ['pg:/var/lib/postgresql/data']",
                                "volumes: {nx: {}, pg: {}}"))
                .only();
        assertEquals("nuxeo", s.stackId());
        assertEquals("2023.10", s.version());
        assertNull(s.edition());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/dam_nx/_data/binaries"));
        assertEquals("ephemeral", classOf(s, "/var/lib/docker/volumes/dam_nx/_data/transientstores"));
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/dam_pg/_data"));
        assertEquals("backup", classOf(s, "/opt/dam/conf.d"));
    }

    /**
     * The search server's folder is one component whatever holds the audit log (issue 21): dumped as {@code backup}
     * where the audit log lives there, else {@code rebuildable} with how to re-index. Up to LTS 2023 the audit is in
     * the search server unless {@code audit.elasticsearch.enabled=false}; LTS 2025 ignores that setting and keeps the
     * audit where an audit package says (doc.nuxeo.com "How to upgrade Nuxeo Audit Service").
     */
    @ParameterizedTest(name = "{0} [{1}] [{2}] -> {3}")
    @CsvSource({
        "2023.10, '', '', backup",
        "2023.10, 'audit.elasticsearch.enabled=true', '', backup",
        "2023.10, 'audit.elasticsearch.enabled = false', '', rebuildable",
        "2025, '', '', rebuildable",
        "2025.3, 'audit.elasticsearch.enabled=true', 'NUXEO_PACKAGES=acme-dam nuxeo-web-ui', rebuildable",
        "2025, '', 'NUXEO_PACKAGES=acme-dam nuxeo-audit-mongodb', rebuildable",
        "2025, '', 'NUXEO_PACKAGES=acme-dam nuxeo-audit-opensearch1', backup",
        "2025, 'nuxeo.append.templates.system=default,mongodb,opensearch1-audit', '', backup",
    })
    void nuxeosSearchFolderIsOneComponentDumpedOnlyWhereTheAuditLogLives(
            String tag, String confLine, String envLine, String expected) throws Exception {
        DetectedStack s = tree().file(
                        "/opt/dam/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  nuxeo:",
                                "    image: docker.packages.nuxeo.com/nuxeo/nuxeo:" + tag,
                                "    env_file: .env",
                                "    volumes: ['./conf.d:/etc/nuxeo/conf.d', 'nx:/var/lib/nuxeo']",
                                "  opensearch:",
                                "    image: opensearchproject/opensearch:1.3.19",
                                "    volumes: ['os:/usr/share/opensearch/data']",
                                "volumes: {nx: {}, os: {}}"))
                .file("/opt/dam/.env", envLine + "\n")
                .file(
                        "/opt/dam/conf.d/core.conf",
                        "nuxeo.opensearch1.client.server=http://opensearch:9200\n" + confLine + "\n")
                .only();
        String path = "/var/lib/docker/volumes/dam_os/_data";
        List<Component> there =
                s.components().stream().filter(c -> c.path().equals(path)).toList();
        assertEquals(1, there.size(), "one row per path: " + there);
        Component c = there.get(0);
        assertEquals(expected, c.componentClass().jsonName(), c.toString());
        assertEquals("elasticsearch", c.kind());
        if (expected.equals("backup")) {
            assertEquals("dump", c.method(), "the indices with the audit log are dumped: " + c);
            assertTrue(c.note().contains("audit log") && c.note().contains("not copied"), c.note());
        } else {
            assertEquals("none", c.method(), "nothing of it is kept: " + c);
            assertTrue(c.rebuild().contains("reindex"), "a restore says how to rebuild it: " + c);
        }
    }

    @Test
    void anUnknownComposeProjectIsGenericWithItsMountsAsBackup() throws Exception {
        DetectedStack s = tree().file(
                        "/srv/wiki/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  app:",
                                "    image: ghcr.io/example/wiki:2",
                                "    volumes: ['./uploads:/app/uploads', '/etc/localtime:/etc/localtime:ro']",
                                "  db:",
                                "    image: postgres:16",
                                "    volumes: ['db:/var/lib/postgresql/data']",
                                "volumes:",
                                "  db:",
                                "    external: true"))
                .only();
        assertEquals("generic-compose", s.stackId());
        assertEquals("backup", classOf(s, "/srv/wiki/uploads"));
        assertEquals(
                "postgresql",
                Trees.component(s, "/var/lib/docker/volumes/db/_data")
                        .orElseThrow()
                        .kind());
        assertTrue(Trees.component(s, "/etc/localtime").isEmpty());
    }

    @Test
    void aFolderHoldingOnlyKeepFilesIsReportedEmpty() throws Exception {
        DetectedStack s = tree().file(
                        "/srv/app/docker-compose.yml",
                        "services:\n  app:\n    image: x/y:1\n    volumes: ['./data:/data']\n")
                .file("/srv/app/data/sub/.keep", "")
                .only();
        assertTrue(Trees.component(s, "/srv/app/data").orElseThrow().note().contains("(empty)"));
        assertEquals(
                0L,
                Trees.component(s, "/srv/app/data").orElseThrow().sizeBytes().getAsLong());
    }

    @Test
    void tildeInAComposeFileOutsideHomeIsTheOwnersHomeFromPasswd() throws Exception {
        Trees t = tree().file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/opt/x/docker-compose.yml", "services:\n  a:\n    image: x/y\n    volumes: ['~/d:/d']\n");
        DetectedStack s = t.only();
        // Files owned by root (uid 0 in this test run, or unknown) map ~ to /root.
        assertTrue(Trees.component(s, "/root/d").isPresent(), s.components().toString());
    }

    @Test
    void seaTableEarlyReleaseWithoutComposeFileVariableUsesTheFoldersYamlFiles() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/seatable-compose/seatable-server.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  seatable:",
                                "    image: seatable/seatable-enterprise:4.1.9",
                                "    container_name: seatable",
                                "    volumes: ['/opt/seatable-server/seatable-data:/shared']",
                                "  seatable-db:",
                                "    image: mariadb:10.5",
                                "    volumes: ['/opt/seatable-mariadb:/var/lib/mysql']"))
                .only();
        assertEquals("4.1.9", s.version());
        assertEquals("backup", classOf(s, "/opt/seatable-mariadb"));
        assertEquals("backup", classOf(s, "/opt/seatable-server/seatable-data/seatable/conf"));
    }

    @Test
    void linuxserverPapermergeTagGivesTheVersionAndConfigIsKept() throws Exception {
        DetectedStack s = tree().file(
                        "/home/bob/pm/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  papermerge:",
                                "    image: lscr.io/linuxserver/papermerge:version-v2.0.1",
                                "    volumes: ['./config:/config', './data:/data']"))
                .only();
        assertEquals("papermerge", s.stackId());
        assertEquals("2.0.1", s.version());
        assertEquals("backup", classOf(s, "/home/bob/pm/config"));
        assertEquals("backup", classOf(s, "/home/bob/pm/data/media"));
        assertEquals("ephemeral", classOf(s, "/home/bob/pm/data/queue"));
    }

    @Test
    void papermergeThreeDocsComposeWithMergeKeysKeepsSqliteMediaAndIndexApart() throws Exception {
        DetectedStack s = tree().file(
                        "/home/pm/papermerge/docker-compose.yml",
                        String.join(
                                "\n",
                                "x-backend: &common",
                                "  image: papermerge/papermerge:3.0.3",
                                "  environment:",
                                "    PAPERMERGE__REDIS__URL: redis://redis:6379/0",
                                "  volumes:",
                                "    - data:/db",
                                "    - index_db:/core_app/index_db",
                                "    - media:/core_app/media",
                                "services:",
                                "  web:",
                                "    <<: *common",
                                "  worker:",
                                "    <<: *common",
                                "    command: worker",
                                "  redis:",
                                "    image: redis:6",
                                "volumes: {data: {}, index_db: {}, media: {}}"))
                .only();
        assertEquals("3.0.3", s.version());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/papermerge_media/_data"));
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/papermerge_data/_data"));
        assertEquals("rebuildable", classOf(s, "/var/lib/docker/volumes/papermerge_index_db/_data"));
    }

    /**
     * Papermerge's search index is rebuildable whatever its volume is called and wherever its URL puts it (docs
     * settings/search.md): Xapian at a path of {@code PAPERMERGE__SEARCH__URL}, Whoosh at {@code
     * PAPERMERGE__SEARCH__PATH}, Elasticsearch in a service of its own; each says how to rebuild it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "xapian URL | papermerge/papermerge:3.1 | 'PAPERMERGE__SEARCH__URL: xapian:////var/pmg/fulltext'"
                        + " | 'archive_search:/var/pmg/fulltext' | papermerge_archive_search | files",
                "whoosh path | papermerge/papermerge:2.1.9 | 'PAPERMERGE__SEARCH__PATH: /srv/whoosh'"
                        + " | 'wh:/srv/whoosh' | papermerge_wh | files",
            })
    void papermergesSearchIndexIsRebuildableWhateverItsVolumeIsCalled(
            String what, String image, String env, String volume, String volumeName, String kind) throws Exception {
        DetectedStack s = tree().file(
                        "/srv/papermerge/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  web:",
                                "    image: " + image,
                                "    environment:",
                                "      " + env,
                                "    volumes: ['media:/core_app/media', '" + volume + "']",
                                "volumes: {media: {}, " + volume.substring(0, volume.indexOf(':')) + ": {}}",
                                ""))
                .only();
        String path = "/var/lib/docker/volumes/" + volumeName + "/_data";
        Component index = Trees.component(s, path).orElseThrow(() -> new AssertionError(s.components()));
        assertEquals("rebuildable", index.componentClass().jsonName(), what);
        assertEquals(kind, index.kind());
        assertEquals("none", index.method());
        assertTrue(index.rebuild().contains("index"), index.rebuild());
        assertEquals("backup", classOf(s, "/var/lib/docker/volumes/papermerge_media/_data"));
    }

    @Test
    void papermergesElasticsearchIndexIsRebuiltNotDumped() throws Exception {
        DetectedStack s = tree().file(
                        "/srv/papermerge/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  backend:",
                                "    image: papermerge/papermerge:2.1.9",
                                "    environment:",
                                "      PAPERMERGE__SEARCH__ENGINE: elastic7",
                                "      PAPERMERGE__SEARCH__URL: http://es:9200",
                                "    volumes: ['media_root:/app/media']",
                                "  es:",
                                "    image: docker.elastic.co/elasticsearch/elasticsearch:7.16.2",
                                "    volumes: ['esdata:/usr/share/elasticsearch/data']",
                                "volumes: {media_root: {}, esdata: {}}",
                                ""))
                .only();
        Component es = Trees.component(s, "/var/lib/docker/volumes/papermerge_esdata/_data")
                .orElseThrow();
        assertEquals("rebuildable", es.componentClass().jsonName());
        assertEquals("none", es.method(), "rebuilt, so not dumped like a database: " + es);
        assertTrue(!es.rebuild().isEmpty());
    }
}
