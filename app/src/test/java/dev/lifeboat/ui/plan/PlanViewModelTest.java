package dev.lifeboat.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.ui.backup.FakeBackupEngine;
import org.junit.jupiter.api.Test;

class PlanViewModelTest {
    private final PlanViewModel vm = new PlanViewModel();

    @Test
    void aPlanIsShownInWords() {
        vm.planning(FakeBackupEngine.stack(), "root@srv-a");
        assertEquals(PlanViewModel.State.PLANNING, vm.stateProperty().get());
        assertFalse(vm.canStartProperty().get(), "nothing to start while planning");
        vm.show(FakeBackupEngine.plan());
        assertTrue(vm.canStartProperty().get());
        assertEquals("about 8 s", vm.downtimeProperty().get());
        assertEquals("up to 114 MB", vm.spaceProperty().get());
        assertEquals("1. papermerge  →  2. worker", vm.stopOrderProperty().get());
        assertEquals("1. worker  →  2. papermerge", vm.startOrderProperty().get());
        assertEquals("db", vm.keptUpProperty().get());
        assertEquals(8, vm.steps().size());
        PlanViewModel.StepRow stop = vm.steps().get(2);
        assertEquals(3, stop.number());
        assertTrue(stop.siteDown());
        assertTrue(stop.commands().contains("docker stop -t 20 papermerge-papermerge-1"));
        assertFalse(vm.steps().get(1).siteDown(), "the pre-sync runs while the site is up");
        assertEquals(1, vm.warnings().size());
        assertEquals("", vm.messageProperty().get());
    }

    @Test
    void aRefusalIsShownAndStartStaysOff() {
        vm.planning(FakeBackupEngine.stack(), "root@srv-a");
        vm.refused("No container of the compose project papermerge is running. Start the site and try again.");
        assertEquals(PlanViewModel.State.REFUSED, vm.stateProperty().get());
        assertTrue(vm.errorProperty().get().startsWith("No container"));
        assertFalse(vm.canStartProperty().get());
    }

    @Test
    void aNewPlanningClearsTheLastRefusal() {
        vm.refused("no");
        vm.planning(FakeBackupEngine.stack(), "root@srv-a");
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void secondsAreToldForPeople() {
        assertEquals("1 s", PlanViewModel.seconds(0.3));
        assertEquals("8 s", PlanViewModel.seconds(8.4));
        assertEquals("2 min 5 s", PlanViewModel.seconds(125));
        assertEquals("3 min", PlanViewModel.seconds(180));
    }
}
