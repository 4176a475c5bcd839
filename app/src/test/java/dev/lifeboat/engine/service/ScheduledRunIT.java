package dev.lifeboat.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.notify.LocalHttpServer;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled runs of srv-a's Papermerge as a timer fires them ({@code Unattended.run}, what {@code lifeboat schedule
 * run} calls), with a real SMTP server (GreenMail) and a ping URL on this machine: a green backup with a channel that
 * refuses connections, a drill that passes and records its result, and a failure of each kind that matters reaching
 * the mail and the ping URL: the server unreachable (sshd stopped), a dump refused, a drill that does not match, the
 * store full. The failure faults are the testbed's own ({@code testbed/fault}).
 */
@TestbedTest
class ScheduledRunIT {
    private static final String APP = "/opt/papermerge";
    private final Testbed testbed;

    @TempDir
    Path home;

    GreenMail mail;
    LocalHttpServer http;
    Unattended unattended;
    int refused;

    ScheduledRunIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @BeforeEach
    void aDesktopUserWithAScheduleOfSrvA() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        http = new LocalHttpServer();
        try (ServerSocket s = new ServerSocket(0)) {
            refused = s.getLocalPort();
        }
        unattended = lifeboat(home.resolve("store"))
                .unattended(Map.of("PATH", System.getenv("PATH")), home, home.resolve("creds"), Duration.ZERO);
        unattended.addChannel(
                new Channel(
                        "mail",
                        Channel.Type.EMAIL,
                        false,
                        null,
                        "127.0.0.1",
                        mail.getSmtp().getPort(),
                        "none",
                        null,
                        "backup@example.org",
                        List.of("admin@example.org"),
                        null,
                        null,
                        null,
                        null),
                null);
        unattended.addChannel(
                new Channel(
                        "hc",
                        Channel.Type.HEALTHCHECKS,
                        false,
                        http.url("/ping/srv-a"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                null);
        unattended.addChannel(
                new Channel(
                        "down",
                        Channel.Type.NTFY,
                        true,
                        "http://127.0.0.1:" + refused + "/t",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                null);
        save(home.resolve("store"));
    }

    Lifeboat lifeboat(Path store) {
        AppDirs dirs = new AppDirs(home.resolve("config"), home.resolve("state"), store);
        Path knownHosts = home.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            TestbedHosts.knownHosts(home);
        }
        return new Lifeboat(dirs, new SnapshotStore(store), TestbedHosts.options(knownHosts));
    }

    void save(Path store) throws Exception {
        Lifeboat lb = lifeboat(store);
        lb.profiles()
                .save(new ConnectionProfile(
                        "srv-a",
                        TestbedHosts.ip("srv-a"),
                        22,
                        "root",
                        AuthMethod.KEY_FILE,
                        TestbedHosts.keyFile("root").toString()));
        lb.unattended()
                .schedules()
                .save(new Schedule(
                        "srv-a-papermerge",
                        "srv-a",
                        APP,
                        "daily 03:00",
                        "weekly Sun 04:00",
                        null,
                        List.of("mail", "hc", "down"),
                        SchedulerKind.SYSTEMD_USER,
                        TestbedHosts.keyFile("root").toString(),
                        store.toString(),
                        "none",
                        "2026-12-01T00:00:00Z",
                        false));
    }

    @AfterEach
    void stop() {
        mail.stop();
        http.close();
    }

    RunRecord run(Schedule.Kind kind, ProgressListener listener) throws Exception {
        return unattended.run("srv-a-papermerge", kind, listener, new CancelToken());
    }

    MimeMessage onlyMail() throws Exception {
        assertTrue(mail.waitForIncomingEmail(1), "a mail came");
        MimeMessage[] all = mail.getReceivedMessages();
        assertEquals(1, all.length);
        return all[0];
    }

    boolean allRunning() {
        String out = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=papermerge",
                        "--format",
                        "{{.State}}")
                .orThrow()
                .stdout();
        return !out.isBlank() && out.lines().allMatch(l -> l.strip().equals("running"));
    }

