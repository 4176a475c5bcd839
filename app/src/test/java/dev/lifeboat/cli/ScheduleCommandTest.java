package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.LocalTools;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.store.SnapshotStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code schedule}, {@code status} and {@code notify}: what they refuse before anything is contacted or saved. */
class ScheduleCommandTest {
    @TempDir
    Path home;

    Lifeboat lifeboat;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void aUserWithTwoProfiles() throws Exception {
        AppDirs dirs = new AppDirs(home.resolve("config"), home.resolve("state"), home.resolve("snapshots"));
        lifeboat = new Lifeboat(dirs, new SnapshotStore(dirs.snapshots()), SshOptions.defaults());
        lifeboat.profiles().save(new ConnectionProfile("pw", "srv-a", 22, "admin", AuthMethod.PASSWORD, null));
        lifeboat.profiles().save(new ConnectionProfile("agent", "srv-a", 22, "admin", AuthMethod.AGENT, null));
    }

    Run lifeboat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(lifeboat);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aCalendarSystemdDoesNotReadIsAUsageErrorInSystemdsWords() {
        LocalTools.require("systemd-analyze", "systemd");
        Run r = lifeboat("schedule", "add", "pw", "--backup", "every night", "--scheduler", "systemd-user");
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--backup \"every night\": systemd does not read \"every night\""), r.err());
    }

    @Test
    void cronTakesOnlyTheShortForms() {
        Run r = lifeboat("schedule", "add", "pw", "--backup", "Mon..Fri *-*-* 02:30", "--scheduler", "cron");
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cron reads only"), r.err());
    }

    @Test
    void theNextRunsAreShownAndALoginThatCannotRunAloneIsRefusedWithWhatToDo() {
        LocalTools.require("systemd-analyze", "systemd");
        Run r = lifeboat(
                "schedule",
                "add",
                "agent",
                "--backup",
                "daily 03:00",
                "--drill",
                "weekly Sun 04:00",
                "--scheduler",
                "systemd-user");
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("backup: daily 03:00  (OnCalendar=*-*-* 03:00:00)"), r.out());
        assertTrue(r.out().contains("drill: weekly Sun 04:00  (OnCalendar=Sun *-*-* 04:00:00)"), r.out());
        assertTrue(r.out().lines().filter(l -> l.strip().startsWith("next: ")).count() == 2, r.out());
        assertTrue(r.err().contains("logs in with ssh agent, which a scheduled run cannot use"), r.err());
        assertTrue(r.err().contains("--install-key"), r.err());
        assertEquals(
                0,
                lifeboat("schedule", "list")
                        .out()
                        .lines()
                        .filter(l -> l.startsWith("agent"))
                        .count(),
                "nothing saved");
    }

    @Test
    void aChannelOrProfileThatDoesNotExistIsRefused() {
        Run r = lifeboat("schedule", "add", "pw", "--backup", "daily 03:00", "--notify", "nosuch");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("no channel nosuch"), r.err());
        Run p = lifeboat("schedule", "add", "nosuch", "--backup", "daily 03:00");
        assertEquals(ExitCodes.FAILED, p.exit(), p.err());
        assertTrue(p.err().contains("No saved profile nosuch (saved: agent, pw)"), p.err());
    }

    @Test
    void statusWithoutSchedulesIsAnEmptyListAndNotifyChannelsAreListedWithoutTheirSecrets() throws Exception {
        Run s = lifeboat("status", "--json");
        assertEquals(0, s.exit(), s.err());
        assertEquals(0, new ObjectMapper().readTree(s.out()).get("applications").size());

        Run bad = lifeboat(
                "notify", "add", "m", "--type", "email", "--smtp-host", "mail.example.org", "--from", "a@example.org");
        assertEquals(ExitCodes.USAGE, bad.exit());
        assertTrue(bad.err().contains("needs --to"), bad.err());

        Run add = lifeboat(
                "notify", "add", "hc", "--type", "healthchecks", "--url", "https://hc-ping.com/0f5c-secret-uuid");
        assertEquals(0, add.exit(), add.err());
        Run list = lifeboat("notify", "list");
        assertTrue(list.out().contains("hc  healthchecks  https://hc-ping.com/…; failures and successes"), list.out());
        assertTrue(!list.out().contains("secret-uuid"), list.out());
    }
}
