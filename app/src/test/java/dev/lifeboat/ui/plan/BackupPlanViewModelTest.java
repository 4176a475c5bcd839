package dev.lifeboat.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.ui.backup.FakeBackupEngine;
import org.junit.jupiter.api.Test;

class BackupPlanViewModelTest {
    private final BackupPlanViewModel vm = new BackupPlanViewModel(FakeBackupEngine.stack(), "root@srv-a");

    @Test
    void aPlanIsShownInWords() {
        assertEquals(
                "Planning the backup of Papermerge on root@srv-a … (inspects the containers and the databases;"
                        + " nothing changes)",
                vm.planningMessage());
        vm.show(FakeBackupEngine.plan());
        assertEquals("about 8 s", vm.downtimeProperty().get());
        assertEquals("up to 114 MB", vm.spaceProperty().get());
        assertEquals("1. papermerge  →  2. worker", vm.stopOrderProperty().get());
        assertEquals("1. worker  →  2. papermerge", vm.startOrderProperty().get());
        assertEquals("db", vm.keptUpProperty().get());
        assertEquals(8, vm.steps().size());
        StepRow stop = vm.steps().get(2);
        assertEquals(3, stop.number());
        assertTrue(stop.siteDown());
        assertTrue(stop.detail().contains("docker stop -t 20 papermerge-papermerge-1"));
        assertEquals("", stop.group(), "a backup runs on one server");
        assertFalse(stop.firstOfGroup());
        assertFalse(vm.steps().get(1).siteDown(), "the pre-sync runs while the site is up");
        assertEquals(1, vm.warnings().size());
    }
}
