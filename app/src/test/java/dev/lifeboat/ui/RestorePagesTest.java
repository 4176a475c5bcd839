package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.service.SnapshotPlaces;
import dev.lifeboat.ui.action.ActionViewModel;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.plan.RestorePlanSource;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunKind;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Restore, drill and migration through the real wizard frame at 1024x700, driven through fake engines: each page's
 * words, the deliberate clicks (overwrite agreed, host key trusted, Start), Cancel and Rollback. No server.
 */
@ExtendWith(ApplicationExtension.class)
class RestorePagesTest {
    @TempDir
    static Path home;

    private final FakeBackupEngine backup = new FakeBackupEngine();
    private final FakeRestoreEngine engine = new FakeRestoreEngine();
    private final List<Path> opened = new CopyOnWriteArrayList<>();
    private ActionFlow flow;

    @Start
    void start(Stage stage) {
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        flow = new ActionFlow(wizard, opened::add, new ProfileStore(home.resolve("config")), home);
        Scene scene = new Scene(frame, 1024, 700);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    /** The Action page with the fake's snapshot listed and selected. */
    private void open(FxRobot robot) throws Exception {
        backup.snapshots = List.of(engine.snapshot);
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil("the snapshots", () -> table.getItems().size() == 1);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static Button next(FxRobot robot) {
        return robot.lookup("#nextButton").queryButton();
    }

    private static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent();
    }

    /** The texts of the labels in a box of lines, e.g. what a restore overwrites. */
    private static List<String> lines(FxRobot robot, String query) {
        return ((javafx.scene.layout.Pane) robot.lookup(query).query())
                .getChildrenUnmodifiable().stream()
                        .map(n -> ((Label) n).getText())
                        .toList();
    }

    private static List<String> items(FxRobot robot, String query) {
        return robot.lookup(query).queryListView().getItems().stream()
                .map(String::valueOf)
                .toList();
    }

    private void toPlan(FxRobot robot, String action) throws Exception {
        open(robot);
        robot.clickOn(action);
        if (action.equals("#action-restore")) {
            robot.clickOn("#overwriteCheck");
        }
        robot.clickOn("#nextButton");
        waitUntil(
                "the plan",
                () -> flow.restore().plan().viewModel().stateProperty().get() != PlanViewModel.State.PLANNING);
    }

    private RunViewModel run() {
        return flow.restore().run().viewModel();
    }

    private void awaitEnd() throws Exception {
        waitUntil(
                "the run's end",
                () -> !run().runningProperty().get() && run().stateProperty().get() != RunViewModel.RunState.IDLE);
    }

    @Test
    void theActionPageOffersRestoreOnlyOnceTheOverwriteIsAgreedAndListsTheLastDrill(FxRobot robot) throws Exception {
        engine.snapshot = FakeRestoreEngine.snapshot(new dev.lifeboat.engine.store.DrillRecord(
                "2026-12-01T10:05:00Z", "root@fake-server", true, List.of(), 3_100, 12_400, List.of()));
        open(robot);
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        assertEquals("Last drill", table.getColumns().get(5).getText());
        assertTrue(
                String.valueOf(table.getColumns().get(5).getCellData(0)).startsWith("passed, 2026-12-01"),
                String.valueOf(table.getColumns().get(5).getCellData(0)));

        robot.clickOn("#action-restore");
        assertEquals("Plan the restore", next(robot).getText());
        assertTrue(next(robot).isDisabled(), "not before the overwrite is agreed");
        CheckBox agree = robot.lookup("#overwriteCheck").queryAs(CheckBox.class);
        assertTrue(agree.isVisible());
        assertTrue(
                agree.getText().startsWith("Replace Papermerge on root@fake-server with the snapshot of"),
                agree.getText());
        robot.clickOn("#overwriteCheck");
        assertFalse(next(robot).isDisabled());

        robot.clickOn("#action-drill");
        assertFalse(agree.isVisible(), "a drill overwrites nothing");
        assertFalse(next(robot).isDisabled());
        assertTrue(text(robot, "#actionHint").contains("The live site is not touched."), text(robot, "#actionHint"));
        robot.clickOn("#action-migrate");
        assertEquals("Choose the new server", next(robot).getText());
    }

    /** An older snapshot of the fake's Papermerge, only in the local store. */
    private static dev.lifeboat.engine.service.SnapshotInfo older() {
        return new dev.lifeboat.engine.service.SnapshotInfo(
                Path.of("/tmp/lifeboat-fake/snapshots/fake-server/papermerge/20261130T091500Z"),
                "20261130T091500Z",
                "2026-11-30T09:15:00Z",
                51_380_224,
                2_097_152,
                3_900,
                "at backup");
    }

    private static List<String> whereColumn(TableView<?> table) {
        TableColumn<?, ?> where = table.getColumns().get(6);
        assertEquals("Where", where.getText());
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < table.getItems().size(); i++) {
            out.add(String.valueOf(where.getCellData(i)));
        }
        return out;
    }

