package dev.lifeboat.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A schedule's name when the admin gives none: the same in the window and on the command line. */
class ScheduleTest {
    @Test
    void theNameIsTheProfileAndTheApplicationsFolderInLowerCase() {
        assertEquals("srv-a-papermerge", Schedule.defaultName("srv-a", "/opt/papermerge"));
        assertEquals("lab-overleaf-toolkit", Schedule.defaultName("Lab", "/home/admin/overleaf-toolkit"));
        assertEquals("root-10.0.0.5-seatable", Schedule.defaultName("root@10.0.0.5", "/opt/seatable/"));
        assertEquals("srv-a-overleaf", Schedule.defaultName("srv-a", "overleaf"));
    }

    @Test
    void withoutAnApplicationOrWithARootFolderTheNameIsTheProfiles() {
        assertEquals("srv-a", Schedule.defaultName("srv-a", null));
        assertEquals("srv-a", Schedule.defaultName("srv-a", " "));
        assertEquals("srv-a", Schedule.defaultName("srv-a", "/"));
    }

    @Test
    void whatCannotNameAUnitBecomesADashAndTheNameIsCutAt64() {
        assertEquals("my-server-a.b_c", Schedule.defaultName("--My Server", "/srv/a.b_c-"));
        String n = Schedule.defaultName("p".repeat(70), null);
        assertEquals("p".repeat(64), n);
        assertEquals(n, Schedule.checkName(n));
    }
}
