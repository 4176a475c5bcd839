package dev.lifeboat.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.notify.LocalHttpServer;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.schedule.RunHistory;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import dev.lifeboat.engine.schedule.SchedulerKind;
import dev.lifeboat.engine.store.SnapshotStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled run as a timer fires it, on this computer without a testbed: its server cannot be reached (a port
 * nobody listens on), and the failure reaches a real SMTP server, a ping URL and ntfy on local servers, while a
 * channel that refuses connections becomes a warning in the record and in the status. Secrets stay out of records,
 * logs and messages.
 */
class UnattendedTest {
    private static final String SMTP_PASSWORD = "Smtp-pa55-x1";
    private static final String NTFY_TOKEN = "tk_secret_token_42";

    @TempDir
    Path home;

    Lifeboat lifeboat;
    Unattended unattended;
    int closedPort;

    @BeforeEach
    void aUserWithAProfileOfAServerThatIsNotThere() throws Exception {
        AppDirs dirs = new AppDirs(home.resolve("config"), home.resolve("state"), home.resolve("snapshots"));
        lifeboat = new Lifeboat(
                dirs,
                new SnapshotStore(dirs.snapshots()),
                SshOptions.defaults()
                        .withKnownHostsFile(home.resolve("known_hosts"))
                        .withSshConfigFile(null)
                        .withConnectTimeout(Duration.ofSeconds(5)));
        unattended =
                lifeboat.unattended(Map.of("PATH", System.getenv("PATH")), home, home.resolve("creds"), Duration.ZERO);
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        lifeboat.profiles()
                .save(new ConnectionProfile(
                        "srv-a",
                        "127.0.0.1",
                        closedPort,
                        "root",
                        AuthMethod.KEY_FILE,
                        home.resolve("k").toString()));
    }

    Schedule schedule(List<String> channels) throws Exception {
        LocalTools.require("ssh-keygen", "openssh-client");
        Unattended.Key key = unattended.profileKey("srv-a");
        return new Schedule(
                "srv-a",
                "srv-a",
                "/opt/papermerge",
                "daily 03:00",
                "weekly Sun 04:00",
                null,
                channels,
                SchedulerKind.SYSTEMD_USER,
                key.file().toString(),
                null,
                "none",
                "2026-12-01T00:00:00Z",
                false);
    }