    @Test
    void whereWithoutOffsiteRepositoriesEverySnapshotIsHere(FxRobot robot) throws Exception {
        backup.snapshots = List.of(engine.snapshot, older());
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil("the places", () -> whereColumn(table).equals(List.of("here", "here")));
        assertEquals(1, backup.placesAsked.get());
        assertFalse(visible(robot, "#offsiteLabel"), "nothing to say about off-site copies");
    }

    @Test
    void whereTheLocalRowsComeFirstThenBothForWhatARepositoryHoldsAndTheChoiceStays(FxRobot robot) throws Exception {
        backup.snapshots = List.of(engine.snapshot, older());
        backup.placesAnswer = new java.util.concurrent.CountDownLatch(1); // restic has not answered yet
        backup.places = new SnapshotPlaces(
                true,
                Map.of(FakeRestoreEngine.SNAPSHOT_ID, List.of("nas", "s3"), "20261202T091500Z", List.of("nas")),
                List.of("20261202T091500Z"),
                List.of());
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil("the local rows", () -> table.getItems().size() == 2);
        assertEquals(List.of(ActionViewModel.ASKING, ActionViewModel.ASKING), whereColumn(table));
        robot.clickOn("#action-restore");
        robot.clickOn("#overwriteCheck");
        assertFalse(next(robot).isDisabled(), "the local snapshot can be restored while the repositories are asked");

        backup.placesAnswer.countDown();
        waitUntil("the places", () -> !whereColumn(table).contains(ActionViewModel.ASKING));
        assertEquals(List.of("both (nas, s3)", "here"), whereColumn(table));
        ActionViewModel vm = flow.action().viewModel();
        assertEquals("both (nas, s3)", vm.selectedSnapshotProperty().get().where(), "the chosen row is still chosen");
        assertTrue(robot.lookup("#overwriteCheck").queryAs(CheckBox.class).isSelected(), "and still agreed");
        assertFalse(next(robot).isDisabled());
        assertTrue(visible(robot, "#offsiteLabel"));
        assertEquals(
                "1 more snapshot of Papermerge is only off-site (nas), not in this list: 'lifeboat snapshots' lists it,"
                        + " 'lifeboat restore --from nas' brings one back.",
                text(robot, "#offsiteLabel"));
    }

    @Test
    void whereSnapshotsOnlyOffsiteAreNamedUnderTheEmptyList(FxRobot robot) throws Exception {
        backup.snapshots = List.of();
        backup.places = new SnapshotPlaces(
                true,
                Map.of("20261201T091500Z", List.of("nas"), "20261130T091500Z", List.of("nas")),
                List.of("20261201T091500Z", "20261130T091500Z"),
                List.of());
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        waitUntil("the places", () -> visible(robot, "#offsiteLabel"));
        assertEquals(
                0, robot.lookup(".snapshot-table").queryTableView().getItems().size());
        assertTrue(
                text(robot, "#offsiteLabel").startsWith("2 more snapshots of Papermerge are only off-site (nas)"),
                text(robot, "#offsiteLabel"));
        assertTrue(text(robot, "#snapshotMessage").startsWith("No snapshot of Papermerge yet"));
    }

