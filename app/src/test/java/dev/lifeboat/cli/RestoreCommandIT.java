package dev.lifeboat.cli;

import static dev.lifeboat.cli.BackupCommandIT.lastLine;
import static dev.lifeboat.cli.BackupCommandIT.lifeboat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lifeboat restore}, {@code drill} and {@code migrate} against the testbed: srv-a runs the six deployments,
 * srv-b is the other server. What a restore must give back is judged by the testbed's own fingerprint (database
 * contents, file trees with owners and modes), never by Lifeboat's report alone. MongoDB is the testbed's stand-in.
 */
@TestbedTest
class RestoreCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Snapshots taken once per class, by deployment. */
    private static final Map<String, Path> SNAPSHOTS = new HashMap<>();

    @TempDir
    static Path dir;

    private final Testbed testbed;

    RestoreCommandIT(Testbed testbed) {
        this.testbed = testbed;
    }

    /**
     * srv-b is the empty server of the other tests (ServersIT, LiveDetectionIT): every container, volume and network
     * goes, and every folder a restore here put back, by the snapshots' manifests.
     */
    @AfterAll
    static void emptyTheOtherServer(Testbed testbed) throws Exception {
        List<String> paths = new ArrayList<>(List.of("/var/lib/lifeboat", "/var/tmp/lifeboat-drill"));
        for (Path snap : SNAPSHOTS.values()) {
            Manifest m = SnapshotStore.readManifest(snap);
            paths.add(m.application().installDir());
            paths.add(m.application().composeWorkingDir());
            for (Manifest.ComponentEntry c : m.components()) {
                if (!c.path().startsWith("/var/lib/docker/")) {
                    paths.add(c.path());
                    paths.add(c.path() + ".lifeboat-before-restore");
                    // and the application's own top folder there (e.g. /opt/seatable-server, /home/admin/mongo_data)
                    String[] seg = c.path().split("/");
                    if (seg.length > 3 && (seg[1].equals("opt") || seg[1].equals("srv"))) {
                        paths.add("/" + seg[1] + "/" + seg[2]);
                    } else if (seg.length > 4 && seg[1].equals("home")) {
                        paths.add("/home/" + seg[2] + "/" + seg[3]);
                    }
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of(
                "sh",
                "-c",
                "docker ps -aq | xargs -r docker rm -f -v >/dev/null; docker volume ls -q | xargs -r docker volume rm"
                        + " >/dev/null; docker network prune -f >/dev/null; rm -rf \"$@\"",
                "sh"));
        cmd.addAll(paths);
        testbed.exec("srv-b", cmd.toArray(String[]::new)).orThrow();
    }

    static List<String> ssh(String server) {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            knownHosts = TestbedHosts.knownHosts(dir);
        }
        return List.of(
                "root@" + TestbedHosts.ip(server),
                "-i",
                TestbedHosts.keyFile("root").toString(),
                "--known-hosts",
                knownHosts.toString(),
                "--ssh-config",
                "none",
                "--batch");
    }

    static List<String> args(String command, List<String> first, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(first);
        a.addAll(List.of("--store", dir.resolve("store").toString()));
        a.addAll(List.of(more));
        return a;
    }

    /** A snapshot of a deployment on srv-a, taken the first time a test needs it. */
    static synchronized Path snapshot(String app) throws Exception {
        Path s = SNAPSHOTS.get(app);
        if (s == null) {
            BackupCommandIT.Run r = lifeboat(args("backup", ssh("srv-a"), "--app", app, "--json", "--quiet-logs"));
            assertEquals(0, r.exit(), r.err() + r.out());
            s = Path.of(lastLine(r.out()).get("snapshot").asText());
            SNAPSHOTS.put(app, s);
        }
        return s;
    }

    /** The fingerprint lines, without the header that names the server. */
    private List<String> fingerprint(String server, String deployment) {
        return testbed.fingerprint(server, deployment)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overleaf-toolkit-6.2.2-ce,        /home/admin/overleaf-toolkit",
        "overleaf-compose-sharelatex-2022, /home/admin/overleaf",
        "cytomine-ce2025.1,                /home/cytomine/Cytomine-community-edition",
        "seatable-6.1.8-compose,           /opt/seatable-compose",
        "papermerge-3.6-standard-compose,  /opt/papermerge",
        "nuxeo-lts2025-presales-compose,   /home/admin/acme-dam",
    })
    void aRestoreOntoTheOtherServerGivesBackWhatTheFingerprintSees(String deployment, String app) throws Exception {
        Path snap = snapshot(app);
        BackupCommandIT.Run r = withTarget(snap, "--overwrite");
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonNode result = lastLine(r.out());
        assertTrue(result.get("ok").asBoolean(), r.out());
        int dumps = SnapshotStore.readManifest(snap).dumps().size();
        assertTrue(dumps > 0, "every deployment keeps a database: " + deployment);
        assertTrue(r.out().contains(dumps + " dumps loaded"), "every dump of the snapshot was loaded: " + r.out());
        assertTrue(r.out().contains("\"type\":\"Progress\""), "progress is reported");

        List<String> a = fingerprint("srv-a", deployment);
        List<String> b = fingerprint("srv-b", deployment);
        if (deployment.startsWith("nuxeo")) {
            // The search indices (with the audit log) are dumped and loaded, so the search lines compare too; no
            // re-index is asked for.
            assertTrue(r.out().contains("\"step\":\"load\""), r.out());
            assertFalse(r.out().contains("is not in the snapshot (rebuildable)"), r.out());
            assertTrue(
                    a.stream().anyMatch(l -> l.startsWith("search ") && l.contains(" audit ")), String.join("\n", a));
        }
        assertEquals(String.join("\n", a), String.join("\n", b), "srv-b holds what srv-a holds");
    }

    /** {@code restore SNAPSHOT TARGET}: TARGET and its SSH options go after SNAPSHOT. */
    private static BackupCommandIT.Run withTarget(Path snap, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("restore", snap.toString()));
        a.addAll(ssh("srv-b"));
        a.addAll(List.of("--store", dir.resolve("store").toString(), "--json"));
        a.addAll(List.of(more));
        return lifeboat(a);
    }

    @Test
    void thePlansOfARestoreAndADrillListTheStepsAndChangeNothing() throws Exception {
        Path snap = snapshot("/opt/seatable-compose");
        BackupCommandIT.Run r = lifeboat(List.of(
                "plan",
                "restore",
                snap.toString(),
                "root@" + TestbedHosts.ip("srv-b"),
                "--store",
                dir.resolve("store").toString()));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("load dumps/mariadb-dtable_db.sql.zst into mariadb"), r.out());
        assertTrue(r.out().contains("seatable.sh restore-all"), "the stack's own step: " + r.out());
        assertTrue(r.out().contains("Nothing was changed."), r.out());
        BackupCommandIT.Run d = lifeboat(List.of(
                "plan",
                "drill",
                snap.toString(),
                "--store",
                dir.resolve("store").toString(),
                "--json"));
        assertEquals(0, d.exit(), d.err() + d.out());
        JsonNode plan = JSON.readTree(d.out());
        assertTrue(plan.get("steps").toString().contains("/var/tmp/lifeboat-drill/"), d.out());
    }

    @Test
    void aTargetThatRunsTheApplicationIsRefusedWithoutOverwrite() throws Exception {
        Path snap = snapshot("/opt/papermerge");
        assertEquals(0, withTarget(snap, "--overwrite").exit());
        List<String> a = new ArrayList<>(List.of("restore", snap.toString()));
        a.addAll(ssh("srv-b"));
        a.addAll(List.of("--store", dir.resolve("store").toString()));
        BackupCommandIT.Run r = lifeboat(a);
        assertEquals(3, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("--overwrite"), "says how to go on: " + r.err());
    }

    /** A target whose disk has too little room for the snapshot is refused before anything changes. */
    @Test
    void aTargetWithTooLittleSpaceIsRefused() throws Exception {
        Path snap = snapshot("/opt/papermerge");
        removePapermergeFromB();
        testbed.diskFill("srv-b", "/opt/papermerge", "1m");
        try {
            List<String> a = new ArrayList<>(List.of("restore", snap.toString()));
            a.addAll(ssh("srv-b"));
            a.addAll(List.of("--store", dir.resolve("store").toString()));
            BackupCommandIT.Run r = lifeboat(a);
            assertEquals(3, r.exit(), r.err() + r.out());
            assertTrue(r.err().contains("Not enough space") && r.err().contains("/opt/papermerge"), r.err());
            assertTrue(r.err().contains("Free some space"), "says what to do: " + r.err());
            assertEquals(
                    "",
                    testbed.exec(
                                    "srv-b",
                                    "sh",
                                    "-c",
                                    "docker ps -aq --filter label=com.docker.compose.project=papermerge")
                            .orThrow()
                            .stdout()
                            .strip(),
                    "nothing was created");
        } finally {
            testbed.diskFree("srv-b", "/opt/papermerge");
            removePapermergeFromB();
        }
    }

    /**
     * The preflight's three refusals that need to look at what the target holds: another application where the
     * snapshot's goes, a port the application publishes taken there, and a snapshot newer than the version installed
     * there. Each exits 3, says what to do, and changes nothing.
     */
    @Test
    void anotherApplicationThereATakenPortOrANewerSnapshotThanTheInstalledVersionIsRefused() throws Exception {
        Path snap = snapshot("/opt/papermerge");
        removePapermergeFromB();
        try {
            // 1. SeaTable's compose folder where Papermerge's goes
            String tar = testbed.exec("srv-a", "sh", "-c", "tar -C /opt/seatable-compose -czf - . | base64 -w0")
                    .orThrow()
                    .stdout();
            testbed.exec(
                            "srv-b",
                            "sh",
                            "-c",
                            "mkdir -p /opt/papermerge && printf %s \"$1\" | base64 -d"
                                    + " | tar -C /opt/papermerge -xzf -",
                            "sh",
                            tar.strip())
                    .orThrow();
            BackupCommandIT.Run wrong = withTarget(snap, "--overwrite");
            assertEquals(3, wrong.exit(), wrong.err() + wrong.out());
            assertTrue(
                    wrong.err().contains("has SeaTable") && wrong.err().contains("mix two applications"), wrong.err());
            assertEquals(
                    "",
                    testbed.exec(
                                    "srv-b",
                                    "docker",
                                    "ps",
                                    "-aq",
                                    "--filter",
                                    "label=com.docker.compose.project=papermerge")
                            .orThrow()
                            .stdout()
                            .strip(),
                    "nothing was created");
            removePapermergeFromB();

            // 2. port 7000 (Papermerge's web port) published by another container on srv-b
            testbed.exec("srv-b", "docker", "run", "-d", "--name", "port-squatter", "-p", "7000:80", "redis:7.4")
                    .orThrow();
            BackupCommandIT.Run port = withTarget(snap, "--overwrite");
            assertEquals(3, port.exit(), port.err() + port.out());
            assertTrue(port.err().contains("7000/tcp (container port-squatter)"), port.err());
            testbed.exec("srv-b", "docker", "rm", "-f", "port-squatter").orThrow();

            // 3. the installed Papermerge is 3.6.0a16 (its compose file's image tag), the snapshot says 3.6.0: the
            //    older installation would get newer data
            String files = testbed.exec(
                            "srv-a", "sh", "-c", "tar -C /opt/papermerge -czf - docker-compose.yml" + " | base64 -w0")
                    .orThrow()
                    .stdout();
            testbed.exec(
                            "srv-b",
                            "sh",
                            "-c",
                            "mkdir -p /opt/papermerge && printf %s \"$1\" | base64 -d"
                                    + " | tar -C /opt/papermerge -xzf -",
                            "sh",
                            files.strip())
                    .orThrow();
            Path newer = copyWithVersion(snap, "3.6.0");
            BackupCommandIT.Run old = withTarget(newer, "--overwrite");
            assertEquals(3, old.exit(), old.err() + old.out());
            assertTrue(old.err().contains("newer than the 3.6.0a16 installed"), old.err());
            assertTrue(
                    SnapshotStore.readManifest(snap).application().ports().contains("7000/tcp"),
                    "the manifest records the published ports");
        } finally {
            testbed.exec("srv-b", "docker", "rm", "-f", "port-squatter");
            removePapermergeFromB();
        }
    }

    /**
     * One run at a time per application on a server: a restore that finds the application's lock held (here by a
     * stand-in holder for ten seconds, as a backup or a restore that was killed holds it until its guard's deadline)
     * says so, waits, and goes on once it is free.
     */
    @Test
    void aRestoreWaitsForTheApplicationsLockAndThenRuns() throws Exception {
        Path snap = snapshot("/opt/papermerge");
        removePapermergeFromB();
        try {
            testbed.exec(
                            "srv-b",
                            "sh",
                            "-c",
                            "mkdir -p -m 700 /run/lifeboat/papermerge && setsid sh -c 'exec 9>>/run/lifeboat/papermerge/lock;"
                                    + " flock 9; echo held > /run/lifeboat/papermerge/test-held; sleep 10' >/dev/null 2>&1 &"
                                    + " for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /run/lifeboat/papermerge/test-held ] && break;"
                                    + " sleep 0.2; done")
                    .orThrow();
            BackupCommandIT.Run r = withTarget(snap, "--overwrite");
            assertEquals(0, r.exit(), r.err() + r.out());
            assertTrue(
                    r.out().contains("holds this application's lock") && r.out().contains("Waiting for it."), r.out());
        } finally {
            testbed.exec("srv-b", "rm", "-f", "/run/lifeboat/papermerge/test-held");
            removePapermergeFromB();
        }
    }

    private void removePapermergeFromB() {
        testbed.exec(
                        "srv-b",
                        "sh",
                        "-c",
                        "docker ps -aq --filter label=com.docker.compose.project=papermerge"
                                + " | xargs -r docker rm -f -v >/dev/null; docker volume ls -q --filter"
                                + " label=com.docker.compose.project=papermerge | xargs -r docker volume rm >/dev/null;"
                                + " rm -rf /opt/papermerge /var/lib/lifeboat/restores/papermerge")
                .orThrow();
    }

    /** A copy of a snapshot whose manifest names another version. */
    private static Path copyWithVersion(Path snap, String version) throws Exception {
        Path copy = snap.resolveSibling(snap.getFileName() + "-as-" + version);
        if (!Files.exists(copy)) {
            Process p = new ProcessBuilder("cp", "-a", snap.toString(), copy.toString())
                    .inheritIO()
                    .start();
            assertEquals(0, p.waitFor());
            Path manifest = copy.resolve("manifest.json");
            com.fasterxml.jackson.databind.node.ObjectNode root =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(manifest.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("application")).put("version", version);
            JSON.writeValue(manifest.toFile(), root);
        }
        return copy;
    }

    @Test
    void aRestoreCutInTheMiddleIsFinishedByTheNextRun() throws Exception {
        Path snap = snapshot("/opt/seatable-compose");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString(),
                "restore",
                snap.toString()));
        cmd.addAll(ssh("srv-b"));
        cmd.addAll(List.of("--store", dir.resolve("store").toString(), "--overwrite"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        boolean cut = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("[databases] Start the databases")) {
                    // Lifeboat dies (as with a lost connection or a closed laptop): files are back, no dump loaded.
                    p.destroyForcibly();
                    cut = true;
                    break;
                }
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(cut, "the restore reached its database step: " + seen);
        String marker = testbed.exec("srv-b", "cat", "/var/lib/lifeboat/restores/seatable-compose")
                .stdout()
                .strip();
        assertEquals(
                snap.getFileName().toString(), marker, "the server knows a restore of this snapshot is unfinished");

        // No --overwrite: the server remembers the unfinished restore of this snapshot.
        List<String> again = new ArrayList<>(List.of("restore", snap.toString()));
        again.addAll(ssh("srv-b"));
        again.addAll(List.of("--store", dir.resolve("store").toString()));
        BackupCommandIT.Run r = lifeboat(again);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("did not finish: finishing it"), r.out());
        assertTrue(
                (r.out() + r.err()).contains("An earlier run on this computer died without freeing the lock"),
                "the killed run's guard was fired at once, not waited for: " + r.err() + r.out());
        assertEquals(fingerprint("srv-a", "seatable-6.1.8-compose"), fingerprint("srv-b", "seatable-6.1.8-compose"));
    }

    @Test
    void aDrillBesideTheLiveSiteAndOneOnTheOtherServerPassAndLeaveNothingBehind() throws Exception {
        Path seatable = snapshot("/opt/seatable-compose");
        List<String> live = fingerprint("srv-a", "seatable-6.1.8-compose");
        // TARGET defaults to the snapshot's own server: beside the live site, which has fixed container names,
        // named networks and a proxy that routes by labels.
        BackupCommandIT.Run r = lifeboat(withStore(List.of("drill", seatable.toString()), ssh("srv-a"), true));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(lastLine(r.out()).get("passed").asBoolean(), r.out());
        assertEquals(live, fingerprint("srv-a", "seatable-6.1.8-compose"), "the live site is untouched");
        assertNothingLeft("srv-a");

        BackupCommandIT.Run list =
                lifeboat(List.of("snapshots", "--store", dir.resolve("store").toString(), "--json"));
        JsonNode snaps = JSON.readTree(list.out()).get("snapshots");
        int drilled = 0;
        for (JsonNode s : snaps) {
            if (s.get("path").asText().equals(seatable.toString())) {
                assertTrue(s.get("lastDrill").get("passed").asBoolean(), s.toString());
                assertTrue(s.get("lastDrill").get("restoreMillis").asLong() > 0, s.toString());
                drilled++;
            }
        }
        assertEquals(1, drilled, list.out());
    }

    /**
     * A spare server that has never run the application (what a scheduled drill on another server relies on): the
     * drill reads everything from its own copy, passes, and leaves the server exactly as empty as it found it. On the
     * three whose shapes differ most (fixed container names and a MongoDB stand-in; a dozen services with a registry;
     * an OpenSearch stand-in whose indices are loaded): SeaTable's drill on the other server is the test above,
     * Papermerge's the fault matrix's drill cells, and every application's restore onto that server is the test
     * before it — the test command spends its minutes once on each path.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overleaf-toolkit-6.2.2-ce,        /home/admin/overleaf-toolkit",
        "cytomine-ce2025.1,                /home/cytomine/Cytomine-community-edition",
        "nuxeo-lts2025-presales-compose,   /home/admin/acme-dam",
    })
    void aDrillOntoAnEmptyServerPassesAndLeavesItEmpty(String deployment, String app) throws Exception {
        Path snap = snapshot(app);
        emptyTheOtherServer(testbed);
        String before = serverState("srv-b");
        assertFalse(before.contains(app), "srv-b holds nothing of " + app + " before the drill:\n" + before);
        List<String> d = new ArrayList<>(List.of("drill", snap.toString()));
        d.addAll(ssh("srv-b"));
        BackupCommandIT.Run r = lifeboat(withStore(d, List.of(), false));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(lastLine(r.out()).get("passed").asBoolean(), r.out());
        assertNothingLeft("srv-b");
        assertEquals(before, serverState("srv-b"), "the drill left srv-b as it found it");
    }

    /** What a restore or drill could leave on a server: containers, volumes, networks, and folders where they go. */
    private String serverState(String server) {
        return testbed.exec(
                        server,
                        "sh",
                        "-c",
                        "docker ps -a --format '{{.Names}}' | sort; docker volume ls -q | sort;"
                                + " docker network ls --format '{{.Name}}' | sort;"
                                + " find /opt /srv /home /root /var/tmp /var/lib/lifeboat -maxdepth 3 2>/dev/null"
                                + " | grep -v '^/root/.ssh' | sort")
                .orThrow()
                .stdout();
    }

    /** The drill options: {@code --store}, {@code --json}, and the SSH options of srv-a when no TARGET is given. */
    private static List<String> withStore(List<String> head, List<String> sshOfDefault, boolean defaultTarget) {
        List<String> a = new ArrayList<>(head);
        if (defaultTarget) {
            // No TARGET: the snapshot's server; only the options of the SSH list (after the user@host).
            a.addAll(sshOfDefault.subList(1, sshOfDefault.size()));
        }
        a.addAll(List.of("--store", dir.resolve("store").toString(), "--json", "--quiet-logs"));
        return a;
    }

    private void assertNothingLeft(String server) {
        String left = testbed.exec(
                        server,
                        "sh",
                        "-c",
                        "for k in ps volume network; do docker $k ls -a >/dev/null 2>&1; done; "
                                + "docker ps -a --format '{{.Label \"com.docker.compose.project\"}}' | grep lifeboat-drill;"
                                + "docker volume ls --format '{{.Label \"com.docker.compose.project\"}} {{.Name}}'"
                                + " | grep lifeboat-drill; docker network ls --format '{{.Name}}' | grep lifeboat-drill;"
                                + " ls -d /var/tmp/lifeboat-drill 2>/dev/null; true")
                .stdout()
                .strip();
        assertEquals("", left, "the drill left something on " + server);
    }

    @Test
    void aDrillOfADamagedSnapshotIsRefusedUpFrontAndNamesTheDumpAndTheFile() throws Exception {
        Path snap = snapshot("/opt/papermerge");
        Path copy = dir.resolve("damaged-store/10.200.100.10/papermerge/" + snap.getFileName());
        Files.createDirectories(copy.getParent());
        Process cp = new ProcessBuilder("cp", "-a", snap.toString(), copy.toString())
                .inheritIO()
                .start();
        assertEquals(0, cp.waitFor());
        Path dump;
        try (var s = Files.list(copy.resolve("dumps"))) {
            dump = s.filter(f -> f.getFileName().toString().contains("pmdb"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.write(dump, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Path file;
        try (var s = Files.walk(copy.resolve("files"))) {
            file = s.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("_data"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(file, "damaged", java.nio.file.StandardOpenOption.APPEND);

        List<String> a = new ArrayList<>(List.of("drill", copy.toString()));
        a.addAll(ssh("srv-b"));
        a.addAll(List.of("--store", dir.resolve("damaged-store").toString()));
        BackupCommandIT.Run r = lifeboat(a);
        // A damaged snapshot is refused before anything is created on the server (issue 23): exit 3, with the reason.
        String said = r.err() + r.out();
        assertEquals(3, r.exit(), said);
        assertTrue(said.contains("is damaged"), said);
        assertTrue(said.contains(dump.getFileName().toString()), "names the dump: " + said);
        String rel = copy.resolve("files").relativize(file).toString();
        assertTrue(said.contains(rel), "names the file " + rel + ": " + said);
        assertNothingLeft("srv-b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // one per database engine: MariaDB, PostgreSQL, MongoDB (stand-in). The files go server to server, or through
        // this computer: asked for (--no-direct-copy), or because srv-a cannot log in to srv-b.
        "seatable-6.1.8-compose,           /opt/seatable-compose, /opt/seatable-compose/.env,"
                + " seatable.example.de, tables.example.net, direct",
        "papermerge-3.6-standard-compose,  /opt/papermerge,,,, local",
        "papermerge-3.6-standard-compose,  /opt/papermerge,,,, unreachable",
        "overleaf-compose-sharelatex-2022, /home/admin/overleaf, /home/admin/overleaf/docker-compose.yml,"
                + " http://tex.example.com, https://tables.example.net, direct",
    })
    void aMigrationMovesTheApplicationUnderItsNewUrlAndRollbackStartsTheOldOne(
            String deployment, String app, String configFile, String oldValue, String newValue, String copy)
            throws Exception {
        boolean direct = copy.equals("direct");
        List<String> before = fingerprint("srv-a", deployment);
        List<String> a = new ArrayList<>(List.of("migrate"));
        if (copy.equals("local")) {
            a.add("--no-direct-copy");
        }
        a.addAll(ssh("srv-a"));
        a.add(TestbedHosts.ip("srv-b").replaceFirst("^", "root@"));
        a.addAll(List.of(
                "--app",
                app,
                "--site-url",
                "https://tables.example.net",
                "--overwrite",
                "--store",
                dir.resolve("store").toString(),
                "--json",
                "--quiet-logs"));
        BackupCommandIT.Run r;
        if (copy.equals("unreachable")) {
            // srv-b's sshd refuses root from srv-a's address: the old server cannot reach the new one.
            denyRootFrom("srv-b", TestbedHosts.ip("srv-a"), true);
            try {
                r = lifeboat(a);
            } finally {
                denyRootFrom("srv-b", TestbedHosts.ip("srv-a"), false);
            }
        } else {
            r = lifeboat(a);
        }
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(lastLine(r.out()).get("ok").asBoolean(), r.out());
        assertTrue(r.out().contains("\"type\":\"DowntimeEnded\""), "the downtime is reported");
        List<String> directEvents = r.out()
                .lines()
                .filter(l -> l.contains("\"step\":\"direct\"") && l.contains("\"type\":\"Step"))
                .toList();
        if (direct) {
            assertTrue(
                    directEvents.stream().anyMatch(l -> l.contains("StepFinished") && l.contains("directly")),
                    "the files went from server to server first: " + directEvents);
            assertEquals(
                    "0",
                    testbed.exec("srv-b", "sh", "-c", "grep -c lifeboat-direct /root/.ssh/authorized_keys" + " || true")
                            .stdout()
                            .strip(),
                    "the copy's key is gone from srv-b");
            assertEquals(
                    "",
                    testbed.exec("srv-a", "sh", "-c", "ls -d /tmp/lifeboat-direct.* 2>/dev/null || true")
                            .stdout()
                            .strip(),
                    "and its folder from srv-a");
        } else if (copy.equals("local")) {
            assertTrue(directEvents.isEmpty(), "--no-direct-copy: " + directEvents);
        } else {
            assertTrue(
                    directEvents.stream().anyMatch(l -> l.contains("StepSkipped")),
                    "the server-to-server copy is skipped, with its reason: " + directEvents);
            assertFalse(directEvents.stream().anyMatch(l -> l.contains("StepFinished")), directEvents.toString());
            assertEquals(
                    "0",
                    testbed.exec("srv-b", "sh", "-c", "grep -c lifeboat-direct /root/.ssh/authorized_keys" + " || true")
                            .stdout()
                            .strip(),
                    "the copy's key is gone from srv-b also when it was not used");
        }

        String running = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps --filter label=com.docker.compose.project=$1 --format '{{.Label \"com.docker.compose.service\"}}'",
                        "sh",
                        project(deployment))
                .stdout();
        for (String stoppedService : List.of("seatable-server", "papermerge", "sharelatex")) {
            assertFalse(running.lines().anyMatch(stoppedService::equals), "the source stays stopped: " + running);
        }

        List<String> moved = fingerprint("srv-b", deployment);
        if (configFile == null) {
            assertEquals(before, moved);
        } else {
            String folder = configFile.substring(0, configFile.lastIndexOf('/'));
            assertEquals(withoutTree(before, folder), withoutTree(moved, folder), "the same data on srv-b");
            String oldText = testbed.exec("srv-a", "cat", configFile).orThrow().stdout();
            String newText = testbed.exec("srv-b", "cat", configFile).orThrow().stdout();
            assertTrue(oldText.contains(oldValue), oldText);
            assertEquals(oldText.replace(oldValue, newValue), newText, "only the site's name changed");
        }

        List<String> back = new ArrayList<>(List.of("migrate"));
        back.addAll(ssh("srv-a"));
        back.addAll(List.of("--rollback", "--app", app));
        BackupCommandIT.Run rb = lifeboat(back);
        assertEquals(0, rb.exit(), rb.err() + rb.out());
        assertEquals(before, fingerprint("srv-a", deployment), "srv-a serves as before");
    }

    /** Makes SERVER's sshd refuse (or again accept) root logins from ADDRESS. */
    private void denyRootFrom(String server, String address, boolean deny) {
        String line = "DenyUsers root@" + address;
        // First in the file: it ends in a Match block, which would take a line added after it.
        String script = deny ? "sed -i \"1i $1\" /etc/ssh/sshd_config" : "sed -i \"/^$1\\$/d\" /etc/ssh/sshd_config";
        testbed.exec(server, "sh", "-c", script + " && kill -HUP \"$(cat /run/sshd.pid)\"", "sh", line)
                .orThrow();
    }

    private static List<String> withoutTree(List<String> lines, String folder) {
        return lines.stream()
                .filter(l -> !l.startsWith("files " + folder + " "))
                .collect(Collectors.toList());
    }

    private static String project(String deployment) {
        return switch (deployment) {
            case "seatable-6.1.8-compose" -> "seatable-compose";
            case "papermerge-3.6-standard-compose" -> "papermerge";
            default -> "overleaf";
        };
    }
}
