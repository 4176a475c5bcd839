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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lifeboat upgrade} against the testbed's srv-a (issue 20): Papermerge, SeaTable and the Overleaf Toolkit. The
 * testbed has releases of each stand-in beside the deployed one: a good one (Papermerge 3.6.0, SeaTable 6.1.9,
 * Overleaf 6.2.3) whose start migrates the database's schema (after which the older release refuses to start on it, as
 * a real application refuses a database a newer release migrated), and one whose migration fails half-way (3.6.1,
 * 6.1.10, 6.2.4). What the site holds is judged by the testbed's own fingerprint, never by Lifeboat's report alone.
 * Every test starts and ends with the site on its deployed release and its seed data.
 */
@TestbedTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class UpgradeIT {
    private static final String SCHEMA_TABLE = "standin_schema";

    @TempDir
    Path dir;

    private final Testbed testbed;

    UpgradeIT(Testbed testbed) {
        this.testbed = testbed;
    }

    /** {@code upgrade} of the application in the folder {@code app} on srv-a. */
    private List<String> upgrade(String app, String... more) {
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
                app,
                "--quiet-logs"));
        a.addAll(List.of(more));
        return a;
    }

    /** The fingerprint lines, without the header that names the server. */
    private List<String> fingerprint(String deployment) {
        return testbed.fingerprint("srv-a", deployment)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    /**
     * What the users put in: the database's tables but the migration's own record, and the documents' volume (not
     * the compose folder, whose image tag the upgrade changes on purpose).
     */
    private static List<String> userData(List<String> fingerprint, String versionFolder) {
        return fingerprint.stream()
                .filter(l -> !l.contains("." + SCHEMA_TABLE + " "))
                .filter(l -> !l.startsWith("files " + versionFolder + " "))
                .toList();
    }

    private String spot(String command) {
        return testbed.exec("srv-a", "sh", "-c", command).orThrow().stdout().strip();
    }

    /** The image and state of the service's container, found by its compose working folder's project. */
    private String runningImage(String app, String service) {
        return testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker inspect -f '{{.Config.Image}} {{.State.Status}}' $(docker ps -aq --filter"
                                + " label=com.docker.compose.service=" + service + " | while read c; do"
                                + " d=$(docker inspect -f '{{index .Config.Labels \"com.docker.compose.project.working_dir\"}}'"
                                + " $c); case \"$d\" in " + app + "*) echo $c;; esac; done)")
                .orThrow()
                .stdout()
                .strip();
    }

    private void assertNoCopyLeft(String deployment) {
        String left = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -aq --filter name=lifeboat-upgrade-; docker volume ls -q --filter"
                                + " name=lifeboat-upgrade-; ls -d /var/tmp/lifeboat-drill/lifeboat-upgrade-* 2>/dev/null;"
                                + " true")
                .orThrow()
                .stdout()
                .strip();
        assertEquals("", left, "the rehearsal's copy is gone: containers, volumes and folder");
    }

    /**
     * Each stack keeps its version its own way (ADR 0014): the Overleaf Toolkit in {@code config/version} (the
     * previous one kept as {@code config/__old-version}). SeaTable's (the default of {@code ${SEATABLE_IMAGE}}) is
     * upgraded and rolled back through the window ({@code UpgradeWizardIT}); Papermerge's is the image tag in its compose
     * file. The Toolkit knows releases up to its {@code lib/config-seed/version}: the test updates that first, as an
     * admin's {@code git pull} of the Toolkit would, and puts it back after.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "papermerge-3.6-standard-compose | /opt/papermerge | papermerge | papermerge/papermerge | 3.6.0a16"
                        + " | 3.6.0 | /opt/papermerge | grep 'image: papermerge/' /opt/papermerge/docker-compose.yml",
                "overleaf-toolkit-6.2.2-ce | /home/admin/overleaf-toolkit | sharelatex | sharelatex/sharelatex | 6.2.2"
                        + " | 6.2.3 | /home/admin/overleaf-toolkit/config | cat /home/admin/overleaf-toolkit/config/version",
            })
    void aGoodReleaseUpgradesAndRollbackByHandGivesBackTheOldOneWithItsData(
            String deployment,
            String app,
            String service,
            String image,
            String from,
            String to,
            String versionFolder,
            String versionSpot)
            throws Exception {
        String seed = app + "/lib/config-seed/version";
        boolean toolkit = deployment.startsWith("overleaf-toolkit");
        if (toolkit) {
            testbed.exec("srv-a", "sh", "-c", "cp -p " + seed + " /root/config-seed-version && echo 6.2.4 > " + seed)
                    .orThrow();
        }
        try {
            List<String> before = fingerprint(deployment);
            assertTrue(spot(versionSpot).endsWith(from), spot(versionSpot));

            BackupCommandIT.Run r = lifeboat(upgrade(app, "--to", to));
            assertEquals(0, r.exit(), r.err() + r.out());
            assertTrue(r.out().contains(" upgraded from " + from + " to " + to + "."), r.out());
            assertTrue(r.out().contains("[rehearsal:upgraded-health] done"), "the copy came up with " + to + " first");
            assertNoCopyLeft(deployment);
            assertTrue(spot(versionSpot).endsWith(to), "the version is written where it is kept: " + spot(versionSpot));
            assertEquals(image + ":" + to + " running", runningImage(app, service));
            List<String> after = fingerprint(deployment);
            assertTrue(
                    after.stream().anyMatch(l -> l.contains("." + SCHEMA_TABLE + " ")),
                    "the new release migrated the database as it started: " + after);
            assertEquals(userData(before, versionFolder), userData(after, versionFolder), "the users' data");

            BackupCommandIT.Run back = lifeboat(upgrade(app, "--rollback"));
            assertEquals(0, back.exit(), back.err() + back.out());
            assertTrue(back.out().contains("Rolled back"), back.out());
            assertTrue(spot(versionSpot).endsWith(from), spot(versionSpot));
            assertEquals(image + ":" + from + " running", runningImage(app, service));
            assertEquals(before, fingerprint(deployment), "as before the upgrade, database and files");
        } finally {
            if (toolkit) {
                testbed.exec("srv-a", "sh", "-c", "cp -p /root/config-seed-version " + seed)
                        .orThrow();
            }
        }
    }

    /** The release whose migration fails half-way, on Papermerge and the Overleaf Toolkit (SeaTable's: the window). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "papermerge-3.6-standard-compose | /opt/papermerge | papermerge | papermerge/papermerge | 3.6.0a16"
                        + " | 3.6.1 | grep 'image: papermerge/' /opt/papermerge/docker-compose.yml",
                "overleaf-toolkit-6.2.2-ce | /home/admin/overleaf-toolkit | sharelatex | sharelatex/sharelatex | 6.2.2"
                        + " | 6.2.4 | cat /home/admin/overleaf-toolkit/config/version",
            })
    void aReleaseWhoseMigrationFailsStopsInTheRehearsalAndTheLiveSiteIsNotUpgraded(
            String deployment, String app, String service, String image, String from, String broken, String versionSpot)
            throws Exception {
        String seed = app + "/lib/config-seed/version";
        boolean toolkit = deployment.startsWith("overleaf-toolkit");
        if (toolkit) {
            testbed.exec("srv-a", "sh", "-c", "cp -p " + seed + " /root/config-seed-version && echo 6.2.4 > " + seed)
                    .orThrow();
        }
        try {
            List<String> before = fingerprint(deployment);
            String spotBefore = spot(versionSpot);
            BackupCommandIT.Run r = lifeboat(upgrade(app, "--to", broken));
            assertEquals(ExitCodes.REFUSED_BY_PREFLIGHT, r.exit(), r.err() + r.out());
            assertTrue(r.err().contains("The rehearsal of " + broken + " on a copy failed"), r.err());
            assertTrue(
                    r.err().contains("Its last words (" + service + ")"),
                    "the failed start's own words are told: " + r.err());
            assertTrue(r.out().contains("FAILED half-way"), "its last lines are in the run's log: " + r.out());
            assertTrue(r.err().contains("still runs " + from), r.err());
            assertFalse(r.out().contains("[live:"), "nothing of the live part ran");
            assertNoCopyLeft(deployment);
            assertEquals(spotBefore, spot(versionSpot), "the version where it is kept is untouched");
            assertEquals(image + ":" + from + " running", runningImage(app, service));
            assertEquals(before, fingerprint(deployment));
        } finally {
            if (toolkit) {
                testbed.exec("srv-a", "sh", "-c", "cp -p /root/config-seed-version " + seed)
                        .orThrow();
            }
        }
    }

    /**
     * A release that passes the rehearsal but fails live: at the fault point after the version is written, the
     * server's tag of the good release is pointed at the failing one (as a registry that moved a tag would), so the
     * live start migrates half-way and dies. Lifeboat goes back by itself: the previous files and the snapshot it took
     * with the site stopped. Run out of process, as the fault matrix runs it (the fault point is read from the
     * environment). Papermerge, whose failing container exits, and the Overleaf Toolkit, whose service has {@code
     * restart: always}, so that its failing release is never "exited", only restarted by Docker again and again (the
     * health check names the crash loop). SeaTable's failing service is a crash loop the same way, and where it keeps
     * its version is tested by its upgrade, its failed rehearsal and its rollback in the window ({@code
     * UpgradeWizardIT}): its row here tested no other path and was the longest of the test command (100 s).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "papermerge-3.6-standard-compose | /opt/papermerge | papermerge | papermerge/papermerge | 3.6.0a16"
                        + " | 3.6.0 | 3.6.1 | grep 'image: papermerge/' /opt/papermerge/docker-compose.yml",
                "overleaf-toolkit-6.2.2-ce | /home/admin/overleaf-toolkit | sharelatex | sharelatex/sharelatex | 6.2.2"
                        + " | 6.2.3 | 6.2.4 | cat /home/admin/overleaf-toolkit/config/version",
            })
    void aLiveFailureRollsBackByItselfToTheSnapshotsSite(
            String deployment,
            String app,
            String service,
            String image,
            String from,
            String to,
            String broken,
            String versionSpot)
            throws Exception {
        String seed = app + "/lib/config-seed/version";
        boolean toolkit = deployment.startsWith("overleaf-toolkit");
        if (toolkit) {
            testbed.exec("srv-a", "sh", "-c", "cp -p " + seed + " /root/config-seed-version && echo 6.2.4 > " + seed)
                    .orThrow();
        }
        List<String> before = fingerprint(deployment);
        String spotBefore = spot(versionSpot);
        String good = testbed.exec("srv-a", "docker", "image", "inspect", "-f", "{{.Id}}", image + ":" + to)
                .orThrow()
                .stdout()
                .strip();
        Path hand = dir.resolve("fault");
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "lifeboat.jar").toAbsolutePath().toString()));
        cmd.addAll(upgrade(app, "--to", to));
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
            testbed.exec("srv-a", "docker", "tag", image + ":" + broken, image + ":" + to)
                    .orThrow();
            Files.writeString(hand.resolve("go"), "");
            assertTrue(p.waitFor(8, TimeUnit.MINUTES), "the run ended");
        } finally {
            p.destroyForcibly();
            testbed.exec("srv-a", "docker", "tag", good, image + ":" + to).orThrow();
            if (toolkit) {
                testbed.exec("srv-a", "sh", "-c", "cp -p /root/config-seed-version " + seed)
                        .orThrow();
            }
        }
        String out = read(dir.resolve("out.txt"));
        String err = read(dir.resolve("err.txt"));
        assertEquals(ExitCodes.FAILED, p.exitValue(), err + out);
        assertTrue(out.contains("[live:health] FAILED"), out);
        assertTrue(out.contains("[rollback:compare] done"), "the way back ran and compared: " + out);
        assertTrue(err.contains("Lifeboat rolled back: "), err);
        assertTrue(err.contains(" runs " + from + " again"), err);
        assertEquals(spotBefore, spot(versionSpot), "the previous version is written back where it is kept");
        assertEquals(image + ":" + from + " running", runningImage(app, service));
        assertEquals(before, fingerprint(deployment), "the site is the snapshot's: the half-migrated database is gone");
    }

    private static String read(Path f) throws Exception {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }
}
