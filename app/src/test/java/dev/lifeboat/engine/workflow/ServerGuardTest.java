package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which lock holder is a run that died on this computer, so that its guard may be fired at once. */
class ServerGuardTest {
    private static final Instant SINCE = Instant.parse("2026-12-07T15:40:12.123456Z");
    private static final String HOLDER =
            "lifeboat 0.1.0 restore, pid 4242 on laptop (machine 0a1b2c3d4e5f) since " + SINCE;

    @Test
    void aRunOfThisComputerWhoseProcessIsGoneDied() {
        assertTrue(ServerGuard.diedHere(HOLDER, "0a1b2c3d4e5f", (pid, since) -> false));
    }

    @Test
    void aRunWhoseProcessStillRunsIsAlive() {
        assertFalse(ServerGuard.diedHere(HOLDER, "0a1b2c3d4e5f", (pid, since) -> pid == 4242 && since.equals(SINCE)));
    }

    @Test
    void aRunOfAnotherComputerIsNeverTakenForDeadEvenUnderTheSameHostName() {
        assertFalse(ServerGuard.diedHere(HOLDER, "ffffffffffff", (pid, since) -> false));
        assertFalse(ServerGuard.diedHere(HOLDER, "", (pid, since) -> false), "no machine id here: never");
    }

    @Test
    void anOwnerLineWithoutAMachineOrUnreadableIsNeverTakenForDead() {
        assertFalse(ServerGuard.diedHere(
                "lifeboat 0.1.0 backup, pid 4242 on laptop since " + SINCE, "0a1b2c3d4e5f", (p, s) -> false));
        assertFalse(ServerGuard.diedHere(
                "lifeboat 0.1.0 backup, pid 4242 on laptop (machine 0a1b2c3d4e5f) since yesterday",
                "0a1b2c3d4e5f",
                (p, s) -> false));
        assertFalse(ServerGuard.diedHere("", "0a1b2c3d4e5f", (p, s) -> false));
    }

    @Test
    void thisProcessIsAliveAndAProcessThatEndedIsNot() throws Exception {
        String machine = ServerGuard.machine();
        assertTrue(machine.isEmpty() || machine.matches("[0-9a-f]{12}"), machine);
        String mine = ServerGuard.owner("backup", Instant.now());
        assertTrue(mine.contains("pid " + ProcessHandle.current().pid() + " on "), mine);
        assertEquals(!machine.isEmpty(), mine.contains(" (machine " + machine + ") since "), mine);

        String alive = "lifeboat 0.1.0 backup, pid " + ProcessHandle.current().pid()
                + " on laptop (machine 0a1b2c3d4e5f) since " + Instant.now();
        assertFalse(ServerGuard.diedHere(alive, "0a1b2c3d4e5f", ServerGuard::ranSince), alive);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String dead = alive.replace("pid " + ProcessHandle.current().pid(), "pid " + gone.pid());
        assertTrue(ServerGuard.diedHere(dead, "0a1b2c3d4e5f", ServerGuard::ranSince), dead);
        String reused = alive.replace(
                " since " + alive.substring(alive.indexOf(" since ") + 7),
                " since " + Instant.now().minusSeconds(3600));
        assertTrue(
                ServerGuard.diedHere(reused, "0a1b2c3d4e5f", ServerGuard::ranSince),
                "a pid whose process started an hour after the run did is another process: " + reused);
    }
}
