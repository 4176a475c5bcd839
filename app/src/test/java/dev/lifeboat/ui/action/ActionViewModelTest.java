package dev.lifeboat.ui.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.RestoreRequest;
import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.engine.store.Verifier;
import dev.lifeboat.engine.workflow.StoreFixture;
import dev.lifeboat.ui.action.ActionViewModel.Action;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionViewModelTest {
    private final ActionViewModel vm = new ActionViewModel(ZoneOffset.UTC);

    static SnapshotInfo snap(String id, String verified) {
        String iso = id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + "T"
                + id.substring(9, 11) + ":" + id.substring(11, 13) + ":" + id.substring(13, 15) + "Z";
        return new SnapshotInfo(
                Path.of("/store/srv-a/papermerge/" + id), id, iso, 52_428_800, 1_048_576, 4_250, verified);
    }

    @Test
    void withoutARestoreEngineOnlyBackupCanGoOn() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        vm.snapshotsRead(List.of(snap("20261201T091500Z", "at backup")));
        for (Action a : List.of(Action.RESTORE, Action.DRILL, Action.MIGRATE)) {
            vm.chosenProperty().set(a);
            assertFalse(vm.canGoNextProperty().get(), a.name());
            assertEquals(
                    a.title() + " needs a server connection: connect on the first page.",
                    vm.actionHintProperty().get());
        }
    }

    @Test
    void anUpgradeNeedsAVersionAndProposesTheNewestTheServerHas() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a", true, false);
        vm.chosenProperty().set(Action.UPGRADE);
        assertFalse(vm.canGoNextProperty().get());
        assertEquals(
                "Upgrade needs a server connection: connect on the first page.",
                vm.actionHintProperty().get());
        assertFalse(vm.askUpgradeOffer(), "no engine to ask");

        vm.open(FakeBackupEngine.stack(), "root@srv-a", true, true);
        vm.chosenProperty().set(Action.UPGRADE);
        assertFalse(vm.canGoNextProperty().get(), "no version yet");
        assertEquals(
                "Type the version to upgrade Papermerge to, or choose one whose images the server has already.",
                vm.actionHintProperty().get());
        assertTrue(vm.askUpgradeOffer());
        assertFalse(vm.askUpgradeOffer(), "asked once per application shown");
        assertEquals(
                "Reading the versions on the server …",
                vm.upgradeCurrentProperty().get());
        vm.upgradeOfferRead("3.5.3", List.of("3.6.1", "3.6.0"));
        assertEquals("3.6.1", vm.upgradeTarget(), "the newest is proposed");
        assertEquals(List.of("3.6.1", "3.6.0"), vm.upgradeChoices());
        assertEquals(
                "Papermerge runs 3.5.3. The server has the images of 3.6.1, 3.6.0 already; another version is pulled"
                        + " first.",
                vm.upgradeCurrentProperty().get());
        assertTrue(vm.canGoNextProperty().get(), "no snapshot needed: the upgrade takes its own");
        assertEquals("Plan the upgrade", vm.nextLabelProperty().get());
        assertTrue(vm.actionHintProperty().get().startsWith("First a snapshot, then 3.6.1 rehearsed"));

        vm.upgradeVersionProperty().set("  ");
        assertFalse(vm.canGoNextProperty().get());
        vm.upgradeVersionProperty().set(" 3.6.0 ");
        assertEquals("3.6.0", vm.upgradeTarget());
        vm.upgradeOfferRead("3.6.0", List.of());
        assertEquals("3.6.0", vm.upgradeTarget(), "what was typed stays");

        vm.open(FakeBackupEngine.stack(), "root@srv-a", true, true);
        assertEquals("", vm.upgradeTarget(), "another application, another version");
        assertTrue(vm.askUpgradeOffer());
        vm.upgradeOfferFailed("Permission denied");
        assertEquals(
                "Could not read the versions on the server (Permission denied): type the version.",
                vm.upgradeCurrentProperty().get());
    }

    @Test
    void aRestoreNeedsASnapshotAndTheAgreementToOverwriteWhatRunsNow() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a", true);
        vm.chosenProperty().set(Action.RESTORE);
        vm.snapshotsRead(List.of());
        assertFalse(vm.canGoNextProperty().get());
        assertEquals(
                "There is no snapshot of Papermerge yet: back up first.",
                vm.actionHintProperty().get());
        assertFalse(vm.asksOverwriteProperty().get());

        vm.snapshotsRead(List.of(snap("20261201T091500Z", "at backup"), snap("20261130T091500Z", "at backup")));
        assertTrue(vm.asksOverwriteProperty().get());
        assertEquals(
                "Replace Papermerge on root@srv-a with the snapshot of 2026-12-01 09:15: what its files and databases"
                        + " hold now is overwritten, and what changed since then is lost.",
                vm.overwriteTextProperty().get());
        assertFalse(vm.canGoNextProperty().get(), "not before the overwrite is agreed");
        assertEquals("Plan the restore", vm.nextLabelProperty().get());
        vm.overwriteConfirmedProperty().set(true);
        assertTrue(vm.canGoNextProperty().get());
        RestoreRequest r = vm.request();
        assertEquals(RestoreRequest.Kind.RESTORE, r.kind());
        assertTrue(r.overwrite());
        assertEquals("20261201T091500Z", r.snapshot().id());

        vm.selectedSnapshotProperty().set(vm.snapshots().get(1));
        assertFalse(vm.overwriteConfirmedProperty().get(), "another snapshot: asked again");
        assertFalse(vm.canGoNextProperty().get());
        vm.overwriteConfirmedProperty().set(true);
        vm.chosenProperty().set(Action.DRILL);
        vm.chosenProperty().set(Action.RESTORE);
        assertFalse(vm.overwriteConfirmedProperty().get(), "another action: asked again");
    }

    @Test
    void aDrillNeedsASnapshotAndNoAgreementAMigrationNeither() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a", true);
        vm.snapshotsRead(List.of(snap("20261201T091500Z", "at backup")));
        vm.chosenProperty().set(Action.DRILL);
        assertFalse(vm.asksOverwriteProperty().get());
        assertTrue(vm.canGoNextProperty().get());
        assertTrue(vm.actionHintProperty().get().contains("The live site is not touched."));
        assertEquals(RestoreRequest.Kind.DRILL, vm.request().kind());
        vm.chosenProperty().set(Action.MIGRATE);
        vm.selectedSnapshotProperty().set(null);
        assertTrue(vm.canGoNextProperty().get(), "a migration takes its own snapshot");
        assertEquals("Choose the new server", vm.nextLabelProperty().get());
        assertEquals(RestoreRequest.Kind.MIGRATE, vm.request().kind());
        assertNull(vm.request().snapshot());
    }

    @Test
    void theLastDrillOfASnapshotIsListed() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a", true);
        SnapshotInfo s = snap("20261201T091500Z", "at backup");
        DrillRecord passed =
                new DrillRecord("2026-12-01T10:05:00Z", "root@srv-a", true, List.of(), 12_300, 30_000, List.of());
        DrillRecord failed = new DrillRecord(
                "2026-12-02T10:05:00Z", "root@srv-b", false, List.of("db: 41 rows"), 9_000, 20_000, List.of());
        vm.snapshotsRead(List.of(
                new SnapshotInfo(s.path(), s.id(), s.started(), 1, 1, 1, "at backup", passed),
                new SnapshotInfo(s.path(), s.id(), s.started(), 1, 1, 1, "at backup", failed),
                s));
        assertEquals("passed, 2026-12-01 10:05", vm.snapshots().get(0).drill());
        assertEquals(
                "on root@srv-a: restored in 12.3 s, 30.0 s in all",
                vm.snapshots().get(0).drillDetail());
        assertEquals("FAILED, 2026-12-02 10:05", vm.snapshots().get(1).drill());
        assertEquals(
                "on root@srv-b: restored in 9.0 s, 20.0 s in all; 1 problems, e.g. db: 41 rows",
                vm.snapshots().get(1).drillDetail());
        assertEquals("never", vm.snapshots().get(2).drill());
        assertEquals("", vm.snapshots().get(2).drillDetail());
    }

    @Test
    void nextNeedsAnApplication() {
        assertFalse(vm.canGoNextProperty().get());
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        assertTrue(vm.canGoNextProperty().get());
    }

    @Test
    void snapshotsAreListedInWordsNewestFirstAtMostThree() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        vm.snapshotsRead(List.of(
                snap("20261201T091500Z", "2026-12-01T10:00:00Z ok"),
                snap("20261130T091500Z", "at backup"),
                snap("20261129T091500Z", "2026-11-29T10:00:00Z FAILED"),
                snap("20261128T091500Z", "at backup")));
        assertEquals(3, vm.snapshots().size());
        ActionViewModel.SnapshotRow first = vm.snapshots().get(0);
        assertEquals("2026-12-01 09:15", first.time());
        assertEquals("50 MB", first.size());
        assertEquals("1.0 MB", first.newDisk());
        assertEquals("4.3 s", first.downtime());
        assertEquals("ok, 2026-12-01 10:00", first.verified());
        assertEquals("FAILED, 2026-11-29 10:00", vm.snapshots().get(2).verified());
        assertEquals(first, vm.selectedSnapshotProperty().get(), "the newest is selected");
        assertEquals("The newest 3 of Papermerge.", vm.snapshotMessageProperty().get());
    }

    @Test
    void noSnapshotYetIsSaid() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        vm.snapshotsRead(List.of());
        assertEquals(
                "No snapshot of Papermerge yet. The first backup makes one.",
                vm.snapshotMessageProperty().get());
        assertFalse(vm.canVerifyProperty().get());
    }

    @Test
    void verificationShowsProgressThenItsOutcome() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        SnapshotInfo s = snap("20261201T091500Z", "at backup");
        vm.snapshotsRead(List.of(s));
        vm.verifyStarted();
        assertTrue(vm.verifyingProperty().get());
        assertFalse(vm.canVerifyProperty().get(), "one verification at a time");
        assertFalse(vm.canGoNextProperty().get(), "no backup while verifying");
        vm.verifyRead(26_214_400);
        assertEquals(0.5, vm.verifyProgressProperty().get(), 1e-9);
        assertEquals("Verifying … 25 MB of 50 MB", vm.verifyMessageProperty().get());
        vm.verified(
                new Verifier.Result(List.of(), 310, 52_428_800, 1),
                new SnapshotInfo(
                        s.path(),
                        s.id(),
                        s.started(),
                        s.sizeBytes(),
                        s.newDiskBytes(),
                        4_250,
                        "2026-12-01T11:00:00Z ok"));
        assertFalse(vm.verifyingProperty().get());
        assertEquals(
                "Intact: 1 dumps and 310 files match the manifest (50 MB read).",
                vm.verifyMessageProperty().get());
        assertEquals("ok, 2026-12-01 11:00", vm.snapshots().get(0).verified(), "the browser shows the new result");
    }

    @Test
    void aFailedVerificationNamesADifference() {
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        vm.snapshotsRead(List.of(snap("20261201T091500Z", "at backup")));
        vm.verifyStarted();
        vm.verified(new Verifier.Result(List.of("dump changed: dumps/x"), 1, 1, 1), null);
        assertTrue(vm.verifyFailedProperty().get());
        assertEquals(
                "FAILED: 1 differences, e.g. dump changed: dumps/x",
                vm.verifyMessageProperty().get());
    }

    /**
     * A store made by real backups in which the newest snapshot lost its dump: the browser lists it with the reason
     * (the engine's SnapshotInfo, as Server.recentSnapshots reads it), chooses the newest good one, and refuses to
     * restore or drill the damaged one while it can still be verified; a snapshot whose verification fails becomes
     * damaged in the list.
     */
    @Test
    void aDamagedSnapshotIsListedWithItsReasonAndCannotBeRestoredOrDrilled(@TempDir Path dir) throws Exception {
        StoreFixture store = new StoreFixture(dir);
        Path good = store.snapshot();
        store.change("opt/app/data/b.txt", "bravo again\n");
        Path damaged = store.snapshot();
        Files.delete(damaged.resolve("dumps/db-appdb.sql.zst"));

        vm.open(FakeBackupEngine.stack(), "root@srv-a", true);
        vm.snapshotsRead(SnapshotInfo.recent(store.store, store.appDir(), ActionViewModel.SNAPSHOTS_SHOWN));
        assertEquals(2, vm.snapshots().size(), "the damaged snapshot is not dropped");
        ActionViewModel.SnapshotRow bad = vm.snapshots().get(0);
        assertEquals(damaged, bad.info().path());
        assertTrue(bad.damaged());
        assertEquals("DAMAGED: dump missing: dumps/db-appdb.sql.zst", bad.verified());
        assertEquals(good, vm.selectedSnapshotProperty().get().info().path(), "the newest good one is chosen");
        assertEquals(
                "The newest 2 of Papermerge. 1 of them is damaged: it cannot be restored or drilled.",
                vm.snapshotMessageProperty().get());

        vm.selectedSnapshotProperty().set(bad);
        for (Action a : List.of(Action.RESTORE, Action.DRILL)) {
            vm.chosenProperty().set(a);
            assertFalse(vm.canGoNextProperty().get(), a.name());
            assertFalse(vm.asksOverwriteProperty().get(), a.name());
            assertTrue(
                    vm.actionHintProperty()
                            .get()
                            .contains("is damaged (dump missing: dumps/db-appdb.sql.zst): it cannot be restored or"
                                    + " drilled. Choose another one, or verify it"),
                    vm.actionHintProperty().get());
        }
        assertTrue(vm.canVerifyProperty().get(), "a damaged snapshot can be verified");
        vm.chosenProperty().set(Action.MIGRATE);
        assertTrue(vm.canGoNextProperty().get(), "a migration takes a fresh snapshot");

        // The good one is changed in place (same size): only a verification can tell; then the list says so.
        vm.selectedSnapshotProperty().set(vm.snapshots().get(1));
        vm.chosenProperty().set(Action.DRILL);
        assertTrue(vm.canGoNextProperty().get());
        Path f = good.resolve("files/opt/app/data/b.txt");
        byte[] bytes = Files.readAllBytes(f);
        bytes[0] ^= 1;
        Files.write(f, bytes);
        Lifeboat lifeboat = new Lifeboat(
                new AppDirs(dir.resolve("config"), dir.resolve("state"), store.store.root()),
                store.store,
                SshOptions.defaults());
        vm.verifyStarted();
        vm.verified(lifeboat.verify(good, x -> {}, CancelToken.NONE), SnapshotInfo.read(good));
        assertTrue(vm.verifyFailedProperty().get());
        assertTrue(vm.selectedSnapshotProperty().get().damaged(), "the browser shows the verification's finding");
        assertTrue(
                vm.selectedSnapshotProperty().get().verified().contains("changed content: opt/app/data/b.txt"),
                vm.selectedSnapshotProperty().get().verified());
        assertFalse(vm.canGoNextProperty().get(), "no drill of it any more");
    }
}