    @Test
    void whereARepositoryThatCannotBeReadIsNamedAndTheRowsStayHere(FxRobot robot) throws Exception {
        backup.snapshots = List.of(engine.snapshot, older());
        backup.places = new SnapshotPlaces(
                true,
                Map.of(),
                List.of(),
                List.of("usb (/mnt/usb/restic): restic could not open the repository: wrong password"));
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil("the places", () -> visible(robot, "#offsiteLabel"));
        assertEquals(List.of("here", "here"), whereColumn(table));
        String said = text(robot, "#offsiteLabel");
        assertTrue(
                said.startsWith("Could not read the off-site repository usb (/mnt/usb/restic): restic could not open"
                        + " the repository: wrong password."),
                said);
        assertFalse(said.contains("gone"), said);
        assertTrue(robot.lookup("#offsiteLabel").query().getStyleClass().contains("error-text"));

        backup.placesFail = "offsite.json is not valid JSON";
        backup.places = SnapshotPlaces.NONE;
        robot.interact(() -> flow.open(backup, engine, FakeBackupEngine.stack()));
        waitUntil("the second answer", () -> text(robot, "#offsiteLabel")
                .startsWith("Could not ask the off-site repositories"));
        assertEquals(List.of("here", "here"), whereColumn(table));
    }

    @Test
    void aRestoreShowsItsPlanRunsAndEndsInItsSummary(FxRobot robot) throws Exception {
        toPlan(robot, "#action-restore");
        assertEquals("What the restore will do", text(robot, ".page-title"));
        assertEquals(
                "root@fake-server (this server), in place: /opt/papermerge as project papermerge",
                text(robot, "#targetLabel"));
        List<String> over = lines(robot, "#overwrittenLines");
        assertTrue(
                over.get(0).startsWith("The containers of project papermerge (papermerge-papermerge-1,"), over.get(0));
        assertTrue(
                over.contains("/opt/papermerge: made equal to the snapshot (files added since are deleted)."),
                over.toString());
        assertTrue(over.stream().anyMatch(l -> l.startsWith("/opt/papermerge/db: emptied and loaded from the dumps")));
        ListView<?> steps = robot.lookup("#planStepList").queryListView();
        assertEquals(
                ((RestorePlanSource) flow.restore().plan().source())
                        .viewModel()
                        .planProperty()
                        .get()
                        .steps()
                        .size(),
                steps.getItems().size());
        assertTrue(robot.lookup(".badge-down").tryQuery().isPresent(), "the steps while the site is down are marked");
        assertFalse(visible(robot, "#settingsBox"), "a restore changes no settings");
        assertTrue(lines(robot, "#warningLines").stream().anyMatch(l -> l.contains("/opt/papermerge/index")));
        assertEquals("Start restore", next(robot).getText());

        robot.clickOn("#nextButton");
        awaitEnd();
        assertEquals("Restoring", text(robot, ".page-title"));
        assertEquals(RunKind.RESTORE, run().kind());
        assertTrue(
                text(robot, "#messageLabel").startsWith("Restore complete: Papermerge runs again on root@fake-server"),
                text(robot, "#messageLabel"));
        assertTrue(text(robot, "#downtimeLabel").startsWith("Site was down "), text(robot, "#downtimeLabel"));
        assertTrue(
                run().steps().stream().noneMatch(s -> s.state() == RunViewModel.StepState.FAILED),
                run().steps().toString());
        assertEquals(RunViewModel.StepState.DONE, run().steps().get(0).state());

        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Restore complete", text(robot, ".page-title"));
        assertTrue(
                text(robot, ".summary-headline").startsWith("Papermerge on root@fake-server is back to the snapshot"));
        assertEquals(
                "every count matches the snapshot; the health check passed on root@fake-server",
                text(robot, "#summary-result"));
        assertEquals("3.2 s (files and dumps)", text(robot, "#summary-restore"));
        assertFalse(visible(robot, "#rollbackBox"));
        assertFalse(visible(robot, "#problemBox"));
        robot.clickOn("#openFolderButton");
        assertEquals(List.of(engine.snapshot.path()), opened);

        robot.clickOn("#nextButton"); // Done: back to the Action page
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("What to do", text(robot, ".page-title"));
    }

