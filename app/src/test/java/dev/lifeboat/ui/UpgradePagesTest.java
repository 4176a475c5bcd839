package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.plan.StepRow;
import dev.lifeboat.ui.restore.FakeRestoreEngine;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.upgrade.FakeUpgradeEngine;
import dev.lifeboat.ui.upgrade.UpgradeOutcome;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The upgrade through the real wizard frame at 1024x700, with a fake engine whose plans are the engine's own (issue
 * 20): the versions offered, the plan headed by its phases, the run, the Summary of each ending and its Rollback. No
 * server; {@code UpgradeWizardIT} runs it against the testbed.
 */
@ExtendWith(ApplicationExtension.class)
class UpgradePagesTest {
    @TempDir
    static Path home;

    private final FakeBackupEngine backup = new FakeBackupEngine();
    private final FakeRestoreEngine restore = new FakeRestoreEngine();
    private final FakeUpgradeEngine upgrade = new FakeUpgradeEngine();
    private ActionFlow flow;

    @Start
    void start(Stage stage) {
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        flow = new ActionFlow(wizard, p -> {}, new ProfileStore(home.resolve("config")), home);
        Scene scene = new Scene(frame, 1024, 700);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
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

    private static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent();
    }

    /** From the Action page, with {@code version} chosen, through the plan and the run to the Summary. */
    private void upgradeTo(FxRobot robot, String version) throws Exception {
        robot.interact(() -> flow.open(backup, restore, upgrade, FakeBackupEngine.stack()));
        assertFalse(visible(robot, "#upgradeBox"), "the version is asked only for an upgrade");
        robot.clickOn("#action-upgrade");
        @SuppressWarnings("unchecked")
        ComboBox<String> versions = robot.lookup("#upgradeVersion").queryAs(ComboBox.class);
        waitUntil("the versions on the server", () -> versions.getItems().size() == 2);
        assertEquals(List.of("1.5.1", "1.5.0"), versions.getItems());
        assertEquals("1.5.1", versions.getValue(), "the newest the server has is proposed");
        assertTrue(text(robot, "#upgradeCurrent").startsWith("Papermerge runs 1.4.2."), text(robot, "#upgradeCurrent"));
        assertEquals(
                "Plan the upgrade", robot.lookup("#nextButton").queryButton().getText());
        robot.interact(() -> versions.setValue(version));
        robot.clickOn("#nextButton");
        PlanViewModel plan = flow.upgrade().plan().viewModel();
        waitUntil("the plan", () -> plan.stateProperty().get() == PlanViewModel.State.READY);
        assertEquals("What the upgrade will do", text(robot, ".page-title"));
        assertEquals("1.4.2 → " + version, text(robot, "#upgradeVersionLabel"));
        assertTrue(upgrade.calls.contains("plan " + version), upgrade.calls.toString());
        List<StepRow> steps = flow.upgrade().plan().source().steps();
        assertEquals(
                List.of(
                        "1 · Before: pull, snapshot (the site up but for seconds)",
                        "2 · Rehearsal on a throw-away copy (the live site runs)",
                        "3 · Live upgrade (rolled back by itself if it fails)"),
                steps.stream().filter(StepRow::firstOfGroup).map(StepRow::group).toList());
        assertEquals("Start upgrade", robot.lookup("#nextButton").queryButton().getText());
        robot.clickOn("#nextButton");
        RunViewModel run = flow.upgrade().run().viewModel();
        waitUntil(
                "the run's end",
                () -> !run.runningProperty().get() && run.stateProperty().get() != RunViewModel.RunState.IDLE);
        assertEquals("Upgrading", text(robot, ".page-title"));
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anUpgradeIsOfferedPlannedRunAndRolledBackFromItsSummary(FxRobot robot) throws Exception {
        upgradeTo(robot, "1.5.0");
        assertEquals("Upgrade complete", text(robot, ".page-title"));
        assertEquals("Docker Compose project on root@fake-server runs 1.5.0 now.", text(robot, ".summary-headline"));
        assertEquals("passed on a throw-away copy in 42.0 s (the copy is gone)", text(robot, "#summary-rehearsal"));
        assertTrue(visible(robot, "#rollbackBox"));
        Button rollback = robot.lookup("#rollbackButton").queryButton();
        assertEquals("Roll back to 1.4.2", rollback.getText());
        robot.clickOn("#rollbackButton");
        waitUntil("the rollback", () -> text(robot, "#rollbackLabel").contains("runs 1.4.2 again"));
        assertTrue(upgrade.calls.contains("rollback"), upgrade.calls.toString());
        assertTrue(rollback.isDisabled(), "once is enough");
    }

    @Test
    void aFailedRehearsalEndsOnASummaryThatSaysTheLiveSiteWasNotUpgraded(FxRobot robot) throws Exception {
        upgrade.ending = UpgradeOutcome.End.REHEARSAL_FAILED;
        upgradeTo(robot, "1.5.1");
        assertEquals("Upgrade stopped by its rehearsal", text(robot, ".page-title"));
        assertEquals(
                "1.5.1 did not come up on the copy: Docker Compose project still runs 1.4.2, never upgraded.",
                text(robot, ".summary-headline"));
        assertTrue(visible(robot, "#problemBox"), "what failed is shown");
        assertFalse(visible(robot, "#rollbackBox"), "nothing to roll back");
    }
}
