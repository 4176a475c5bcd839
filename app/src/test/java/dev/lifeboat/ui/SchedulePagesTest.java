package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import dev.lifeboat.ui.plan.PlanViewModel;
import dev.lifeboat.ui.run.RunViewModel;
import dev.lifeboat.ui.scheduleform.ScheduleFormController;
import dev.lifeboat.ui.schedules.FakeScheduleEngine;
import dev.lifeboat.ui.schedules.SchedulesController;
import dev.lifeboat.ui.wizard.WizardController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's part of issue 18 in the real wizard frame, with fake engines: from a backup's Summary to a saved
 * schedule ("Back up every night", the form's defaults and the scheduler's reading, the runs' key agreed in a dialog),
 * the Schedules view (run now, pause, remove, the chart) and the sidebar's glance.
 */
@ExtendWith(ApplicationExtension.class)
class SchedulePagesTest {
    private final FakeBackupEngine backup = new FakeBackupEngine();
    private final FakeScheduleEngine schedules = new FakeScheduleEngine();
    private ConnectionProfile profile;
    private ProfileStore profiles;
    private ActionFlow flow;
    private SchedulesFlow schedulesFlow;

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("lifeboat-schedules-test");
        profiles = new ProfileStore(home.resolve("config"));
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "not a real key");
        profile = new ConnectionProfile("srv-a", "srv-a.example.org", 22, "root", AuthMethod.KEY_FILE, key.toString());
        profiles.save(profile);
        WizardController wizard = new WizardController();
        Parent frame = Fxml.load(LifeboatApp.class, "wizard/Wizard.fxml", wizard);
        flow = new ActionFlow(wizard, p -> {}, profiles, home);
        schedulesFlow = new SchedulesFlow(wizard, schedules, profiles, home, new Launch(List.of("lifeboat")));
        flow.backup().offerAfterBackup(stack -> schedulesFlow.offer(profile, stack));
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

    private static Button next(FxRobot robot) {
        return robot.lookup("#nextButton").queryButton();
    }

    private static boolean shown(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent();
    }

    /** A backup in the window, from the Action page to its Summary. */
    private void backUp(FxRobot robot) throws Exception {
        robot.interact(() -> {
            schedulesFlow.start();
            flow.open(backup, FakeBackupEngine.stack());
        });
        robot.clickOn("#nextButton");
        waitUntil(
                "the plan",
                () -> flow.backup().plan().viewModel().stateProperty().get() == PlanViewModel.State.READY);
        robot.clickOn("#nextButton");
        waitUntil(
                "the run's end",
                () -> flow.backup().run().viewModel().stateProperty().get() == RunViewModel.RunState.SUCCEEDED
                        && !next(robot).isDisabled());
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Backup complete", text(robot, ".page-title"));
    }

    /** From the Summary's offer to the form, its calendars read by the scheduler. */
    private void toForm(FxRobot robot) throws Exception {
        backUp(robot);
        assertTrue(shown(robot, "#offerBox"), "a successful backup offers to back up every night");
        assertEquals(
                "Back up every night",
                robot.lookup("#offerButton").queryButton().getText());
        robot.clickOn("#offerButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Back up every night", text(robot, ".page-title"));
        waitUntil(
                "the form's calendars read",
                () -> schedulesFlow.form().viewModel().canSaveProperty().get());
    }

    @Test
    void fromABackupsSummaryOneClickAndOneAgreementMakeANightlyBackupAndASundayDrillThatTellTheDesktop(FxRobot robot)
            throws Exception {
        toForm(robot);
        assertEquals(
                "daily 03:00",
                robot.lookup("#backupField").queryAs(TextField.class).getText());
        assertEquals("OnCalendar=*-*-* 03:00:00", text(robot, "#backupReadLabel"));
        assertTrue(text(robot, "#backupNextLabel").startsWith("next: "), text(robot, "#backupNextLabel"));
        assertTrue(text(robot, "#backupNextLabel").endsWith(" at 03:00"), text(robot, "#backupNextLabel"));
        assertTrue(robot.lookup("#drillCheck").queryAs(CheckBox.class).isSelected());
        assertEquals("OnCalendar=Sun *-*-* 04:00:00", text(robot, "#drillReadLabel"));
        assertTrue(robot.lookup("#channel-desktop").queryAs(CheckBox.class).isSelected());
        assertTrue(text(robot, "#loginLabel").contains("only once you agree"), text(robot, "#loginLabel"));
        assertEquals("Save schedule", next(robot).getText());
        assertTrue(schedules.installed.isEmpty());

        robot.clickOn("#nextButton");
        waitUntil("the question before the key is installed", () -> robot.lookup(
                        ScheduleFormController.INSTALL_KEY_BUTTON)
                .tryQuery()
                .isPresent());
        assertEquals("Fingerprint: " + FakeScheduleEngine.FINGERPRINT, text(robot, "#keyFingerprint"));
        assertTrue(schedules.keysInstalled.isEmpty(), "nothing is installed before the admin agrees");
        robot.clickOn(ScheduleFormController.INSTALL_KEY_BUTTON);
        waitUntil("the Schedules view", () -> "Schedules".equals(text(robot, ".page-title")));

        assertEquals(List.of("root@srv-a.example.org " + FakeScheduleEngine.PUBLIC_KEY), schedules.keysInstalled);
        Schedule s = schedules.installed.get(0);
        assertEquals("srv-a-papermerge", s.name());
        assertEquals("srv-a", s.profile());
        assertEquals("/opt/papermerge", s.app());
        assertEquals("daily 03:00", s.backup());
        assertEquals("weekly Sun 04:00", s.drill());
        assertEquals(List.of("desktop"), s.channels());
        assertEquals("/home/admin/.config/lifeboat/keys/srv-a_ed25519", s.keyFile());
        assertEquals(
                List.of("desktop"),
                schedules.channels.stream().map(Channel::name).toList());
        TableView<?> table = robot.lookup(".schedule-table").queryTableView();
        waitUntil("the new schedule's row", () -> table.getItems().size() == 1);
        assertTrue(
                robot.lookup("#sidebar-schedule-srv-a-papermerge").tryQuery().isPresent(),
                "the sidebar shows the new schedule");
        assertTrue(
                robot.lookup(".status")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("Saved the schedule srv-a-papermerge"),
                robot.lookup(".status").queryAs(Label.class).getText());

        robot.clickOn("#nextButton"); // Done: back where the admin came from
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Back up every night", text(robot, ".page-title"));
    }

    @Test
    void aDeclinedKeySavesNothingAndSaysWhy(FxRobot robot) throws Exception {
        toForm(robot);
        robot.clickOn("#nextButton");
        waitUntil("the question", () -> robot.lookup(ScheduleFormController.INSTALL_KEY_BUTTON)
                .tryQuery()
                .isPresent());
        robot.clickOn("Cancel");
        waitUntil(
                "the refusal",
                () -> shown(robot, "#errorLabel") && !text(robot, "#errorLabel").isEmpty());
        assertTrue(text(robot, "#errorLabel").startsWith("The key was not installed"), text(robot, "#errorLabel"));
        assertTrue(schedules.installed.isEmpty());
        assertTrue(schedules.keysInstalled.isEmpty());
        assertEquals("Back up every night", text(robot, ".page-title"));
        assertFalse(next(robot).isDisabled(), "the admin may try again");
    }

    @Test
    void aCalendarTheSchedulerDoesNotReadIsShownInItsWordsAndSaveWaits(FxRobot robot) throws Exception {
        toForm(robot);
        TextField field = robot.lookup("#backupField").queryAs(TextField.class);
        robot.interact(() -> field.setText("every blue moon"));
        waitUntil(
                "the scheduler's refusal", () -> text(robot, "#backupReadLabel").startsWith("systemd does not read"));
        assertTrue(next(robot).isDisabled());
        assertTrue(text(robot, "#problemLabel").startsWith("The backup calendar: systemd does not read"));
        robot.interact(() -> field.setText("daily 02:30"));
        waitUntil("the new reading", () -> "OnCalendar=*-*-* 02:30:00".equals(text(robot, "#backupReadLabel")));
        assertFalse(next(robot).isDisabled());
    }

    @Test
    void anEmailChannelAddedOnTheFormIsSavedWithItsPasswordInTheSecretStoreAndChosen(FxRobot robot) throws Exception {
        toForm(robot);
        robot.clickOn("#addMailButton");
        waitUntil(
                "the e-mail dialog",
                () -> robot.lookup("SMTP server").tryQuery().isPresent());
        robot.interact(() -> {
            List<TextField> fields = robot.lookup(".dialog-pane .text-field").queryAllAs(TextField.class).stream()
                    .filter(f -> !(f instanceof PasswordField))
                    .toList();
            // name, host, port, login, from, to
            fields.get(1).setText("mail.example.org");
            fields.get(3).setText("backup@example.org");
            fields.get(4).setText("backup@example.org");
            fields.get(5).setText("admin@example.org");
            robot.lookup(".dialog-pane .password-field")
                    .queryAs(PasswordField.class)
                    .setText("s3cret");
        });
        robot.clickOn("Add");
        waitUntil(
                "the new channel",
                () -> robot.lookup("#channel-mail").tryQuery().isPresent());
        assertTrue(robot.lookup("#channel-mail").queryAs(CheckBox.class).isSelected());
        Channel mail = schedules.channels.get(0);
        assertEquals("mail.example.org", mail.host());
        assertEquals(List.of("admin@example.org"), mail.to());
        assertEquals("s3cret", new String(schedules.secrets.get("mail")));
    }

    @Test
    void theSidebarShowsAFailedScheduleAtAGlanceAndTheViewSaysWhatFailedAndChartsTheRuns(FxRobot robot)
            throws Exception {
        schedules.aMonthOn(Instant.now());
        robot.interact(() -> schedulesFlow.start());
        waitUntil(
                "the sidebar's glance",
                () -> robot.lookup("#sidebar-schedule-lab-overleaf").tryQuery().isPresent());
        HBox failed = robot.lookup("#sidebar-schedule-lab-overleaf").queryAs(HBox.class);
        assertTrue(
                failed.getChildren().stream()
                        .anyMatch(n -> n instanceof Label l && l.getText().equals("FAILED")),
                "the failed schedule says so");
        assertEquals("1", robot.lookup(".sidebar-alert").queryAs(Label.class).getText());

        robot.clickOn("#sidebar-schedule-lab-overleaf");
        waitUntil("the Schedules view", () -> "Schedules".equals(text(robot, ".page-title")));
        var vm = schedulesFlow.view().viewModel();
        waitUntil(
                "the failed schedule chosen and its chart",
                () -> vm.selectedProperty().get() != null
                        && vm.selectedProperty().get().name().equals("lab-overleaf")
                        && vm.chartProperty().get() != null);
        assertTrue(shown(robot, "#problemBox"));
        assertTrue(robot.lookup("#problemList .label")
                .queryAs(Label.class)
                .getText()
                .contains("FAILED: Could not reach"));
        assertEquals(7, vm.chartProperty().get().bars().size());
        assertTrue(shown(robot, "#downtimeChart"));
        assertEquals(
                1,
                robot.lookup("#downtimeChart .run-bar-failed").queryAll().stream()
                        .filter(n -> n.getBoundsInParent().getHeight() > 1)
                        .count(),
                "the failed run is a bar of its own colour");

        schedules.nextRun = FakeScheduleEngine.backup("lab-overleaf", Instant.now(), 0, RunRecord.Outcome.OK, 3_000, 1);
        schedules.holdRun = new CountDownLatch(1);
        robot.clickOn("#runButton");
        waitUntil(
                "the run under way",
                () -> robot.lookup("#runButton").queryButton().isDisabled());
        assertTrue(text(robot, "#messageLabel").startsWith("Running the backup of lab-overleaf now"));
        schedules.holdRun.countDown();
        waitUntil(
                "the run's end", () -> text(robot, "#messageLabel").startsWith("The backup of lab-overleaf went well"));
        assertTrue(schedules.calls.contains("runNow lab-overleaf backup"));

        robot.clickOn("#pauseButton");
        waitUntil("the pause", () -> schedules.calls.contains("pause lab-overleaf"));
        waitUntil("Resume offered", () -> "Resume"
                .equals(robot.lookup("#pauseButton").queryButton().getText()));

        robot.clickOn("#removeButton");
        waitUntil(
                "the question",
                () -> robot.lookup(SchedulesController.REMOVE_BUTTON).tryQuery().isPresent());
        robot.clickOn(SchedulesController.REMOVE_BUTTON);
        waitUntil("the removal", () -> schedules.calls.contains("remove lab-overleaf"));
        waitUntil(
                "the row gone", () -> vm.rows().stream().noneMatch(r -> r.name().equals("lab-overleaf")));
        waitUntil(
                "the sidebar without it",
                () -> robot.lookup("#sidebar-schedule-lab-overleaf").tryQuery().isEmpty());
        assertTrue(robot.lookup(".sidebar-alert").tryQuery().isEmpty(), "nothing needs the admin any more");
    }

    @Test
    void anApplicationWithAScheduleIsOfferedItsScheduleInsteadOfANewOne(FxRobot robot) throws Exception {
        schedules.aMonthOn(Instant.now());
        robot.interact(() -> schedulesFlow.start());
        waitUntil("the schedules read", () -> robot.lookup("#sidebar-schedule-srv-a-papermerge")
                .tryQuery()
                .isPresent());
        backUp(robot);
        assertEquals(
                "Show schedules", robot.lookup("#offerButton").queryButton().getText());
        robot.clickOn("#offerButton");
        waitUntil("the Schedules view", () -> "Schedules".equals(text(robot, ".page-title")));
        waitUntil(
                "its schedule chosen",
                () -> schedulesFlow.view().viewModel().selectedProperty().get() != null
                        && schedulesFlow
                                .view()
                                .viewModel()
                                .selectedProperty()
                                .get()
                                .name()
                                .equals("srv-a-papermerge"));
    }
}
