package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.Manifest;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.StoreStats;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lifeboat backup}, {@code verify}, {@code snapshots} and {@code plan backup} against the six deployments on
 * srv-a, as a cron job would run them. MongoDB is the testbed's stand-in (its mongodump archive is not the real
 * format); everything else is real.
 */
@TestbedTest
class BackupCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Testbed testbed;

    @TempDir
    Path dir;

    BackupCommandIT(Testbed testbed) {
        this.testbed = testbed;
    }

    record Run(int exit, String out, String err) {}

    static Run lifeboat(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    List<String> args(String command, String... more) {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            knownHosts = TestbedHosts.knownHosts(dir);
        }
        List<String> a = new ArrayList<>(List.of(command));
        if (command.equals("plan")) {
            a.add("backup");
        }
        a.addAll(List.of(
                "root@" + TestbedHosts.ip("srv-a"),
                "-i",
                TestbedHosts.keyFile("root").toString(),
                "--known-hosts",
                knownHosts.toString(),
                "--ssh-config",
                "none",
                "--batch",
                "--store",
                dir.resolve("store").toString()));
        a.addAll(List.of(more));
        return a;
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
    void backupCompletesVerifiesAndHoldsWhatTheFingerprintCounts(String deployment, String app) throws Exception {
        Run r = lifeboat(args("backup", "--app", app, "--json"));
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonNode result = lastLine(r.out());
        assertEquals("Result", result.get("type").asText(), r.out());
        assertTrue(result.get("healthy").asBoolean(), r.out());
        Path snap = Path.of(result.get("snapshot").asText());
        assertTrue(SnapshotStore.complete(snap));
        assertTrue(
                r.out().contains("\"type\":\"DowntimeStarted\"") && r.out().contains("\"type\":\"DowntimeEnded\""),
                "the downtime is reported live");
        assertTrue(r.out().contains("\"source\":\"container:"), "container log lines are streamed: " + r.out());

        Run v = lifeboat(List.of("verify", snap.toString()));
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().startsWith("OK:"), v.out());

        Manifest m = SnapshotStore.readManifest(snap);
        String fingerprint = testbed.fingerprint("srv-a", deployment);
        compareWithFingerprint(deployment, m, snap, fingerprint);
        assertTrue(
                m.downtime().millis() > 0 && m.downtime().healthy(),
                m.downtime().toString());

        Run list = lifeboat(List.of("snapshots", "--store", dir.resolve("store").toString(), "--json"));
        assertEquals(0, list.exit(), list.err());
        JsonNode snaps = JSON.readTree(list.out()).get("snapshots");
        assertEquals(1, snaps.size(), list.out());
        assertEquals(app, snaps.get(0).get("installDir").asText());
    }

    /** Every database item and every file tree the fingerprint lists is in the snapshot with the same count. */
    static void compareWithFingerprint(String deployment, Manifest m, Path snap, String fingerprint) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (Manifest.DumpEntry d : m.dumps()) {
            d.counts().forEach((k, v) -> counts.put(d.service() + " " + k, v));
        }
        int checked = 0;
        for (String line : fingerprint.split("\n")) {
            String[] f = line.split(" ");
            if (line.startsWith("#") || f.length < 4) {
                continue;
            }
            switch (f[0]) {
                case "mongo", "postgres", "mariadb", "redis", "search" -> {
                    String service = f[1].substring(f[1].indexOf('/') + 1);
                    long expected = Long.parseLong(f[3].substring(f[3].indexOf('=') + 1));
                    Long got = counts.get(service + " " + f[2]);
                    if (expected == 0 && got == null) {
                        continue;
                    }
                    assertEquals(expected, got, deployment + ": " + line + " (manifest counts " + counts + ")");
                    checked++;
                }
                case "files" -> {
                    String path = f[1];
                    long files = Long.parseLong(f[3].substring("files=".length()));
                    long bytes = Long.parseLong(f[4].substring("bytes=".length()));
                    // The fingerprint leaves Cytomine's data/ out of the install folder's line (it has lines of its
                    // own); the other trees are compared whole.
                    String exclude = deployment.startsWith("cytomine") && path.endsWith("community-edition")
                            ? path.substring(1) + "/data"
                            : null;
                    long[] got = indexTotals(snap, path.substring(1), exclude);
                    assertEquals(files, got[0], deployment + ": regular files in " + path);
                    assertEquals(bytes, got[1], deployment + ": bytes in " + path);
                    checked++;
                }
                default -> {}
            }
        }
        assertTrue(checked > 0, "nothing compared for " + deployment);
    }

    static long[] indexTotals(Path snap, String rel, String exclude) throws Exception {
        long[] t = new long[2];
        try (BufferedReader r = Files.newBufferedReader(snap.resolve(SnapshotStore.INDEX), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 5);
                String p = f[4];
                boolean in = p.equals(rel) || p.startsWith(rel + "/");
                boolean out = exclude != null && (p.equals(exclude) || p.startsWith(exclude + "/"));
                if (in && !out && f[0].equals("f")) {
                    t[0]++;
                    t[1] += Long.parseLong(f[2]);
                }
            }
        }
        return t;
    }

    /**
     * Lifeboat killed (SIGKILL, as a crash or a hard-closed window) while the site is down, right after the window's
     * btrfs snapshot of /opt (ADR 0017): its guard on the server would start the site within its deadline. A backup
     * started again at once on the same computer sees that the lock's holder is a process of this computer that is
     * gone, fires that guard now (it starts what was stopped) and runs, instead of being refused until the deadline
     * passed; it deletes the snapshot the killed run left, and leaves none of its own.
     */
    @Test
    void aBackupRightAfterOneKilledOnThisComputerFiresItsGuardAndRuns() throws Exception {
        Path hand = dir.resolve("fault");
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dlifeboat.relaunch=false",
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString()));
        cmd.addAll(args("backup", "--app", "/opt/papermerge"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put(dev.lifeboat.engine.steps.FaultPoint.AT, "after:final-sync");
        pb.environment().put(dev.lifeboat.engine.steps.FaultPoint.DIR, hand.toString());
        Process p = pb.start();
        try {
            long until = System.currentTimeMillis() + 180_000;
            while (!Files.exists(hand.resolve("reached")) && p.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(hand.resolve("reached")), Files.readString(dir.resolve("out.txt")));
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        assertFalse(stoppedPapermerge().isEmpty(), "the killed run had stopped the site");
        assertFalse(frozenCopies().isEmpty(), "the killed run had frozen /opt");

        Run again = lifeboat(args("backup", "--app", "/opt/papermerge"));
        assertEquals(0, again.exit(), again.err() + again.out());
        assertTrue(
                (again.out() + again.err()).contains("An earlier run on this computer died without freeing the lock"),
                again.err() + again.out());
        assertEquals("", stoppedPapermerge(), "every container of the site runs again");
        assertTrue(
                (again.out() + again.err()).contains("that an earlier run left"),
                "the killed run's snapshot was deleted: " + again.out() + again.err());
        assertEquals("", frozenCopies(), "no frozen copy is left");
    }

    /** Papermerge's containers on srv-a that are stopped, one id a line. */
    private String stoppedPapermerge() throws Exception {
        return testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -a --filter label=com.docker.compose.project=papermerge --filter status=exited -q")
                .orThrow()
                .stdout()
                .strip();
    }

    /** The backups' btrfs snapshots on srv-a's /opt (ADR 0017). */
    private String frozenCopies() throws Exception {
        return testbed.exec("srv-a", "sh", "-c", "ls -d /opt/.lifeboat-frozen-* 2>/dev/null; true")
                .orThrow()
                .stdout()
                .strip();
    }

    @Test
    void aSecondBackupTransfersLittleAndSharesUnchangedFiles() throws Exception {
        List<String> a = args("backup", "--app", "/opt/papermerge", "--json");
        Run first = lifeboat(a);
        assertEquals(0, first.exit(), first.err());
        testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "echo changed >> /var/lib/docker/volumes/papermerge_papermerge_data/_data/lifeboat-second-backup.txt")
                .orThrow();
        try {
            Run second = lifeboat(a);
            assertEquals(0, second.exit(), second.err());
            Path snap2 = Path.of(lastLine(second.out()).get("snapshot").asText());
            Manifest m2 = SnapshotStore.readManifest(snap2);
            assertNotNull(m2.previous(), "the second snapshot links to the first");
            assertTrue(m2.transfer().preSyncBytes() < 1000, "only the changed file is sent: " + m2.transfer());
            StoreStats.Usage u = StoreStats.usage(snap2);
            // New disk: the dumps, the index, the manifest and the one changed file; the 5 MB of files are shared.
            assertTrue(u.newDiskBytes() < u.apparentBytes() / 4, u.toString());
            assertTrue(Files.isRegularFile(snap2.resolve(
                    "files/var/lib/docker/volumes/papermerge_papermerge_data/_data/lifeboat-second-backup.txt")));
        } finally {
            testbed.exec(
                    "srv-a",
                    "rm",
                    "-f",
                    "/var/lib/docker/volumes/papermerge_papermerge_data/_data/lifeboat-second-backup.txt");
        }
    }

    @Test
    void verifyNamesAFileChangedInsideASnapshot() throws Exception {
        Run r = lifeboat(args("backup", "--app", "/home/admin/acme-dam", "--json"));
        assertEquals(0, r.exit(), r.err());
        Path snap = Path.of(lastLine(r.out()).get("snapshot").asText());
        Path victim = snap.resolve("files/home/admin/acme-dam/docker-compose.yml");
        victim.toFile().setWritable(true);
        Files.writeString(victim, "# tampered\n", java.nio.file.StandardOpenOption.APPEND);
        Run v = lifeboat(List.of(
                "verify",
                "--store",
                dir.resolve("store").toString(),
                new SnapshotStore(dir.resolve("store")).idOf(snap)));
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("changed content: home/admin/acme-dam/docker-compose.yml"), v.out());
        Path dump = Files.list(snap.resolve("dumps")).findFirst().orElseThrow();
        Files.write(dump, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Run v2 = lifeboat(List.of("verify", snap.toString()));
        assertTrue(v2.out().contains("dump changed: dumps/" + dump.getFileName()), v2.out());
    }

    @Test
    void planBackupShowsTheStepsAndChangesNothing() throws Exception {
        String before = testbed.exec(
                        "srv-a", "docker", "ps", "-q", "--filter", "label=com.docker.compose.project=seatable-compose")
                .orThrow()
                .stdout();
        Run p = lifeboat(args("plan", "--app", "/opt/seatable-compose"));
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("[site down] Stop 1 container in order"), p.out());
        assertTrue(p.out().contains("docker stop -t"), p.out());
        assertTrue(p.out().contains("--single-transaction"), p.out());
        assertTrue(p.out().contains("Stays up: caddy, mariadb, redis"), p.out());
        Run j = lifeboat(args("plan", "--app", "seatable", "--json"));
        assertEquals(0, j.exit(), j.err());
        JsonNode plan = JSON.readTree(j.out());
        assertEquals("seatable-server", plan.get("stop").get(0).asText());
        assertTrue(plan.get("expectedDowntimeSeconds").asDouble() > 0);
        assertEquals(
                before,
                testbed.exec(
                                "srv-a",
                                "docker",
                                "ps",
                                "-q",
                                "--filter",
                                "label=com.docker.compose.project=seatable-compose")
                        .orThrow()
                        .stdout(),
                "nothing was stopped");
        assertFalse(
                Files.exists(dir.resolve("store/10.200.100.10/seatable.seatable-compose"))
                        && Files.list(dir.resolve("store/10.200.100.10/seatable.seatable-compose"))
                                .anyMatch(x -> !x.getFileName().toString().startsWith(".")),
                "no snapshot was written");
    }

    @Test
    void withoutAppOnAServerWithSeveralApplicationsTheCommandRefusesAndListsThem() {
        Run r = lifeboat(args("backup"));
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.err().contains("--app /opt/seatable-compose"), r.err());
        Run two = lifeboat(args("plan", "--app", "overleaf"));
        assertEquals(3, two.exit(), "two Overleafs run there: " + two.err());
    }

    static JsonNode lastLine(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
