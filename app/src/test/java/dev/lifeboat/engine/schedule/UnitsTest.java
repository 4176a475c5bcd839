package dev.lifeboat.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The unit files and crontab lines a schedule becomes. */
class UnitsTest {
    static Schedule schedule(SchedulerKind kind) {
        return new Schedule(
                "srv-a-papermerge",
                "Demo: srv-a",
                "/opt/papermerge",
                "daily 03:00",
                "weekly Sun 04:00",
                null,
                List.of("mail"),
                kind,
                "/home/alice/.config/lifeboat/keys/srv-a_ed25519",
                null,
                "none",
                "2026-12-06T10:00:00Z",
                false);
    }

    @Test
    void aTimerIsPersistentAndStartsItsOneshotServiceWhichRunsTheHeadlessCommand() {
        Schedule s = schedule(SchedulerKind.SYSTEMD_USER);
        String timer = Units.timer(s, Schedule.Kind.BACKUP, "*-*-* 03:00:00");
        assertTrue(timer.contains("\nOnCalendar=*-*-* 03:00:00\n"), timer);
        assertTrue(timer.contains("\nPersistent=true\n"), timer);
        assertTrue(timer.contains("\nUnit=lifeboat-srv-a-papermerge-backup.service\n"), timer);
        assertTrue(timer.contains("\nWantedBy=timers.target\n"), timer);

        String service = Units.service(s, Schedule.Kind.DRILL, new Launch(List.of("/usr/bin/lifeboat")), Map.of());
        assertTrue(service.contains("\nType=oneshot\n"), service);
        assertTrue(
                service.contains(
                        "\nExecStart=\"/usr/bin/lifeboat\" \"schedule\" \"run\" \"srv-a-papermerge\" \"--drill\"\n"),
                service);
        // The one variable is the locale (a service has none; Java needs UTF-8 for the servers' file names): never
        // a secret.
        assertEquals(
                List.of("Environment=LANG=C.UTF-8"),
                service.lines().filter(l -> l.startsWith("Environment")).toList(),
                service);
        assertFalse(service.contains("Credential"), "a user unit loads no credential: " + service);
    }

    @Test
    void aSystemUnitLoadsItsSecretsAsCredentialsAndNamesNoSecret() {
        String service = Units.service(
                schedule(SchedulerKind.SYSTEMD_SYSTEM),
                Schedule.Kind.BACKUP,
                new Launch(List.of("/usr/bin/lifeboat")),
                Map.of(
                        "schedule.x.sudo",
                        "LoadCredentialEncrypted=schedule.x.sudo:/etc/lifeboat/credentials/schedule.x.sudo.cred"));
        assertTrue(
                service.contains("\nLoadCredentialEncrypted=schedule.x.sudo:/etc/lifeboat/credentials/"
                        + "schedule.x.sudo.cred\n"),
                service);
        assertTrue(service.contains("\nAfter=network-online.target\n"), service);
    }

    @Test
    void execStartQuotesSystemdsSpecialCharacters() {
        assertEquals(
                "\"/opt/my apps/java\" \"-jar\" \"/x/50%/a\\\"b$c.jar\"",
                Units.execLine(List.of("/opt/my apps/java", "-jar", "/x/50%/a\"b$c.jar"))
                        .replace("%%", "%")
                        .replace("$$", "$"));
        assertEquals("\"100%%\" \"$$HOME\"", Units.execLine(List.of("100%", "$HOME")));
    }

    @Test
    void aCrontabLineQuotesForTheShellEscapesPercentAndEndsWithItsMarker() {
        String line = Units.cronLine(
                schedule(SchedulerKind.CRON),
                Schedule.Kind.BACKUP,
                "0 3 * * *",
                new Launch(List.of("/usr/lib/jvm/java 17/bin/java", "-jar", "/home/alice/50%/lifeboat.jar")),
                "/home/alice/.local/state/lifeboat/schedules/srv-a-papermerge-backup.log");
        assertEquals(
                "0 3 * * * LANG=C.UTF-8 '/usr/lib/jvm/java 17/bin/java' -jar '/home/alice/50\\%/lifeboat.jar' schedule run"
                        + " srv-a-papermerge --backup >>/home/alice/.local/state/lifeboat/schedules/srv-a-papermerge-backup.log"
                        + " 2>&1 # lifeboat-schedule srv-a-papermerge backup",
                line);
    }

    @Test
    void aScheduleNameMustNameAUnit() {
        for (String bad : List.of("", "a b", "../x", "-x", "x;y", "é")) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Schedule.checkName(bad), bad);
        }
        assertEquals("srv-a.papermerge_1", Schedule.checkName("srv-a.papermerge_1"));
    }
}