    @Test
    void aRestoreThatDoesNotMatchSaysWhatDiffers(FxRobot robot) throws Exception {
        engine.differ = true;
        toPlan(robot, "#action-restore");
        robot.clickOn("#nextButton");
        awaitEnd();
        Label message = robot.lookup("#messageLabel").queryAs(Label.class);
        assertTrue(
                message.getText().startsWith("The restore ran, but it does not match the snapshot (1 difference)"),
                message.getText());
        assertTrue(message.getStyleClass().contains("error-text"));
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Restore finished: it does not match", text(robot, ".page-title"));
        assertTrue(robot.lookup(".summary-headline").query().getStyleClass().contains("bad"));
        assertEquals(
                List.of("db public.core_document: 41 after the restore, 42 in the snapshot"),
                items(robot, "#problemList"));
        robot.clickOn("#copyReportButton");
        String[] clip = new String[1];
        robot.interact(() ->
                clip[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertTrue(clip[0].startsWith("Lifeboat restore report\n"), clip[0]);
        assertTrue(clip[0].contains("What differs:\n  db public.core_document: 41"), clip[0]);
    }

    @Test
    void cancellingARestoreWhileTheSiteIsDownSaysTheApplicationStaysStopped(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toPlan(robot, "#action-restore");
        robot.clickOn("#nextButton");
        engine.awaitDown();
        waitUntil("the downtime clock", () -> run().siteDownProperty().get());
        assertEquals(
                "Cancel restore", robot.lookup("#cancelButton").queryButton().getText());
        assertTrue(text(robot, "#cancelLabel").contains("the application stays stopped"), text(robot, "#cancelLabel"));
        assertTrue(robot.lookup("#backButton").queryButton().isDisabled(), "no leaving a running restore");
        robot.clickOn("#cancelButton");
        awaitEnd();
        assertEquals(RunViewModel.RunState.CANCELLED, run().stateProperty().get());
        assertTrue(
                text(robot, "#messageLabel").startsWith("Restore cancelled. The application stays stopped"),
                text(robot, "#messageLabel"));
        assertEquals("The site is down: the restore stopped it.", text(robot, "#downtimeLabel"));
        assertTrue(next(robot).isDisabled(), "no summary for a cancelled restore");
    }

    @Test
    void aRefusedRestoreIsAClearErrorAndStartStaysOff(FxRobot robot) throws Exception {
        engine.refuse = "The snapshot's images are not on root@fake-server: img/papermerge.";
        toPlan(robot, "#action-restore");
        assertTrue(visible(robot, "#errorBox"));
        assertEquals("The restore cannot run", text(robot, "#errorTitle"));
        assertTrue(text(robot, "#errorLabel").contains("img/papermerge"));
        assertTrue(next(robot).isDisabled());
    }

    @Test
    void aDrillRunsBesideTheLiveSiteAndItsResultReachesTheSnapshotBrowser(FxRobot robot) throws Exception {
        toPlan(robot, "#action-drill");
        assertEquals("What the drill will do", text(robot, ".page-title"));
        assertTrue(
                text(robot, "#targetLabel")
                        .startsWith("root@fake-server, beside the live site: project lifeboat-drill-"),
                text(robot, "#targetLabel"));
        assertTrue(lines(robot, "#overwrittenLines").get(0).startsWith("Nothing of the live site."));
        assertFalse(robot.lookup(".badge-down").tryQuery().isPresent(), "nothing runs with the site down");
        assertEquals("Start drill", next(robot).getText());

        robot.clickOn("#nextButton");
        awaitEnd();
        assertEquals("Restore drill", text(robot, ".page-title"));
        assertEquals("The live site is not touched.", text(robot, "#downtimeLabel"));
        assertEquals(
                "Drill passed: the snapshot restores, matches its manifest and the copy is gone.",
                text(robot, "#messageLabel"));
        assertEquals("verify", run().steps().get(0).id());
        assertEquals(
                RunViewModel.StepState.DONE,
                run().steps().get(run().steps().size() - 1).state());

        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Drill passed", text(robot, ".page-title"));
        assertEquals("passed", text(robot, "#summary-result"));
        assertEquals("3.1 s (files and dumps back)", text(robot, "#summary-restore"));
        assertEquals("nothing: its containers, volumes, networks and folder are gone", text(robot, "#summary-left"));

        backup.snapshots = List.of(engine.snapshot); // the store now holds the drill's record
        robot.clickOn("#nextButton");
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil(
                "the snapshots again",
                () -> table.getItems().size() == 1
                        && String.valueOf(table.getColumns().get(5).getCellData(0))
                                .startsWith("passed"));
    }

    @Test
    void cancellingADrillRemovesTheCopyAndSaysSo(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toPlan(robot, "#action-drill");
        robot.clickOn("#nextButton");
        engine.awaitDown();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                "Cancel stops the drill and removes its copy. The live site is not touched.",
                text(robot, "#cancelLabel"));
        robot.clickOn("#cancelButton");
        awaitEnd();
        assertEquals(RunViewModel.RunState.CANCELLED, run().stateProperty().get());
        assertTrue(
                text(robot, "#messageLabel").startsWith("Drill cancelled; its copy was removed"),
                text(robot, "#messageLabel"));
        assertTrue(next(robot).isDisabled());
    }

    /** From the Action page to the migration's plan: the new server's login, its host key trusted. */
    private void toMigrationPlan(FxRobot robot, String url) throws Exception {
        open(robot);
        robot.clickOn("#action-migrate");
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Where to move it", text(robot, ".page-title"));
        assertEquals("Log in and plan", next(robot).getText());
        assertTrue(next(robot).isDisabled());
        robot.clickOn("#hostField").write("fake-server");
        robot.clickOn("#userField").write("root");
        robot.clickOn("SSH agent");
        assertTrue(
                text(robot, "#problemLabel").startsWith("That is the server Papermerge runs on now"),
                text(robot, "#problemLabel"));
        TextField host = robot.lookup("#hostField").queryAs(TextField.class);
        robot.interact(() -> host.setText("fake-target"));
        TextField site = robot.lookup("#siteUrlField").queryAs(TextField.class);
        robot.interact(() -> site.setText("docs.example.org"));
        assertTrue(next(robot).isDisabled(), text(robot, "#problemLabel"));
        assertTrue(
                text(robot, "#problemLabel").startsWith("The site URL starts with https://"),
                text(robot, "#problemLabel"));
        robot.interact(() -> site.setText(url));
        assertFalse(next(robot).isDisabled(), text(robot, "#problemLabel"));

        robot.clickOn("#nextButton");
        waitUntil(
                "the host key question",
                () -> robot.lookup(DialogPrompter.TRUST_BUTTON).tryQuery().isPresent());
        robot.clickOn(DialogPrompter.TRUST_BUTTON);
        waitUntil(
                "the plan",
                () -> flow.restore().plan().viewModel().stateProperty().get() == PlanViewModel.State.READY);
    }

    @Test
    void aMigrationAsksForTheNewServerShowsTheSettingsItChangesAndRollsBack(FxRobot robot) throws Exception {
        engine.targetRuns = true;
        toMigrationPlan(robot, "https://docs.example.org");
        assertEquals("root@fake-target", engine.logins.get(0).address());
        assertEquals("What the migration will do", text(robot, ".page-title"));
        assertEquals("root@fake-target (the new server), from root@fake-server", text(robot, "#targetLabel"));
        assertEquals(
                List.of(
                        "PAPERMERGE__MAIN__URL in docker-compose.yml  →  https://docs.example.org",
                        "ALLOWED_HOST in .env  →  docs.example.org"),
                lines(robot, "#settingsLines"));
        assertTrue(robot.lookup(".server-chip").tryQuery().isPresent(), "each step says on which server it runs");
        CheckBox replace = robot.lookup("#confirmCheck").queryAs(CheckBox.class);
        assertTrue(replace.isVisible(), "the new server runs the project already");
        assertTrue(replace.getText().startsWith("Replace what root@fake-target runs of project papermerge"));
        assertEquals("Start migration", next(robot).getText());
        assertTrue(next(robot).isDisabled(), "not before replacing it is agreed");
        robot.interact(replace::fire); // below the fold of the side pane at 1024x700: a person scrolls to it
        assertFalse(next(robot).isDisabled());

        robot.clickOn("#nextButton");
        awaitEnd();
        assertEquals("Migrating", text(robot, ".page-title"));
        assertTrue(engine.ran.get(0).options().overwrite(), "the agreed replacement reaches the engine");
        assertEquals("https://docs.example.org", engine.ran.get(0).options().siteUrl());
        assertEquals("Site was down 6.4 s; it is up again.", text(robot, "#downtimeLabel"));
        assertTrue(
                text(robot, "#messageLabel").startsWith("Migration complete: Papermerge runs on root@fake-target"),
                text(robot, "#messageLabel"));

        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Migration complete", text(robot, ".page-title"));
        assertEquals("Papermerge now runs on root@fake-target.", text(robot, ".summary-headline"));
        assertTrue(text(robot, "#summary-downtime").startsWith("6.4 s (from the stop on root@fake-server"));
        assertEquals("https://docs.example.org (2 settings)", text(robot, "#summary-site-url"));
        assertTrue(visible(robot, "#rollbackBox"));
        Button rollback = robot.lookup("#rollbackButton").queryButton();
        assertEquals("Roll back: start it on root@fake-server again", rollback.getText());
        robot.clickOn("#rollbackButton");
        waitUntil("the rollback", () -> text(robot, "#rollbackLabel").startsWith("Papermerge runs again"));
        assertEquals(1, engine.rollbacks.get());
        assertTrue(rollback.isDisabled(), "once is enough");
        assertTrue(text(robot, "#rollbackLabel").contains("root@fake-target still runs its copy"));

        assertFalse(engine.targets.get(0).closed.get(), "the new server's session is kept until Done");
        robot.clickOn("#nextButton");
        waitUntil(
                "the target's session closed",
                () -> engine.targets.get(0).closed.get());
    }

    @Test
    void cancellingAMigrationWhileTheSiteIsDownStartsTheOldServerAgain(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toMigrationPlan(robot, "");
        assertFalse(visible(robot, "#confirmCheck"), "the new server runs nothing of it");
        assertTrue(
                text(robot, "#settingsNoteLabel")
                        .startsWith("No new site URL: PAPERMERGE__MAIN__URL, ALLOWED_HOST" + " stay as they are."),
                text(robot, "#settingsNoteLabel"));
        robot.clickOn("#nextButton");
        engine.awaitDown();
        waitUntil("the downtime clock", () -> run().siteDownProperty().get());
        assertTrue(text(robot, "#cancelLabel").contains("starts the old server's application again"));
        robot.clickOn("#cancelButton");
        awaitEnd();
        assertTrue(engine.oldServerStartedAgain.get());
        assertTrue(
                text(robot, "#messageLabel")
                        .equals("Migration cancelled. The application was started again on the"
                                + " old server: check that the site answers."),
                text(robot, "#messageLabel"));
        assertTrue(text(robot, "#downtimeLabel").endsWith("started again on the old server."));
    }

    @Test
    void aHostKeyThatIsNotTrustedLogsInNowhere(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("#action-migrate");
        robot.clickOn("#nextButton");
        robot.clickOn("#hostField").write("fake-target");
        robot.clickOn("#userField").write("root");
        robot.clickOn("SSH agent");
        robot.clickOn("#nextButton");
        waitUntil(
                "the host key question",
                () -> robot.lookup(DialogPrompter.TRUST_BUTTON).tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane").lookup("Cancel").queryButton()); // not the page's own Cancel
        waitUntil("the refusal", () -> visible(robot, "#errorBox"));
        assertTrue(text(robot, "#errorLabel").contains("was not confirmed"), text(robot, "#errorLabel"));
        assertEquals("Where to move it", text(robot, ".page-title"));
        assertTrue(engine.targets.isEmpty());
    }

    @Test
    void closingTheWindowDuringARestoreAsksFirst(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toPlan(robot, "#action-restore");
        robot.clickOn("#nextButton");
        engine.awaitDown();
        Stage stage = (Stage) robot.lookup("#nextButton").query().getScene().getWindow();
        javafx.application.Platform.runLater(() ->
                stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        String close = RunController.closeAnyway(RunKind.RESTORE);
        waitUntil("the question", () -> robot.lookup(close).tryQuery().isPresent());
        assertTrue(stage.isShowing());
        robot.clickOn(close);
        waitUntil("the window to close", () -> !stage.isShowing());
        assertTrue(engine.cancelled.get());
    }
}
