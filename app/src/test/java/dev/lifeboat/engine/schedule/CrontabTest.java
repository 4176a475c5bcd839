package dev.lifeboat.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.LocalTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crontab path with the real {@code crontab} (Debian's cron), on the crontab of a user of its own (made here; the
 * tests run as root), so that nobody's real crontab is touched: Lifeboat's lines are added, replaced, paused and
 * removed, and every other line stays as it was.
 */
class CrontabTest {
    private static final String USER = "lifeboat-crontab-test";
    private static final String OTHER = "17 5 * * * /usr/local/bin/someone-elses-job --with %percent";
    private Crontab crontab;

    @TempDir
    Path logs;

    @BeforeEach
    void aUserWithACrontabOfTheirOwn() throws Exception {
        LocalTools.require("crontab", "cron");
        LocalTools.require("useradd", "passwd");
        LocalProgram.run(
                List.of("sh", "-c", "id -u " + USER + " >/dev/null 2>&1 || useradd -M -s /bin/sh " + USER), "passwd");
        crontab = new Crontab(List.of("crontab", "-u", USER), logs);
        LocalProgram.run(List.of("crontab", "-u", USER, "-r"), "cron"); // none yet: fails quietly when there is none
        LocalProgram.Result r = LocalProgram.run(
                List.of("crontab", "-u", USER, "-"),
                (OTHER + "\n").getBytes(),
                Map.of(),
                java.time.Duration.ofSeconds(30),
                "cron");
        assertTrue(r.ok(), r.said());
    }

    @AfterEach
    void removeIt() throws Exception {
        LocalProgram.run(List.of("crontab", "-u", USER, "-r"), "cron");
    }

    @Test
    void installsReplacesPausesAndRemovesOnlyItsOwnLines() throws Exception {
        Schedule s = UnitsTest.schedule(SchedulerKind.CRON);
        Launch launch = new Launch(List.of("/usr/bin/lifeboat"));
        crontab.install(s, launch, Map.of());
        List<String> lines = crontab.lines();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(OTHER, lines.get(0));
        assertEquals(
                "0 3 * * * LANG=C.UTF-8 /usr/bin/lifeboat schedule run srv-a-papermerge --backup >>" + logs
                        + "/srv-a-papermerge-backup.log 2>&1 # lifeboat-schedule srv-a-papermerge backup",
                lines.get(1));
        assertTrue(
                lines.get(2)
                        .startsWith("0 4 * * 0 LANG=C.UTF-8 /usr/bin/lifeboat schedule run srv-a-papermerge --drill"),
                lines.get(2));

        // A second install of the same name replaces its lines; another schedule's lines stay.
        Schedule other = new Schedule(
                "other", "p", null, "hourly", null, null, List.of(), SchedulerKind.CRON, "/k", null, null, null, false);
        crontab.install(other, launch, Map.of());
        crontab.install(s.withPaused(true), launch, Map.of());
        lines = crontab.lines();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(
                lines.stream().filter(l -> l.contains("srv-a-papermerge")).allMatch(l -> l.startsWith("#paused ")),
                lines.toString());
        assertTrue(lines.contains(OTHER));

        crontab.remove("srv-a-papermerge");
        lines = crontab.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(OTHER, lines.get(0));
        assertTrue(lines.get(1).endsWith("# lifeboat-schedule other backup"), lines.get(1));
    }

    @Test
    void anExpressionOnlySystemdReadsIsRefusedForCron() {
        Schedule s = new Schedule(
                "x",
                "p",
                null,
                "Mon..Fri *-*-* 02:30",
                null,
                null,
                List.of(),
                SchedulerKind.CRON,
                "/k",
                null,
                null,
                null,
                false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> crontab.install(s, new Launch(List.of("/usr/bin/lifeboat")), Map.of()));
        assertTrue(e.getMessage().contains("cron reads only"), e.getMessage());
    }
}
