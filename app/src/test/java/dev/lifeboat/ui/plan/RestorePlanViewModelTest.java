package dev.lifeboat.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.service.RestorePlan;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePlanViewModelTest {
    private final FakeRestoreEngine engine = new FakeRestoreEngine();
    private RestorePlanViewModel vm;

    private RestorePlan show(RestoreRequest r) throws Exception {
        vm = new RestorePlanViewModel(r, "root@fake-server", ZoneOffset.UTC);
        RestorePlan p = engine.plan(r);
        vm.show(p);
        return p;
    }

    @Test
    void aRestoreShowsItsTargetWhatItOverwritesAndEveryStepOfDescribe() throws Exception {
        RestorePlan p = show(RestoreRequest.restore(FakeBackupEngine.stack(), engine.snapshot, true));
        assertEquals("What the restore will do", vm.title());
        assertEquals("Start restore", vm.startLabel());
        assertEquals("The restore cannot run", vm.refusedTitle());
        assertEquals(
                "Reading the snapshot and what runs of Papermerge on root@fake-server … (nothing changes)",
                vm.planningMessage());
        assertEquals(
                "root@fake-server (this server), in place: /opt/papermerge as project papermerge",
                vm.targetProperty().get());
        assertEquals(
                "2026-12-01 09:15, 50\u00a0MB  (20261201T091500Z)",
                vm.snapshotProperty().get());
        assertEquals(
                List.of(
                        "The containers of project papermerge (papermerge-papermerge-1, papermerge-db-1): stopped, and"
                                + " replaced by the snapshot's.",
                        "/opt/papermerge: made equal to the snapshot (files added since are deleted).",
                        "/opt/papermerge/db: emptied and loaded from the dumps (the old folder is kept beside it until"
                                + " the restore passed)."),
                vm.overwritten());
        assertEquals(p.steps().size(), vm.steps().size(), "every step of the workflow's own list");
        StepRow first = vm.steps().get(0);
        assertEquals("Check the target and take the application's lock there", first.title());
        assertFalse(first.siteDown());
        StepRow files = vm.steps().stream()
                .filter(s -> s.title().equals("Put the files back"))
                .findFirst()
                .orElseThrow();
        assertTrue(files.detail().startsWith("rsync /opt/papermerge -> /opt/papermerge"), files.detail());
        assertTrue(files.siteDown());
        StepRow compare = vm.steps().get(vm.steps().size() - 2);
        assertEquals("Compare what the databases hold with the manifest", compare.title());
        assertFalse(compare.siteDown(), "after the health check the site is up");
        assertEquals(
                "Remove the database folders kept aside",
                vm.steps().get(vm.steps().size() - 1).title());
        assertTrue(vm.settings().isEmpty());
        assertTrue(vm.warnings().get(0).startsWith("/opt/papermerge/index is not in the snapshot (rebuildable)"));
        assertFalse(vm.needsConfirmProperty().get(), "agreed on the Action page");
        assertTrue(vm.agreedProperty().get());
    }

    @Test
    void aDrillOverwritesNothingOfTheLiveSite() throws Exception {
        show(RestoreRequest.drill(FakeBackupEngine.stack(), engine.snapshot));
        assertEquals("What the drill will do", vm.title());
        assertTrue(
                vm.targetProperty().get().contains("beside the live site: project lifeboat-drill-20261201t091500z"),
                vm.targetProperty().get());
        assertTrue(vm.overwritten()
                .get(0)
                .startsWith("Nothing of the live site. The copy is made under"
                        + " /var/tmp/lifeboat-drill/lifeboat-drill-20261201t091500z"));
        assertTrue(vm.steps().stream().noneMatch(StepRow::siteDown));
        assertTrue(vm.steps().get(vm.steps().size() - 1).title().startsWith("Remove the copy"));
        StepRow load = vm.steps().stream()
                .filter(s -> s.title().equals("Load the dumps"))
                .findFirst()
                .orElseThrow();
        assertEquals("load dumps/postgres-pmdb.pgdump.zst into db (postgresql)", load.detail());
    }

    @Test
    void aMigrationShowsBothServersTheSettingsItChangesAndAsksBeforeReplacingWhatTheNewServerRuns() throws Exception {
        engine.targetRuns = true;
        RestoreRequest r = RestoreRequest.migrate(FakeBackupEngine.stack())
                .to(new FakeRestoreEngine.FakeTarget("root@srv-b"), "https://docs.example.org");
        show(r);
        assertEquals("What the migration will do", vm.title());
        assertEquals("The migration cannot run", vm.refusedTitle());
        assertEquals(
                "root@srv-b (the new server), from root@fake-server",
                vm.targetProperty().get());
        assertEquals(
                List.of(
                        "PAPERMERGE__MAIN__URL in docker-compose.yml  →  https://docs.example.org",
                        "ALLOWED_HOST in .env  →  docs.example.org"),
                vm.settings());
        assertTrue(vm.overwritten().get(0).startsWith("The containers of project papermerge on root@srv-b"));
        assertTrue(vm.overwritten()
                .get(vm.overwritten().size() - 1)
                .startsWith("root@fake-server: the application" + " stays stopped afterwards"));
        assertEquals("On root@srv-b", vm.steps().get(0).group(), "the new server is checked before anything stops");
        assertEquals("On root@fake-server", vm.steps().get(1).group());
        assertEquals("On root@srv-b", vm.steps().get(vm.steps().size() - 1).group());
        assertTrue(
                vm.steps().stream().noneMatch(s -> s.title().startsWith("Start 2 containers")),
                "the old server" + " stays stopped");
        assertTrue(
                vm.steps().stream()
                        .filter(s ->
                                s.group().equals("On root@srv-b") && s.title().startsWith("Check the target"))
                        .allMatch(StepRow::siteDown),
                "the new server's steps run while the old one is stopped");
        assertTrue(vm.needsConfirmProperty().get());
        assertFalse(vm.agreedProperty().get());
        assertTrue(vm.steps().stream().anyMatch(s -> s.detail().contains("no project papermerge there yet")));
        vm.confirmedProperty().set(true);
        assertTrue(vm.agreedProperty().get());
        assertTrue(
                vm.steps().stream().anyMatch(s -> s.detail().contains("project papermerge may be replaced")),
                "the preflight step follows the agreement");
        assertTrue(vm.planToStart().options().overwrite());
        assertTrue(vm.planToStart().request().overwrite());
    }

    @Test
    void aMigrationWithoutANewUrlSaysTheSettingsStay() throws Exception {
        show(RestoreRequest.migrate(FakeBackupEngine.stack()).to(new FakeRestoreEngine.FakeTarget("root@srv-b"), ""));
        assertTrue(vm.settings().isEmpty());
        assertEquals(
                "No new site URL: PAPERMERGE__MAIN__URL, ALLOWED_HOST stay as they are. Go Back to give one.",
                vm.settingsNoteProperty().get());
        assertFalse(vm.needsConfirmProperty().get());
        assertTrue(vm.agreedProperty().get());
    }
}
