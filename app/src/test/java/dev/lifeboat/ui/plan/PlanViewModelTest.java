package dev.lifeboat.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlanViewModelTest {
    private final PlanViewModel vm = new PlanViewModel();

    @Test
    void startWaitsForThePlanAndForWhatMustBeAgreed() {
        vm.planning("Planning …", "The backup cannot run");
        assertEquals(PlanViewModel.State.PLANNING, vm.stateProperty().get());
        assertEquals("Planning …", vm.messageProperty().get());
        assertFalse(vm.canStartProperty().get(), "nothing to start while planning");
        vm.ready();
        assertTrue(vm.canStartProperty().get());
        assertEquals("", vm.messageProperty().get());
        vm.agreedProperty().set(false);
        assertFalse(vm.canStartProperty().get(), "not before it is agreed");
    }

    @Test
    void aRefusalIsShownAndStartStaysOff() {
        vm.planning("Planning …", "The backup cannot run");
        vm.refused("No container of the compose project papermerge is running. Start the site and try again.");
        assertEquals(PlanViewModel.State.REFUSED, vm.stateProperty().get());
        assertEquals("The backup cannot run", vm.errorTitleProperty().get());
        assertTrue(vm.errorProperty().get().startsWith("No container"));
        assertFalse(vm.canStartProperty().get());
    }

    @Test
    void aNewPlanningClearsTheLastRefusal() {
        vm.refused("no");
        vm.planning("Planning …", "The restore cannot run");
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void aCancelledPlanningSaysWhatToDo() {
        vm.planning("Planning …", "The backup cannot run");
        vm.cancelled();
        assertEquals(PlanViewModel.State.CANCELLED, vm.stateProperty().get());
        assertEquals(
                "Planning cancelled. Press Back to choose again.",
                vm.messageProperty().get());
        assertFalse(vm.canStartProperty().get());
    }

    @Test
    void secondsAreToldForPeople() {
        assertEquals("1 s", PlanViewModel.seconds(0.3));
        assertEquals("8 s", PlanViewModel.seconds(8.4));
        assertEquals("2 min 5 s", PlanViewModel.seconds(125));
        assertEquals("3 min", PlanViewModel.seconds(180));
    }
}
