package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.service.SnapshotInfo;
import dev.lifeboat.ui.action.ActionViewModel;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import dev.lifeboat.ui.run.RunController;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The backup pages in the real wizard frame, driven through a fake engine: fast, no server. */
@ExtendWith(ApplicationExtension.class)
class BackupPagesTest {
    private final FakeBackupEngine engine = new FakeBackupEngine();
    private final List<Path> opened = new CopyOnWriteArrayList<>();
    private ActionFlow flow;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        flow = new ActionFlow(wizard, opened::add, TestProfiles.store(), TestProfiles.home());
        Scene scene = new Scene(frame, 1024, 700);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void open(FxRobot robot) throws Exception {
        robot.interact(() -> flow.open(engine, FakeBackupEngine.stack()));
        WaitForAsyncUtils.waitForFxEvents();
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

    private void toPlan(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("#nextButton");
        waitUntil(
                "the plan",
                () -> flow.backup().plan().viewModel().stateProperty().get() != PlanViewModel.State.PLANNING);
    }

    private void toRun(FxRobot robot) throws Exception {
        toPlan(robot);
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theActionPageOffersEveryActionWithARestoreEngineAndOnlyBackupWithout(FxRobot robot) throws Exception {
        engine.snapshots = List.of(new SnapshotInfo(
                Path.of("/store/fake-server/papermerge/20261201T091500Z"),
                "20261201T091500Z",
                "2026-12-01T09:15:00Z",
                52_428_800,
                1_048_576,
                4_250,
                "at backup"));
        open(robot);
        assertEquals("What to do", text(robot, ".page-title"));
        assertFalse(robot.lookup("#action-backup").queryAs(ToggleButton.class).isDisabled());
        assertTrue(robot.lookup("#action-backup").queryAs(ToggleButton.class).isSelected());
        for (String other : List.of("#action-restore", "#action-drill", "#action-migrate")) {
            assertTrue(robot.lookup(other).queryAs(ToggleButton.class).isDisabled(), "no restore engine: " + other);
        }
        robot.interact(() -> flow.open(engine, new FakeRestoreEngine(), FakeBackupEngine.stack()));
        WaitForAsyncUtils.waitForFxEvents();
        for (String other : List.of("#action-restore", "#action-drill", "#action-migrate")) {
            assertFalse(robot.lookup(other).queryAs(ToggleButton.class).isDisabled(), other);
        }
        assertFalse(robot.lookup("Restore  · coming").tryQuery().isPresent());
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil("the snapshots", () -> table.getItems().size() == 1);
        assertEquals("Plan the backup", next(robot).getText());
        assertFalse(next(robot).isDisabled());

        robot.clickOn("#verifyButton");
        waitUntil(
                "the verification",
                () -> !engine.verified.isEmpty()
                        && text(robot, "#verifyLabel").startsWith("Could not verify")
                                | text(robot, "#verifyLabel").startsWith("Intact"));
        robot.clickOn("#openFolderButton");
        assertEquals(List.of(Path.of("/store/fake-server/papermerge/20261201T091500Z")), opened);
    }

    @Test
    void thePlanShowsEveryStepTheContainersAndTheExpectedDowntime(FxRobot robot) throws Exception {
        toPlan(robot);
        assertEquals("What the backup will do", text(robot, ".page-title"));
        assertEquals("about 8 s", text(robot, "#downtimeLabel"));
        assertEquals("up to 114 MB", text(robot, "#spaceLabel"));
        assertEquals("1. papermerge  →  2. worker", text(robot, "#stopLabel"));
        assertEquals("db", text(robot, "#keptUpLabel"));
        ListView<?> steps = robot.lookup("#planStepList").queryListView();
        assertEquals(8, steps.getItems().size());
        assertTrue(robot.lookup(".badge-down").tryQuery().isPresent(), "site-down steps are marked");
        assertEquals("Start backup", next(robot).getText());
        assertFalse(next(robot).isDisabled());
        assertFalse(robot.lookup("#errorBox").query().isVisible());
    }

    @Test
    void aRefusedPlanIsAClearErrorAndStartStaysOff(FxRobot robot) throws Exception {
        engine.refuse = "No container of the compose project papermerge is running. Start the site and try again.";
        toPlan(robot);
        assertTrue(robot.lookup("#errorBox").query().isVisible());
        assertEquals("The backup cannot run", text(robot, ".error-title"));
        assertTrue(text(robot, "#errorLabel").contains("Start the site"));
        assertTrue(next(robot).isDisabled());
    }

    @Test
    void theRunFillsFromEngineEventsAndLeadsToTheSummary(FxRobot robot) throws Exception {
        toRun(robot);
        RunViewModel vm = flow.backup().run().viewModel();
        waitUntil("the run's end", () -> vm.stateProperty().get() == RunViewModel.RunState.SUCCEEDED);
        assertEquals("Backing up", text(robot, ".page-title"));
        assertTrue(
                vm.steps().stream().allMatch(s -> s.state() == RunViewModel.StepState.DONE),
                vm.steps().toString());
        assertTrue(robot.lookup(".step-done").tryQuery().isPresent(), "the step list shows state icons");
        assertEquals("Site was down 4.2 s; it is up again.", text(robot, "#downtimeLabel"));

        @SuppressWarnings("unchecked")
        ComboBox<String> source = robot.lookup("#sourceChoice").queryAs(ComboBox.class);
        assertTrue(
                source.getItems().contains("container:papermerge"),
                source.getItems().toString());
        robot.interact(() -> source.setValue("container:papermerge"));
        ListView<?> log = robot.lookup("#logView").queryListView();
        assertTrue(log.getItems().stream().anyMatch(l -> l.toString().contains("GET /api/documents 200")));
        robot.interact(() -> source.setValue("run"));
        robot.clickOn("#filterField").write("stop");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(log.getItems().size() > 0);
        assertTrue(
                log.getItems().stream().allMatch(l -> l.toString().toLowerCase().contains("stop")));

        assertEquals("Summary", next(robot).getText());
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Backup complete", text(robot, ".page-title"));
        assertEquals("4.2 s (the site passed its health check)", text(robot, ".summary-downtime"));
        assertEquals(engine.snapshotDir.toString(), text(robot, "#summary-folder"));
        robot.clickOn("#openFolderButton");
        assertEquals(List.of(engine.snapshotDir), opened);
        robot.clickOn("#copyReportButton");
        WaitForAsyncUtils.waitForFxEvents();
        String[] clip = new String[1];
        robot.interact(() ->
                clip[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertTrue(clip[0] != null && clip[0].contains("Site down: 4.2 s"), String.valueOf(clip[0]));
    }

    /**
     * A whole backup with the keyboard alone: each page gives its first control the focus, Enter presses Next
     * (whatever its label says), Alt+Left goes back and Alt+Right forward.
     */
    @Test
    void aWholeBackupCanBeDrivenWithTheKeyboardAlone(FxRobot robot) throws Exception {
        open(robot);
        assertEquals("What to do", text(robot, ".page-title"));
        waitUntil(
                "the focus on the page",
                () -> robot.lookup("#action-backup").queryAs(ToggleButton.class).isFocused());
        robot.targetWindow(stage); // where the keys go; no mouse
        robot.type(KeyCode.ENTER);
        waitUntil(
                "the plan",
                () -> flow.backup().plan().viewModel().stateProperty().get() != PlanViewModel.State.PLANNING);
        assertEquals("Start backup", next(robot).getText());
        robot.push(KeyCode.ALT, KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("What to do", text(robot, ".page-title"), "Alt+Left went back");
        robot.push(KeyCode.ALT, KeyCode.RIGHT);
        waitUntil(
                "the plan again",
                () -> "Start backup".equals(next(robot).getText())
                        && !next(robot).isDisabled());
        robot.type(KeyCode.ENTER);
        RunViewModel vm = flow.backup().run().viewModel();
        waitUntil("the run's end", () -> vm.stateProperty().get() == RunViewModel.RunState.SUCCEEDED);
        waitUntil("Next enabled", () -> !next(robot).isDisabled());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Backup complete", text(robot, ".page-title"));
    }

    @Test
    void cancelWhileTheSiteIsDownSaysWhatItDoesAndEndsWithTheSiteUp(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toRun(robot);
        engine.awaitDown();
        RunViewModel vm = flow.backup().run().viewModel();
        waitUntil("the downtime clock", () -> vm.siteDownProperty().get());
        assertTrue(text(robot, "#downtimeLabel").startsWith("Site down for"), text(robot, "#downtimeLabel"));
        assertTrue(text(robot, "#cancelLabel").contains("starts the stopped containers again"));
        for (String bar : List.of("#overallBar", "#stepBar")) {
            assertTrue(robot.lookup(bar).query().getLayoutBounds().getHeight() > 0, bar + " is squeezed away");
        }
        assertTrue(robot.lookup("#backButton").queryButton().isDisabled(), "no leaving a running backup");
        robot.clickOn("#cancelButton");
        waitUntil("the cancelled run", () -> vm.stateProperty().get() == RunViewModel.RunState.CANCELLED);
        assertTrue(engine.cancelled.get());
        assertTrue(engine.siteStartedAgain.get());
        assertEquals("Backup cancelled. The site is up again.", text(robot, "#messageLabel"));
        assertTrue(next(robot).isDisabled(), "no summary for a cancelled run");
        assertFalse(robot.lookup("#backButton").queryButton().isDisabled());
    }

    @Test
    void closingTheWindowDuringARunAsksFirstAndCancelsSafely(FxRobot robot) throws Exception {
        engine.holdWhileDown = true;
        toRun(robot);
        engine.awaitDown();
        Stage stage = (Stage) robot.lookup("#nextButton").query().getScene().getWindow();
        // Not interact(): the question is a nested event loop that returns only once answered.
        javafx.application.Platform.runLater(() ->
                stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(
                "the question",
                () -> robot.lookup(RunController.CLOSE_ANYWAY).tryQuery().isPresent());
        assertTrue(stage.isShowing(), "nothing closes before the answer");
        robot.clickOn(RunController.CLOSE_ANYWAY);
        waitUntil("the window to close", () -> !stage.isShowing());
        assertTrue(engine.siteStartedAgain.get(), "the site was started again before the window closed");
    }

    private static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent();
    }

    @Test
    void cancellingTheVerificationIsOffered(FxRobot robot) throws Exception {
        open(robot);
        assertFalse(visible(robot, "#cancelVerifyButton"));
        assertEquals(ActionViewModel.SNAPSHOTS_SHOWN, 3);
    }
}
