package dev.lifeboat.cli;

import static dev.lifeboat.cli.BackupCommandIT.lifeboat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.steps.FaultPoint;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat upgrade} against the testbed's Papermerge on srv-a (issue 20). The testbed has releases of the
 * Papermerge stand-in beside the deployed 3.6.0a16: 3.6.0, whose start migrates the database's schema (after which
 * 3.6.0a16 refuses to start on it, as a real application refuses a database a newer release migrated), and 3.6.1,
 * whose migration fails half-way. What the site holds is judged by the testbed's own fingerprint, never by
 * Lifeboat's report alone. Every test starts and ends with the site on 3.6.0a16 and its seed data.
 */
@TestbedTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class UpgradeIT {
    private static final String DEPLOYMENT = "papermerge-3.6-standard-compose";
    private static final String APP = "/opt/papermerge";
    private static final String SCHEMA_TABLE = "standin_schema";

    @TempDir
    Path dir;

    private final Testbed testbed;

    UpgradeIT(Testbed testbed) {
        this.testbed = testbed;
    }

    private List<String> args(String... more) {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            knownHosts = TestbedHosts.knownHosts(dir);
        }
        List<String> a = new ArrayList<>(List.of(
                "upgrade",
                "root@" + TestbedHosts.ip("srv-a"),
                "-i",
                TestbedHosts.keyFile("root").toString(),
                "--known-hosts",
                knownHosts.toString(),
                "--ssh-config",
                "none",
                "--batch",
                "--store",
                dir.resolve("store").toString(),
                "--app",
                APP,
                "--quiet-logs"));
        a.addAll(List.of(more));
        return a;
    }

    /** The fingerprint lines, without the header that names the server. */
    private List<String> fingerprint() {
        return testbed.fingerprint("srv-a", DEPLOYMENT)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    /**
     * What the users put in: the database's tables but the migration's own record, and the documents' volume (not
     * the compose folder, whose image tag the upgrade changes on purpose).
     */
    private static List<String> userData(List<String> fingerprint) {
        return fingerprint.stream()
                .filter(l -> !l.contains("." + SCHEMA_TABLE + " "))
                .filter(l -> !l.startsWith("files " + APP + " "))
                .toList();
    }

    private String composeImage() {
        return testbed.exec("srv-a", "sh", "-c", "grep 'image: papermerge/' " + APP + "/docker-compose.yml")
                .orThrow()
                .stdout()
                .strip();
    }

    private String runningImage() {
        return testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker inspect -f '{{.Config.Image}} {{.State.Status}}' $(docker ps -aq --filter"
                                + " label=com.docker.compose.project=papermerge --filter"
                                + " label=com.docker.compose.service=papermerge)")
                .orThrow()
                .stdout()
                .strip();
    }

    private void assertNoCopyLeft() {
        String left = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -aq --filter label=com.docker.compose.project=lifeboat-upgrade-papermerge;"
                                + " docker volume ls -q --filter label=com.docker.compose.project=lifeboat-upgrade-papermerge;"
                                + " ls -d /var/tmp/lifeboat-drill/lifeboat-upgrade-papermerge 2>/dev/null; true")
                .orThrow()
                .stdout()
                .strip();
        assertEquals("", left, "the rehearsal's copy is gone: containers, volumes and folder");
    }

    @Test
    void aGoodReleaseUpgradesAndRollbackByHandGivesBackTheOldOneWithItsData() throws Exception {
        List<String> before = fingerprint();
        assertEquals("image: papermerge/papermerge:3.6.0a16", composeImage());

        BackupCommandIT.Run r = lifeboat(args("--to", "3.6.0"));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("Papermerge upgraded from 3.6.0a16 to 3.6.0."), r.out());
        assertTrue(r.out().contains("[rehearsal:upgraded-health] done"), "the copy came up with 3.6.0 first");
        assertNoCopyLeft();
        assertEquals("image: papermerge/papermerge:3.6.0", composeImage(), "the version is written where it is kept");
        assertEquals("papermerge/papermerge:3.6.0 running", runningImage());
        List<String> after = fingerprint();
        assertTrue(
                after.stream().anyMatch(l -> l.contains("." + SCHEMA_TABLE + " rows=1")),
                "the new release migrated the database as it started: " + after);
        assertEquals(userData(before), userData(after), "the users' data is what it was");

        BackupCommandIT.Run back = lifeboat(args("--rollback"));
        assertEquals(0, back.exit(), back.err() + back.out());
        assertTrue(back.out().contains("Rolled back"), back.out());
        assertEquals("image: papermerge/papermerge:3.6.0a16", composeImage());
        assertEquals("papermerge/papermerge:3.6.0a16 running", runningImage());
        assertEquals(before, fingerprint(), "the site is as it was before the upgrade, database and files");
    }

    @Test
    void aReleaseWhoseMigrationFailsStopsInTheRehearsalAndTheLiveSiteIsNotUpgraded() throws Exception {
        List<String> before = fingerprint();
        BackupCommandIT.Run r = lifeboat(args("--to", "3.6.1"));
        assertEquals(ExitCodes.REFUSED_BY_PREFLIGHT, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("The rehearsal of 3.6.1 on a copy failed"), r.err());
        assertTrue(
                r.err().contains("Its last words (papermerge)"), "the failed start's own words are told: " + r.err());
        assertTrue(r.out().contains("FAILED half-way"), "its last lines are in the run's log: " + r.out());
        assertTrue(r.err().contains("still runs 3.6.0a16"), r.err());
        assertFalse(r.out().contains("[live:"), "nothing of the live part ran");
        assertNoCopyLeft();
        assertEquals("image: papermerge/papermerge:3.6.0a16", composeImage());
        assertEquals("papermerge/papermerge:3.6.0a16 running", runningImage());
        assertEquals(before, fingerprint());
    }

    /**
     * A release that passes the rehearsal but fails live: at the fault point after the version is written, the
     * server's 3.6.0 tag is pointed at the failing release (as a registry that moved a tag would), so the live start
     * migrates half-way and dies. Lifeboat goes back by itself: the previous compose file and the snapshot it took
     * with the site stopped. Run out of process, as the fault matrix runs it (the fault point is read from the
     * environment).
     */
    @Test
    void aLiveFailureRollsBackByItselfToTheSnapshotsSite() throws Exception {
        List<String> before = fingerprint();
        String good = testbed.exec(
                        "srv-a", "docker", "image", "inspect", "-f", "{{.Id}}", "papermerge/papermerge:3.6.0")
                .orThrow()
                .stdout()
                .strip();
        Path hand = dir.resolve("fault");
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString()));
        cmd.addAll(args("--to", "3.6.0"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put(FaultPoint.AT, "after:live:version");
        pb.environment().put(FaultPoint.DIR, hand.toString());
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        try {
            long until = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(8);
            while (!Files.exists(hand.resolve("reached")) && p.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            assertTrue(
                    Files.exists(hand.resolve("reached")),
                    "the run reached the fault point: " + read(dir.resolve("err.txt")) + read(dir.resolve("out.txt")));
            testbed.exec("srv-a", "docker", "tag", "papermerge/papermerge:3.6.1", "papermerge/papermerge:3.6.0")
                    .orThrow();
            Files.writeString(hand.resolve("go"), "");
            assertTrue(p.waitFor(8, TimeUnit.MINUTES), "the run ended");
        } finally {
            p.destroyForcibly();
            testbed.exec("srv-a", "docker", "tag", good, "papermerge/papermerge:3.6.0")
                    .orThrow();
        }
        String out = read(dir.resolve("out.txt"));
        String err = read(dir.resolve("err.txt"));
        assertEquals(ExitCodes.FAILED, p.exitValue(), err + out);
        assertTrue(out.contains("[live:health] FAILED"), out);
        assertTrue(out.contains("[rollback:compare] done"), "the way back ran and compared: " + out);
        assertTrue(err.contains("Lifeboat rolled back: Papermerge runs 3.6.0a16 again"), err);
        assertEquals("image: papermerge/papermerge:3.6.0a16", composeImage());
        assertEquals("papermerge/papermerge:3.6.0a16 running", runningImage());
        assertEquals(before, fingerprint(), "the site is the snapshot's: the half-migrated database is gone");
    }

    private static String read(Path f) throws Exception {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }
}
