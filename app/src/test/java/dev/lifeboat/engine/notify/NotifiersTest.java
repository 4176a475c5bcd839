package dev.lifeboat.engine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.Secrets;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifiers against real servers on this computer: GreenMail (a real SMTP server) for the e-mail, the JDK's HTTP
 * server for the ping URL and ntfy; a port nobody listens on for a channel that cannot be reached.
 */
class NotifiersTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String TOKEN = "tk_ntfy_0123456789";

    @TempDir
    Path config;

    static Notice failure() {
        return new Notice(
                Notice.Event.FAILURE,
                "Papermerge in /opt/papermerge on root@srv-a",
                "Lifeboat: the backup of srv-a FAILED",
                "Application: Papermerge in /opt/papermerge on root@srv-a\nWhat failed: the dump of postgres-pmdb"
                        + " was refused\nSite: up (its 3 containers run)\nWhat to do: read the run's log",
                List.of("[dump:postgres-pmdb] Dump postgres-pmdb", "[dump:postgres-pmdb] failed: permission denied"));
    }

    Dispatch dispatch() {
        return new Dispatch(new Secrets(config, config.resolve("credentials"), Map.of()), Map.of(), Duration.ZERO);
    }

    @Test
    void aFailureMailReachesARealSmtpServerWithTheLoginAndSaysWhatFailedTheSiteAndWhatToDo() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            mail.setUser("backup@example.org", "backup", PASSWORD);
            Channel c = new Channel(
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
                    null);
            new MailNotifier(c, PASSWORD.toCharArray()).send(failure());

            assertTrue(mail.waitForIncomingEmail(1), "the server received a mail");
            MimeMessage m = mail.getReceivedMessages()[0];
            assertEquals("Lifeboat: the backup of srv-a FAILED", m.getSubject());
            assertEquals("admin@example.org", m.getAllRecipients()[0].toString());
            String body = GreenMailUtil.getBody(m);
            assertTrue(body.contains("What failed: the dump of postgres-pmdb was refused"), body);
            assertTrue(body.contains("Site: up"), body);
            assertTrue(body.contains("What to do:"), body);
            assertTrue(body.contains("permission denied"), "the run's last log lines: " + body);
            assertFalse(GreenMailUtil.getWholeMessage(m).contains(PASSWORD), "no password in the message");
        } finally {
            mail.stop();
        }
    }

    @Test
    void aWrongSmtpPasswordIsAnErrorThatNamesTheServerButNotThePassword() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            mail.setUser("backup@example.org", "backup", PASSWORD);
            mail.getManagers().getUserManager().setAuthRequired(true);
            Channel c = new Channel(
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
                    null);
            EngineException e = assertThrows(
                    EngineException.class, () -> new MailNotifier(c, "wrong".toCharArray()).send(failure()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + mail.getSmtp().getPort()), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), e.getMessage());
            assertEquals(0, mail.getReceivedMessages().length);
        } finally {
            mail.stop();
        }
    }

    @Test
    void starttlsIsRequiredNotMerelyTried() {
        // GreenMail's plain SMTP offers no STARTTLS: a channel that asks for it must not send in the clear.
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            Channel c = new Channel(
                    "mail",
                    Channel.Type.EMAIL,
                    false,
                    null,
                    "127.0.0.1",
                    mail.getSmtp().getPort(),
                    "starttls",
                    null,
                    "backup@example.org",
                    List.of("admin@example.org"),
                    null,
                    null,
                    null,
                    null);
            EngineException e = assertThrows(EngineException.class, () -> new MailNotifier(c, null).send(failure()));
            assertTrue(e.getMessage().toLowerCase().contains("starttls"), e.getMessage());
            assertEquals(0, mail.getReceivedMessages().length, "nothing was sent in the clear");
        } finally {
            mail.stop();
        }
    }

    @Test
    void thePingUrlHearsStartThenSuccessOrFailWithTheLastLogLines() throws Exception {
        try (LocalHttpServer hc = new LocalHttpServer()) {
            Notifier n = new HealthchecksNotifier(hc.url("/ping/6f1c-uuid"));
            n.send(new Notice(Notice.Event.START, "srv-a", "Lifeboat backup of srv-a started", "", List.of()));
            n.send(new Notice(
                    Notice.Event.SUCCESS,
                    "srv-a",
                    "Lifeboat: backup of srv-a done",
                    "Size: 5.1 MB",
                    List.of("[retention] done")));
            n.send(failure());

            List<LocalHttpServer.Request> r = hc.requests();
            assertEquals(
                    List.of("/ping/6f1c-uuid/start", "/ping/6f1c-uuid", "/ping/6f1c-uuid/fail"),
                    r.stream().map(LocalHttpServer.Request::path).toList());
            assertTrue(
                    r.get(1).body().contains("Size: 5.1 MB") && r.get(1).body().contains("[retention] done"),
                    r.get(1).body());
            assertTrue(r.get(2).body().contains("What failed:"), r.get(2).body());
            assertTrue(
                    r.get(2).body().contains("failed: permission denied"),
                    "the last log lines: " + r.get(2).body());
        }
    }

    @Test
    void ntfyGetsTitlePriorityTagsAndTheTokenAsABearerHeader() throws Exception {
        try (LocalHttpServer ntfy = new LocalHttpServer()) {
            new NtfyNotifier(ntfy.url("/lifeboat-alerts"), null, List.of("backup"), TOKEN.toCharArray())
                    .send(failure());
            new NtfyNotifier(ntfy.url("/lifeboat-alerts"), "5", List.of(), null)
                    .send(new Notice(Notice.Event.SUCCESS, "srv-a", "Lifeboat: backup of srv-a done", "ok", List.of()));

            LocalHttpServer.Request bad = ntfy.requests().get(0);
            assertEquals("POST", bad.method());
            assertEquals("/lifeboat-alerts", bad.path());
            assertEquals("Lifeboat: the backup of srv-a FAILED", bad.header("Title"));
            assertEquals("high", bad.header("Priority"));
            assertEquals("backup,rotating_light", bad.header("Tags"));
            assertEquals("Bearer " + TOKEN, bad.header("Authorization"));
            assertTrue(bad.body().contains("What to do:"), bad.body());
            assertFalse(bad.body().contains(TOKEN));

            LocalHttpServer.Request good = ntfy.requests().get(1);
            assertEquals("default", good.header("Priority"), "a success is not urgent, whatever a failure's is");
            assertEquals("white_check_mark", good.header("Tags"));
            assertNull(good.header("Authorization"));
        }
    }

    @Test
    void aChannelThatRefusesConnectionsIsTriedThreeTimesThenBecomesAWarningNotAnError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free again once closed: nobody listens there
        }
        Channel refusing = new Channel(
                "hc",
                Channel.Type.HEALTHCHECKS,
                false,
                "http://127.0.0.1:" + closed + "/ping/uuid",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        try (LocalHttpServer ntfy = new LocalHttpServer()) {
            Channel working = new Channel(
                    "phone",
                    Channel.Type.NTFY,
                    false,
                    ntfy.url("/t"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            List<String> warnings = dispatch().tell(List.of(refusing, working), failure());

            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(
                    warnings.get(0)
                            .startsWith("hc (healthchecks) could not be told: http://127.0.0.1:" + closed
                                    + "/… could not be reached"),
                    warnings.get(0));
            assertFalse(warnings.get(0).contains("uuid"), "the ping URL's secret path is not shown");
            assertEquals(1, ntfy.requests().size(), "the other channel was told all the same");
        }
    }

    @Test
    void failuresAreToldEverywhereSuccessesOnlyWhereAskedAndThePingUrlHearsEverything() {
        Channel quiet = new Channel(
                "d", Channel.Type.DESKTOP, false, null, null, null, null, null, null, null, null, null, null, null);
        Channel chatty = new Channel(
                "d2", Channel.Type.NTFY, true, "http://x", null, null, null, null, null, null, null, null, null, null);
        Channel ping = new Channel(
                "hc",
                Channel.Type.HEALTHCHECKS,
                false,
                "http://x",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertTrue(quiet.wants(Notice.Event.FAILURE) && quiet.wants(Notice.Event.DRILL_FAILED));
        assertFalse(quiet.wants(Notice.Event.SUCCESS));
        assertFalse(quiet.wants(Notice.Event.START));
        assertTrue(chatty.wants(Notice.Event.SUCCESS));
        assertFalse(chatty.wants(Notice.Event.START));
        assertTrue(ping.wants(Notice.Event.START) && ping.wants(Notice.Event.SUCCESS));
    }

    @Test
    void aChannelWhoseSecretIsGoneSaysSoInsteadOfSendingWithout() {
        Channel c = new Channel(
                "phone",
                Channel.Type.NTFY,
                false,
                "http://127.0.0.1:9/t",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Channel.secretId("phone"),
                null);
        EngineException e = assertThrows(EngineException.class, () -> dispatch().notifier(c));
        assertTrue(e.getMessage().contains("not in the secret store"), e.getMessage());
    }

    @Test
    void aPingUrlIsShownWithoutItsPath() {
        assertEquals("https://hc-ping.com/…", Dispatch.maskUrl("https://hc-ping.com/6f1c2c1e-aaaa-bbbb"));
        assertEquals("http://127.0.0.1:8080/…", Dispatch.maskUrl("http://127.0.0.1:8080/ping/x"));
        assertEquals("https://ntfy.sh", Dispatch.maskUrl("https://ntfy.sh/"));
        assertNotNull(Dispatch.maskUrl("not a url at all"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
