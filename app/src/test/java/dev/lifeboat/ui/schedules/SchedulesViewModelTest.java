package dev.lifeboat.ui.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulesViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static SchedulesViewModel withThree() {
        FakeScheduleEngine e = new FakeScheduleEngine();
        e.aMonthOn(NOW);
        SchedulesViewModel vm = new SchedulesViewModel(ZoneOffset.UTC);
        vm.statusRead(e.status(), NOW);
        return vm;
    }

    @Test
    void theChosenScheduleStaysChosenWhenTheStatusIsReadAgainAndANewOneIsChosenOnceItIsThere() {
        FakeScheduleEngine e = new FakeScheduleEngine();
        e.aMonthOn(NOW);
        SchedulesViewModel vm = new SchedulesViewModel(ZoneOffset.UTC);
        vm.statusRead(e.status(), NOW);
        assertEquals("srv-a-papermerge", vm.selectedProperty().get().name(), "the first, when none was chosen");
        vm.select("lab-overleaf");
        vm.statusRead(e.status(), NOW);
        assertEquals("lab-overleaf", vm.selectedProperty().get().name());
        assertEquals("Last runs of lab-overleaf", vm.chartTitleProperty().get());

        vm.select("new-one"); // saved a moment ago: not read yet
        assertEquals("lab-overleaf", vm.selectedProperty().get().name());
        e.install(FakeScheduleEngine.schedule("new-one", "srv-b", "/opt/x", false), null);
        vm.statusRead(e.status(), NOW);
        assertEquals("new-one", vm.selectedProperty().get().name());
        assertEquals(
                List.of("ok", "failed", "paused", "waiting"),
                vm.glance(NOW).stream().map(g -> g.tone()).toList());
    }

    @Test
    void whileARunOfTheChosenScheduleIsUnderWayItsButtonsAreOffAndItsEndIsSaid() {
        SchedulesViewModel vm = withThree();
        assertTrue(vm.canActProperty().get());
        assertTrue(vm.canDrillProperty().get());
        assertEquals("Pause", vm.pauseLabelProperty().get());
        vm.runStarted("srv-a-papermerge", Schedule.Kind.BACKUP);
        assertFalse(vm.canActProperty().get());
        assertFalse(vm.canDrillProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Running the backup of srv-a-papermerge now"));
        vm.runEnded(
                "srv-a-papermerge",
                FakeScheduleEngine.backup("srv-a-papermerge", NOW, 0, RunRecord.Outcome.FAILED, 0, 0));
        assertTrue(vm.canActProperty().get());
        assertTrue(vm.messageBadProperty().get());
        assertEquals(
                "The backup of srv-a-papermerge FAILED: Could not reach 10.200.100.10:22: connection timed out (site:"
                        + " unknown)",
                vm.messageProperty().get());
        vm.select("team-seatable");
        assertEquals("Resume", vm.pauseLabelProperty().get());
    }

    @Test
    void theChartIsOnlyEverTheChosenSchedulesAndARemovedScheduleLeavesTheList() {
        SchedulesViewModel vm = withThree();
        FakeScheduleEngine e = new FakeScheduleEngine();
        e.aMonthOn(NOW);
        vm.runsRead("lab-overleaf", e.runs("lab-overleaf")); // late: another schedule is chosen
        assertNull(vm.chartProperty().get());
        vm.runsRead("srv-a-papermerge", e.runs("srv-a-papermerge"));
        assertEquals(14, vm.chartProperty().get().bars().size());
        vm.select("lab-overleaf");
        assertNull(vm.chartProperty().get(), "another schedule's chart is not shown under this one's title");
        vm.removed("lab-overleaf");
        assertEquals(2, vm.rows().size());
        assertEquals("srv-a-papermerge", vm.selectedProperty().get().name());
        assertEquals(
                "Removed the schedule lab-overleaf; its snapshots stay in the store.",
                vm.messageProperty().get());
    }
}