    @Test
    void aGreenBackupWithARefusingChannelStaysGreenWithAWarningAndTheDrillRecordsItsResult() throws Exception {
        RunRecord r = run(Schedule.Kind.BACKUP, ProgressListener.NONE);
        assertEquals(RunRecord.Outcome.OK, r.outcome(), r.toString());
        Path snap = Path.of(r.snapshot());
        assertTrue(SnapshotStore.complete(snap));
        assertTrue(Verifier.verify(snap, b -> {}, new CancelToken()).ok(), "a complete, verified snapshot");
        assertTrue(r.downtimeMillis() > 0 && r.sizeBytes() > 0, r.toString());
        // Only a ping URL is told that a run starts; the refusing ntfy channel (success asked) is tried at the end.
        assertEquals(1, r.notifyWarnings().size(), "the refusing channel, at the end: " + r.notifyWarnings());
        assertTrue(
                r.notifyWarnings().get(0).startsWith("down (ntfy) could not be told"),
                r.notifyWarnings().get(0));
        assertEquals(
                List.of("/ping/srv-a/start", "/ping/srv-a"),
                http.requests().stream().map(LocalHttpServer.Request::path).toList());
        assertEquals(0, mail.getReceivedMessages().length, "the mail channel tells failures only");

        RunRecord d = run(Schedule.Kind.DRILL, ProgressListener.NONE);
        assertEquals(RunRecord.Outcome.OK, d.outcome(), d.toString());
        assertEquals(r.snapshot(), d.snapshot(), "the newest snapshot is drilled");
        DrillRecord rec = DrillRecord.read(snap).orElseThrow();
        assertTrue(rec.passed(), rec.toString());
        assertEquals(
                "ok",
                unattended.status().get(0).state(),
                unattended.status().get(0).problems().toString());
    }

    @Test
    void anUnreachableServerIsToldWithTheSiteUntouched() throws Exception {
        testbed.sshdStop("srv-a");
        RunRecord r;
        try {
            r = run(Schedule.Kind.BACKUP, ProgressListener.NONE);
        } finally {
            testbed.sshdStart("srv-a");
        }
        assertEquals(RunRecord.Outcome.FAILED, r.outcome(), r.toString());
        String body = GreenMailUtil.getBody(onlyMail());
        assertTrue(body.contains("What to do: Check that the server is on"), body);
        assertTrue(http.requests().stream().anyMatch(q -> q.path().equals("/ping/srv-a/fail")));
        assertTrue(allRunning());
    }

    @Test
    void aRefusedDumpIsToldWithTheSiteUpAgain() throws Exception {
        ProgressListener refuse = e -> {
            if (e instanceof WorkflowEvent.DowntimeStarted) {
                testbed.dbRefuseDumps("srv-a", "papermerge_postgres_1");
            }
        };
        RunRecord r;
        try {
            r = run(Schedule.Kind.BACKUP, refuse);
        } finally {
            testbed.dbAllowDumps("srv-a", "papermerge_postgres_1");
        }
        assertEquals(RunRecord.Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.siteUp().startsWith("up"), r.siteUp());
        String body = GreenMailUtil.getBody(onlyMail());
        assertTrue(body.contains("Site: up"), body);
        assertTrue(body.contains("A database dump failed"), body);
        assertTrue(allRunning());
    }

    @Test
    void aDrillThatDoesNotMatchIsToldAsNotPassed() throws Exception {
        RunRecord b = run(Schedule.Kind.BACKUP, ProgressListener.NONE);
        assertEquals(RunRecord.Outcome.OK, b.outcome(), b.toString());
        // The manifest's counts are what a drill compares with (they are not among the digests verify checks): one
        // more row than the database holds makes the restored copy differ.
        Path manifest = Path.of(b.snapshot()).resolve(SnapshotStore.MANIFEST);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
        ObjectNode counts = (ObjectNode) m.withArray("dumps").get(1).get("counts");
        String table = counts.fieldNames().next();
        counts.put(table, counts.get(table).asLong() + 1);
        json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), m);

        RunRecord d = run(Schedule.Kind.DRILL, ProgressListener.NONE);
        assertEquals(RunRecord.Outcome.FAILED, d.outcome(), d.toString());
        MimeMessage msg = onlyMail();
        assertEquals("Lifeboat: the drill of srv-a-papermerge did NOT pass", msg.getSubject());
        assertTrue(GreenMailUtil.getBody(msg).contains(table), GreenMailUtil.getBody(msg));
        assertFalse(DrillRecord.read(Path.of(b.snapshot())).orElseThrow().passed());
        assertEquals("failed", unattended.status().get(0).state());
    }

    @Test
    void aFullStoreIsToldWithWhatToFree() throws Exception {
        Path small = Files.createDirectories(home.resolve("small"));
        testbed.localStoreSmall(small, "80m");
        try {
            save(small);
            ProgressListener fill = e -> {
                if (e instanceof WorkflowEvent.DowntimeStarted) {
                    try (var out = Files.newOutputStream(small.resolve("filler"))) {
                        byte[] mb = new byte[1 << 20];
                        for (int i = 0; i < 200; i++) {
                            out.write(mb);
                        }
                    } catch (java.io.IOException full) {
                        // Full: what the test wants.
                    }
                }
            };
            RunRecord r = run(Schedule.Kind.BACKUP, fill);
            assertEquals(RunRecord.Outcome.FAILED, r.outcome(), r.toString());
            String body = GreenMailUtil.getBody(onlyMail());
            assertTrue(body.contains("is full"), body);
            assertTrue(allRunning(), "the site runs again");
        } finally {
            testbed.localStoreRelease(small);
        }
    }
}