    @Test
    void anUnreachableServerFailsTheRunAndEveryChannelHearsWhatFailedAndWhatToDo() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        int refused;
        try (ServerSocket s = new ServerSocket(0)) {
            refused = s.getLocalPort();
        }
        try (LocalHttpServer http = new LocalHttpServer()) {
            mail.setUser("backup@example.org", "backup", SMTP_PASSWORD);
            unattended.addChannel(
                    new Channel(
                            "mail",
                            Channel.Type.EMAIL,
                            false,
                            null,
                            "127.0.0.1",
                            mail.getSmtp().getPort(),
                            "none",
                            "backup",
                            "backup@example.org",
                            List.of("admin@example.org"),
                            null,
                            null,
                            null,
                            null),
                    SMTP_PASSWORD.toCharArray());
            unattended.addChannel(
                    new Channel(
                            "hc",
                            Channel.Type.HEALTHCHECKS,
                            false,
                            http.url("/ping/uuid-1"),
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
                            "phone",
                            Channel.Type.NTFY,
                            false,
                            http.url("/alerts"),
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
                    NTFY_TOKEN.toCharArray());
            unattended.addChannel(
                    new Channel(
                            "down",
                            Channel.Type.HEALTHCHECKS,
                            false,
                            "http://127.0.0.1:" + refused + "/ping/x",
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
            Schedule s = schedule(List.of("mail", "hc", "phone", "down"));
            unattended.schedules().save(s);

            RunRecord r = unattended.run("srv-a", Schedule.Kind.BACKUP, ProgressListener.NONE, CancelToken.NONE);

            assertEquals(RunRecord.Outcome.FAILED, r.outcome(), r.toString());
            assertTrue(r.siteUp().startsWith("unknown"), r.siteUp());
            assertEquals(2, r.notifyWarnings().size(), "its start ping and its fail ping: " + r.notifyWarnings());
            assertTrue(
                    r.notifyWarnings().get(0).startsWith("at the start: down (healthchecks) could not be told"),
                    r.notifyWarnings().toString());
            assertTrue(
                    r.notifyWarnings().get(1).startsWith("down (healthchecks) could not be told"),
                    r.notifyWarnings().toString());

            assertTrue(mail.waitForIncomingEmail(1));
            String body = GreenMailUtil.getBody(mail.getReceivedMessages()[0]);
            assertEquals("Lifeboat: the backup of srv-a FAILED", mail.getReceivedMessages()[0].getSubject());
            assertTrue(body.contains("What failed: "), body);
            assertTrue(body.contains("Site: unknown"), body);
            assertTrue(body.contains("What to do: Check that the server is on"), body);

            List<String> paths =
                    http.requests().stream().map(LocalHttpServer.Request::path).toList();
            assertTrue(paths.contains("/ping/uuid-1/start") && paths.contains("/ping/uuid-1/fail"), paths.toString());
            assertTrue(paths.indexOf("/ping/uuid-1/start") < paths.indexOf("/ping/uuid-1/fail"), paths.toString());
            LocalHttpServer.Request ntfy = http.requests().stream()
                    .filter(q -> q.path().equals("/alerts"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("Bearer " + NTFY_TOKEN, ntfy.header("Authorization"));

            List<ScheduleStatus> status = unattended.status();
            assertEquals("failed", status.get(0).state());
            assertEquals(
                    r.notifyWarnings().stream().map(w -> "backup: " + w).toList(),
                    status.get(0).notifyWarnings());

            // No secret in what Lifeboat keeps or sends.
            RunHistory h = unattended.history("srv-a");
            String kept = Files.readString(h.dir().resolve("runs.json"))
                    + Files.readString(h.log(Schedule.Kind.BACKUP))
                    + Files.readString(home.resolve("config/notify.json"))
                    + Files.readString(home.resolve("config/schedules.json"));
            for (String secret : List.of(SMTP_PASSWORD, NTFY_TOKEN)) {
                assertFalse(kept.contains(secret), "no secret in the records, the log or the config");
                assertFalse(GreenMailUtil.getWholeMessage(mail.getReceivedMessages()[0])
                        .contains(secret));
                http.requests().forEach(q -> assertFalse(q.body().contains(secret)));
            }
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("config/notify.json"))));
        } finally {
            mail.stop();
        }
    }

    @Test
    void aRunThatFindsThePreviousOneStillRunningIsSkippedAndSaysSo() throws Exception {
        unattended.schedules().save(schedule(List.of()));
        RunHistory h = unattended.history("srv-a");
        try (RunHistory.RunLock held = h.tryLock("backup started 03:00 by process 4242", new StringBuilder())
                .orElseThrow()) {
            RunRecord r = unattended.run("srv-a", Schedule.Kind.DRILL, ProgressListener.NONE, CancelToken.NONE);
            assertEquals(RunRecord.Outcome.SKIPPED, r.outcome());
            assertTrue(r.message().contains("still running (backup started 03:00 by process 4242)"), r.message());
        }
        assertEquals(
                RunRecord.Outcome.SKIPPED,
                h.last(Schedule.Kind.DRILL).orElseThrow().outcome());
    }

    @Test
    void theProfilesKeyIsMadeOnceWithoutAPassphraseAndReadableByItsOwnerAlone() throws Exception {
        LocalTools.require("ssh-keygen", "openssh-client");
        Unattended.Key k = unattended.profileKey("Demo: srv-a");
        assertTrue(k.created());
        assertEquals("Demo__srv-a_ed25519", k.file().getFileName().toString());
        assertTrue(k.publicLine().startsWith("ssh-ed25519 "), k.publicLine());
        assertTrue(k.fingerprint().startsWith("SHA256:"), k.fingerprint());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k.file())));
        // No passphrase: ssh-keygen derives the public key from it without asking for one.
        ProcessBuilder pb =
                new ProcessBuilder("ssh-keygen", "-y", "-P", "", "-f", k.file().toString());
        Process p = pb.start();
        String pub = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        assertTrue(k.publicLine().startsWith(pub), pub);
        Unattended.Key again = unattended.profileKey("Demo: srv-a");
        assertFalse(again.created());
        assertEquals(k.publicLine(), again.publicLine());
    }

    @Test
    void aCrontabHasNoPlaceForALoginSecretAndASystemTimerKeepsItAsACredential() {
        assertTrue(unattended.secretPlace(SchedulerKind.CRON).isEmpty());
        assertTrue(unattended.secretPlace(SchedulerKind.SYSTEMD_USER).isEmpty(), "no session bus in this test");
        assertEquals(
                dev.lifeboat.engine.config.Secrets.Where.CREDENTIAL,
                unattended.secretPlace(SchedulerKind.SYSTEMD_SYSTEM).orElseThrow());
    }

    @Test
    void theWindowReadsACalendarAsItsSchedulerDoesWithItsNextRuns() throws Exception {
        LocalTools.require(dev.lifeboat.engine.schedule.SystemdCalendar.PROGRAM, "systemd");
        ScheduleService.CalendarReading timer =
                unattended.readCalendar("weekly Sun 04:00", SchedulerKind.SYSTEMD_USER, 3);
        assertEquals("OnCalendar=Sun *-*-* 04:00:00", timer.asRead());
        assertEquals(3, timer.next().size());
        assertTrue(
                timer.next().stream().allMatch(t -> t.getDayOfWeek() == java.time.DayOfWeek.SUNDAY && t.getHour() == 4),
                timer.next().toString());
        ScheduleService.CalendarReading cron = unattended.readCalendar("daily 03:00", SchedulerKind.CRON, 2);
        assertEquals("cron 0 3 * * *", cron.asRead());
        assertEquals(
                java.time.Duration.ofDays(1),
                java.time.Duration.between(cron.next().get(0), cron.next().get(1)));
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> unattended.readCalendar("Mon..Fri 02:30", SchedulerKind.CRON, 2));
        assertTrue(refused.getMessage().startsWith("cron reads only"), refused.getMessage());
        assertThrowsSystemdWords();
    }

    private void assertThrowsSystemdWords() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> unattended.readCalendar("every blue moon", SchedulerKind.SYSTEMD_USER, 2));
        assertTrue(refused.getMessage().contains("systemd does not read"), refused.getMessage());
    }
}
