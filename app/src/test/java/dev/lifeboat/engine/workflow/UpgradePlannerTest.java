package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.probe.FakeProbe;
import dev.lifeboat.engine.remote.FakeShell;
import dev.lifeboat.engine.stacks.FileEdit;
import dev.lifeboat.engine.steps.PlannedStep;
import dev.lifeboat.engine.workflow.UpgradePlan.Phase;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade's plan over a fake server: its version change, its three phases, its windows and its way back. */
class UpgradePlannerTest {
    @TempDir
    Path store;

    private static List<String> ids(List<PlannedStep> steps) {
        return steps.stream().map(PlannedStep::id).toList();
    }

    private static PlannedStep step(UpgradePlan p, String id) {
        return p.steps().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in " + ids(p.steps())));
    }

    @Test
    void thePlanSaysTheVersionsWhereTheVersionIsKeptAndWhatIsPulledAndMigrated() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        assertEquals("1.4.2", p.current());
        assertEquals("1.5.0", p.target());
        assertEquals(
                "the image tag on line 3 in " + UpgradeFixture.COMPOSE_FILE + "; the image tag on line 7 in "
                        + UpgradeFixture.COMPOSE_FILE,
                p.change().keptIn());
        assertEquals(List.of("example/wiki:1.5.0"), p.change().pulls());
        FileEdit e = p.change().edits().get(0);
        assertEquals(UpgradeFixture.COMPOSE.replace("wiki:1.4.2", "wiki:1.5.0"), e.after());
        assertEquals(
                List.of(UpgradeFixture.DIR + "/db"),
                p.migrated().stream().map(Component::path).toList(),
                "the database, not the files");
        assertEquals("docker compose -p app -f " + UpgradeFixture.COMPOSE_FILE, p.compose());
        assertEquals("lifeboat-upgrade-app", p.copy().project());
        assertEquals("/var/tmp/lifeboat-drill/lifeboat-upgrade-app", p.copy().root());
    }

    @Test
    void thePhasesComeInOrderPullSnapshotRehearsalLiveEachStepOnce() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        List<String> all = ids(p.steps());
        assertEquals(new HashSet<>(all).size(), all.size(), "ids are unique: " + all);
        assertEquals("pull", all.get(0), "a version that does not exist stops before the snapshot");
        assertEquals(List.of("docker pull example/wiki:1.5.0"), step(p, "pull").commands());
        List<Phase> order = p.steps().stream().map(Phase::of).toList();
        assertEquals(order.stream().sorted().toList(), order, "prepare, then rehearsal, then live: " + order);
        List<String> rehearsal = ids(p.steps(Phase.REHEARSAL));
        assertTrue(
                rehearsal.containsAll(List.of(
                        "rehearsal:preflight",
                        "rehearsal:files",
                        "rehearsal:load",
                        "rehearsal:health",
                        "rehearsal:version",
                        "rehearsal:upgrade",
                        "rehearsal:upgraded-health",
                        "rehearsal:upgraded-compare",
                        "rehearsal:remove")),
                rehearsal.toString());
        assertTrue(
                rehearsal.indexOf("rehearsal:compare") < rehearsal.indexOf("rehearsal:version"),
                "the copy is checked as restored before it is upgraded");
        assertEquals("rehearsal:remove", rehearsal.get(rehearsal.size() - 1));
        List<String> live = ids(p.steps(Phase.LIVE));
        assertTrue(live.indexOf("live:final-sync") < live.indexOf("live:version"), "the way back is taken first");
        assertTrue(live.indexOf("live:manifest") < live.indexOf("live:version"), "and complete before any change");
        assertTrue(live.containsAll(List.of("live:leave-stopped", "live:start", "live:health", "live:compare")));
        assertTrue(all.contains("live:dump:db-wiki"), "the dumps' child steps are the live part's too");
    }

    @Test
    void theSiteIsDownForTheSnapshotAndFromTheLiveStopToTheLiveHealthCheckNeverForTheRehearsal() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        assertTrue(step(p, "stop").siteDown());
        assertFalse(step(p, "pull").siteDown(), "pulled while the site runs");
        assertFalse(step(p, "index").siteDown(), "the snapshot's window closed at its health check");
        assertTrue(p.steps(Phase.REHEARSAL).stream().noneMatch(PlannedStep::siteDown), "beside the live site");
        for (String id : List.of("live:stop", "live:final-sync", "live:version", "live:start", "live:health")) {
            assertTrue(step(p, id).siteDown(), id);
        }
        assertFalse(step(p, "live:pre-sync").siteDown());
        assertFalse(step(p, "live:compare").siteDown());
        assertEquals(List.of(p.compose() + " up -d"), step(p, "live:start").commands());
        assertEquals(
                List.of(
                        UpgradeFixture.COMPOSE_FILE + ": the image tag on line 3: 1.4.2 -> 1.5.0",
                        UpgradeFixture.COMPOSE_FILE + ": the image tag on line 7: 1.4.2 -> 1.5.0"),
                step(p, "live:version").commands());
        assertEquals(
                List.of(
                        p.copy().root() + UpgradeFixture.COMPOSE_FILE + ": the image tag on line 3: 1.4.2 -> 1.5.0",
                        p.copy().root() + UpgradeFixture.COMPOSE_FILE + ": the image tag on line 7: 1.4.2 -> 1.5.0"),
                step(p, "rehearsal:version").commands(),
                "the rehearsal writes the copy's files, never the live ones");
    }

    @Test
    void theWayBackPutsThePreviousFilesBackThenRestoresTheLiveSnapshotInPlace() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        List<String> back = ids(p.rollback());
        assertEquals("rollback:version", back.get(0));
        assertEquals(
                List.of("write " + UpgradeFixture.COMPOSE_FILE + " as it was"),
                p.rollback().get(0).commands());
        assertTrue(back.containsAll(List.of("rollback:stop", "rollback:load", "rollback:health")), back.toString());
    }

    @Test
    void theDowntimeIsTheSnapshotsThenTheLiveWindowPlusTheMigrationsWait() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        UpgradePlan.Downtime d = p.downtime();
        assertEquals(p.backup().estimate().downtimeSeconds(), d.snapshotSeconds());
        assertEquals(d.snapshotSeconds() + p.backup().stop().size() + 2.0, d.liveSeconds());
        assertEquals(180, d.migrationWaitSeconds(), "the generic health check's own timeout");
        assertTrue(d.basis().contains("migrations"), d.basis());
    }

    @Test
    void aRefusedTargetIsAPreflightRefusalBeforeTheServerIsAskedAnything() {
        FakeShell shell = UpgradeFixture.server();
        FakeProbe probe = UpgradeFixture.files();
        PreflightException e =
                assertThrows(PreflightException.class, () -> UpgradeFixture.plan(store, probe, shell, "1.4.2"));
        assertEquals(
                "Lifeboat will not upgrade Docker Compose project 1.4.2 in /opt/app to 1.4.2:\n"
                        + "  - Docker Compose project already runs 1.4.2 (" + "the image tag on line 3 in "
                        + UpgradeFixture.COMPOSE_FILE + "; the image tag on line 7 in " + UpgradeFixture.COMPOSE_FILE
                        + ").\nNothing was changed.",
                e.getMessage());
        assertEquals(List.of(), shell.ran(), "no docker command, no backup planning");
        assertTrue(probe.asked().contains(UpgradeFixture.COMPOSE_FILE));
    }

    @Test
    void anOlderTargetIsRefusedSayingHowToGoBack() {
        EngineException e = assertThrows(PreflightException.class, () -> UpgradeFixture.plan(store, "1.3.9"));
        assertTrue(e.getMessage().contains("restore a snapshot taken before the upgrade"), e.getMessage());
    }

    @Test
    void nothingOfThePlanRuns() throws Exception {
        FakeShell shell = UpgradeFixture.server();
        UpgradeFixture.plan(store, UpgradeFixture.files(), shell, "1.5.0");
        assertTrue(
                shell.ran().stream().noneMatch(c -> c.mutating()),
                "only reads: " + shell.ran().stream().filter(c -> c.mutating()).toList());
        Set<String> ran = new HashSet<>();
        shell.ran().forEach(c -> ran.add(String.join(" ", c.args())));
        assertTrue(ran.stream().noneMatch(c -> c.contains("docker pull") || c.contains(" up -d")), ran.toString());
    }
}
