package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.DrillRecord;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import dev.lifeboat.ui.action.ActionViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A restore drill and a restore of srv-a's Papermerge through the wizard, as a person clicks them: Connect, choose
 * the application, back it up once (the store starts empty), then Drill the new snapshot beside the live site and
 * Restore it onto srv-a itself with the overwrite agreed. Checks what the Plan, Run and Summary pages show, that the
 * drill left nothing behind and is listed in the snapshot browser, and that after the restore Papermerge runs again
 * holding what it held (the testbed's fingerprint).
 */
@TestbedTest
@ExtendWith(ApplicationExtension.class)
class RestoreWizardIT {
    private static final String APP = "/opt/papermerge";
    private static final String DEPLOYMENT = "papermerge-3.6-standard-compose";

    @TempDir
    Path home;

    private Path store;
    private final Testbed testbed;

    RestoreWizardIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @Start
    void start(Stage stage) throws Exception {
        Path knownHosts = home.resolve("known_hosts");
        Files.writeString(
                knownHosts,
                String.join(
                                "\n",
                                Files.readAllLines(
                                        TestbedHosts.knownHosts(Files.createDirectories(home.resolve("kh")))))
                        + "\n");
        store = Files.createDirectories(home.resolve("snapshots"));
        SshOptions ssh = SshOptions.defaults().withKnownHostsFile(knownHosts).withSshConfigFile(null);
        stage.setScene(LifeboatApp.createScene(
                AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home), home, null, ssh, store));
        stage.show();
    }

    private static void waitUntil(FxRobot robot, String what, int seconds, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " after " + seconds + " s; page: "
                    + robot.lookup(".page-title").tryQueryAs(Label.class).map(Label::getText) + "; status: "
                    + robot.lookup(".status").tryQueryAs(Label.class).map(Label::getText) + "; message: "
                    + robot.lookup("#messageLabel").tryQueryAs(Label.class).map(Label::getText) + "; error: "
                    + robot.lookup(".error-message").tryQueryAs(Label.class).map(Label::getText));
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static String title(FxRobot robot) {
        return text(robot, ".page-title");
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

    /** Connects to srv-a as root and chooses Papermerge, up to the Action page. */
    private void toAction(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#hostField").queryAs(TextField.class).setText(TestbedHosts.ip("srv-a"));
            robot.lookup("#userField").queryAs(TextField.class).setText("root");
            robot.lookup("#keyToggle").queryAs(ToggleButton.class).setSelected(true);
            robot.lookup("#keyFileField")
                    .queryAs(TextField.class)
                    .setText(TestbedHosts.keyFile("root").toString());
        });
        robot.clickOn("#nextButton");
        waitUntil(robot, "detected applications", 60, () -> robot.lookup("#stackChoice")
                .tryQueryAs(ComboBox.class)
                .map(c -> c.getItems().size() > 1)
                .orElse(false));
        @SuppressWarnings("unchecked")
        ComboBox<DetectedStack> choice = robot.lookup("#stackChoice").queryAs(ComboBox.class);
        DetectedStack papermerge = choice.getItems().stream()
                .filter(s -> s.installDir().equals(APP))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> choice.setValue(papermerge));
        robot.clickOn("#nextButton");
        waitUntil(robot, "Action page", 10, () -> "What to do".equals(title(robot)));
    }

    /** Backs Papermerge up from the Action page and returns to it with the new snapshot listed. */
    private void backUp(FxRobot robot) throws Exception {
        robot.clickOn("#action-backup");
        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "the backup's plan",
                120,
                () -> robot.lookup("#nextButton").queryButton().getText().equals("Start backup")
                        && !robot.lookup("#nextButton").queryButton().isDisabled());
        robot.clickOn("#nextButton");
        waitUntil(robot, "the end of the backup", 300, () -> robot.lookup("#messageLabel")
                .tryQueryAs(Label.class)
                .map(l ->
                        l.getText().startsWith("Backup complete") || l.getText().startsWith("The backup failed"))
                .orElse(false));
        assertTrue(text(robot, "#messageLabel").startsWith("Backup complete"), text(robot, "#messageLabel"));
        robot.clickOn("#nextButton"); // Summary
        waitUntil(robot, "the backup's summary", 10, () -> "Backup complete".equals(title(robot)));
        robot.clickOn("#nextButton"); // Done
        waitUntil(
                robot,
                "the Action page with the snapshot",
                30,
                () -> "What to do".equals(title(robot))
                        && robot.lookup(".snapshot-table")
                                        .queryTableView()
                                        .getItems()
                                        .size()
                                == 1);
    }

    /** Presses Start on the plan of a restore or drill and waits for the run's end. */
    private String run(FxRobot robot, String runTitle, String... ends) throws Exception {
        robot.clickOn("#nextButton");
        waitUntil(robot, runTitle + " page", 10, () -> runTitle.equals(title(robot)));
        waitUntil(robot, "the end of the run", 420, () -> {
            String m = text(robot, "#messageLabel");
            for (String end : ends) {
                if (m.startsWith(end)) {
                    return true;
                }
            }
            return false;
        });
        return text(robot, "#messageLabel");
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aDrillAndARestoreOfPapermergeRunThroughTheWizard(FxRobot robot) throws Exception {
        List<String> before = fingerprint();
        toAction(robot);
        backUp(robot);
        Path snapshot = ((ActionViewModel.SnapshotRow) robot.lookup(".snapshot-table")
                        .queryTableView()
                        .getItems()
                        .get(0))
                .info()
                .path();
        assertTrue(snapshot.startsWith(store), snapshot.toString());

        // Drill: beside the live site, on srv-a.
        robot.clickOn("#action-drill");
        assertFalse(robot.lookup("#nextButton").queryButton().isDisabled(), text(robot, "#actionHint"));
        assertEquals("Plan the drill", robot.lookup("#nextButton").queryButton().getText());
        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "the drill's plan",
                60,
                () -> "What the drill will do".equals(title(robot))
                        && (!robot.lookup("#nextButton").queryButton().isDisabled()
                                || robot.lookup("#errorBox").query().isVisible()));
        assertFalse(robot.lookup("#errorBox").query().isVisible(), text(robot, "#errorLabel"));
        assertTrue(
                text(robot, "#targetLabel").contains("beside the live site: project lifeboat-drill-"),
                text(robot, "#targetLabel"));
        assertTrue(lines(robot, "#overwrittenLines").get(0).startsWith("Nothing of the live site."));
        assertTrue(items(robot, "#planStepList").size() > 5, "describe's steps are listed");
        String drilled = run(robot, "Restore drill", "Drill passed", "Drill FAILED", "The drill could not run");
        assertTrue(drilled.startsWith("Drill passed"), drilled);
        assertEquals("The live site is not touched.", text(robot, "#downtimeLabel"));
        assertTrue(allRunning("papermerge"), "the live site kept running during the drill");
        robot.clickOn("#nextButton");
        waitUntil(robot, "the drill's summary", 10, () -> "Drill passed".equals(title(robot)));
        assertEquals("passed", text(robot, "#summary-result"));
        assertEquals("nothing: its containers, volumes, networks and folder are gone", text(robot, "#summary-left"));
        assertTrue(
                text(robot, "#summary-restore").matches("\\d+\\.\\d s \\(files and dumps back\\)"),
                text(robot, "#summary-restore"));
        assertNothingLeft();
        robot.clickOn("#nextButton"); // Done
        TableView<?> table = robot.lookup(".snapshot-table").queryTableView();
        waitUntil(
                robot,
                "the drill in the snapshot browser",
                30,
                () -> table.getItems().size() == 1
                        && String.valueOf(table.getColumns().get(5).getCellData(0))
                                .startsWith("passed"));
        assertTrue(DrillRecord.read(snapshot).map(DrillRecord::passed).orElse(false), "drill.json beside it");

        // Restore: onto srv-a itself, its data replaced by the snapshot's once that is agreed.
        robot.clickOn("#action-restore");
        assertTrue(robot.lookup("#nextButton").queryButton().isDisabled(), "not before the overwrite is agreed");
        CheckBox agree = robot.lookup("#overwriteCheck").queryAs(CheckBox.class);
        assertTrue(
                agree.getText().startsWith("Replace Papermerge on root@" + TestbedHosts.ip("srv-a")), agree.getText());
        robot.clickOn("#overwriteCheck");
        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "the restore's plan",
                60,
                () -> "What the restore will do".equals(title(robot))
                        && (!robot.lookup("#nextButton").queryButton().isDisabled()
                                || robot.lookup("#errorBox").query().isVisible()));
        assertFalse(robot.lookup("#errorBox").query().isVisible(), text(robot, "#errorLabel"));
        assertTrue(
                text(robot, "#targetLabel").contains("in place: /opt/papermerge as project papermerge"),
                text(robot, "#targetLabel"));
        assertTrue(
                lines(robot, "#overwrittenLines").get(0).startsWith("The containers of project papermerge ("),
                lines(robot, "#overwrittenLines").toString());
        assertTrue(robot.lookup(".badge-down").tryQuery().isPresent(), "the steps with the site down are marked");
        assertEquals("Start restore", robot.lookup("#nextButton").queryButton().getText());
        String restored = run(
                robot, "Restoring", "Restore complete", "The restore ran", "The restore failed", "Restore cancelled");
        assertTrue(restored.startsWith("Restore complete"), restored);
        assertTrue(text(robot, "#downtimeLabel").startsWith("Site was down "), text(robot, "#downtimeLabel"));
        ListView<?> log = robot.lookup("#logView").queryListView();
        assertTrue(log.getItems().size() > 0, "the run's log");
        robot.clickOn("#nextButton");
        waitUntil(robot, "the restore's summary", 10, () -> "Restore complete".equals(title(robot)));
        assertTrue(
                text(robot, "#summary-result")
                        .startsWith("every count matches the snapshot; the health check" + " passed"),
                text(robot, "#summary-result"));
        assertTrue(allRunning("papermerge"), "every papermerge container runs again");
        assertEquals(before, fingerprint(), "srv-a holds what it held when the snapshot was taken");
    }

    private List<String> fingerprint() {
        return testbed.fingerprint("srv-a", DEPLOYMENT)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    private boolean allRunning(String project) {
        String out = testbed.exec(
                        "srv-a",
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--format",
                        "{{.State}}")
                .orThrow()
                .stdout();
        return !out.isBlank() && out.lines().allMatch(l -> l.strip().equals("running"));
    }

    private void assertNothingLeft() {
        String left = testbed.exec(
                        "srv-a",
                        "sh",
                        "-c",
                        "docker ps -a --format '{{.Label \"com.docker.compose.project\"}}' | grep lifeboat-drill;"
                                + " docker volume ls --format '{{.Name}}' | grep lifeboat-drill;"
                                + " docker network ls --format '{{.Name}}' | grep lifeboat-drill;"
                                + " ls -d /var/tmp/lifeboat-drill 2>/dev/null; true")
                .stdout()
                .strip();
        assertEquals("", left, "the drill left something on srv-a");
    }
}
