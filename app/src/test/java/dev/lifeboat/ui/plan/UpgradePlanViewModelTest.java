package dev.lifeboat.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.workflow.UpgradeFixture;
import dev.lifeboat.engine.workflow.UpgradePlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradePlanViewModelTest {
    @TempDir
    Path store;

    @Test
    void thePlanSaysTheVersionChangeWhatIsWrittenAndPulledAndHeadsEachPhasesSteps() throws Exception {
        UpgradePlan p = UpgradeFixture.plan(store, "1.5.0");
        UpgradePlanViewModel vm = new UpgradePlanViewModel("Wiki", "root@srv-a", "1.5.0");
        vm.show(p);
        assertEquals("1.4.2 → 1.5.0", vm.versionProperty().get());
        assertEquals(
                List.of(UpgradeFixture.COMPOSE_FILE + ": "
                        + String.join("; ", p.change().edits().get(0).changes())),
                vm.files());
        assertEquals(List.of("pull example/wiki:1.5.0 while the site runs"), vm.images());
        assertEquals(p.steps().size(), vm.steps().size(), "every step of the plan, in its order");
        List<String> heads = vm.steps().stream()
                .filter(StepRow::firstOfGroup)
                .map(StepRow::group)
                .toList();
        assertEquals(
                List.of(UpgradePlanViewModel.PREPARE, UpgradePlanViewModel.REHEARSAL, UpgradePlanViewModel.LIVE),
                heads,
                "the three phases head their steps, once each");
        for (int i = 0; i < p.steps().size(); i++) {
            assertEquals(p.steps().get(i).title(), vm.steps().get(i).title());
        }
        assertTrue(
                vm.wayBackProperty().get().contains("goes back to 1.4.2 by itself"),
                vm.wayBackProperty().get());
        assertTrue(
                vm.downtimeProperty().get().startsWith("about "),
                vm.downtimeProperty().get());
    }
}
