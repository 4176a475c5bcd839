package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.engine.store.SnapshotStore;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
 * A real backup of srv-a's Papermerge through the wizard, as a person clicks it: Connect, choose the application,
 * Action, Plan preview, Start, Run, Summary. Checks the Run page showed a line of the papermerge container's own log
 * and the Summary the downtime, and that the snapshot is complete in the store.
 */
@TestbedTest
@ExtendWith(ApplicationExtension.class)
class BackupWizardIT {
    private static final String APP = "/opt/papermerge";

    @TempDir
    Path home;

    private Path store;
    private final Testbed testbed;

    BackupWizardIT(Testbed testbed) {
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
                    + robot.lookup(".status").tryQueryAs(Label.class).map(Label::getText) + "; messages: "
                    + robot.lookup(".hint").queryAllAs(Label.class).stream()
                            .map(Label::getText)
                            .filter(t -> !t.isEmpty())
                            .toList()
                    + "; error: "
                    + robot.lookup(".error-message").tryQueryAs(Label.class).map(Label::getText));
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /** Connects to srv-a, chooses Papermerge and plans its backup, up to the Start button. */
    private void toPlan(FxRobot robot) throws Exception {
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
        waitUntil(robot, "Action page", 10, () -> "What to do".equals(text(robot, ".page-title")));

        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "plan",
                120,
                () -> !robot.lookup("#progress")
                                        .tryQuery()
                                        .map(n -> n.isVisible())
                                        .orElse(false)
                                && robot.lookup("#downtimeLabel")
                                        .tryQueryAs(Label.class)
                                        .map(l -> !l.getText().isEmpty())
                                        .orElse(false)
                        || robot.lookup("#errorBox")
                                .tryQuery()
                                .map(n -> n.isVisible())
                                .orElse(false));
        assertTrue(
                robot.lookup(".badge-down").tryQuery().isPresent(),
                "the plan marks the site-down steps; error: "
                        + robot.lookup("#errorLabel").tryQueryAs(Label.class).map(Label::getText));
        assertTrue(text(robot, "#downtimeLabel").startsWith("about "), text(robot, "#downtimeLabel"));
        assertEquals("Start backup", robot.lookup("#nextButton").queryButton().getText());
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aBackupOfPapermergeRunsThroughTheWizard(FxRobot robot) throws Exception {
        toPlan(robot);

        robot.clickOn("#nextButton");
        waitUntil(robot, "Run page", 10, () -> "Backing up".equals(text(robot, ".page-title")));
        waitUntil(robot, "the end of the backup", 300, () -> {
            String m = text(robot, "#messageLabel");
            return m.startsWith("Backup complete")
                    || m.startsWith("The backup failed")
                    || m.startsWith("Backup cancelled");
        });
        assertTrue(text(robot, "#messageLabel").startsWith("Backup complete"), text(robot, "#messageLabel"));
        @SuppressWarnings("unchecked")
        ComboBox<String> source = robot.lookup("#sourceChoice").queryAs(ComboBox.class);
        assertTrue(source.getItems().contains("container:papermerge"), "log sources: " + source.getItems());
        robot.interact(() -> source.setValue("container:papermerge"));
        ListView<?> log = robot.lookup("#logView").queryListView();
        assertTrue(log.getItems().size() > 0, "the Run page shows the papermerge container's own log");
        assertTrue(text(robot, "#downtimeLabel").startsWith("Site was down "), text(robot, "#downtimeLabel"));

        robot.clickOn("#nextButton");
        waitUntil(robot, "Summary page", 10, () -> "Backup complete".equals(text(robot, ".page-title")));
        String downtime = text(robot, ".summary-downtime");
        assertTrue(downtime.matches("\\d+\\.\\d s \\(the site passed its health check\\)"), downtime);
        Path snapshot = Path.of(text(robot, "#summary-folder"));
        assertTrue(snapshot.startsWith(store), snapshot.toString());
        assertTrue(SnapshotStore.complete(snapshot), "the snapshot has its manifest");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void cancellingWhileTheSiteIsDownStartsItAgain(FxRobot robot) throws Exception {
        toPlan(robot);
        robot.clickOn("#nextButton");
        waitUntil(robot, "the downtime clock", 120, () -> text(robot, ".downtime-clock")
                .startsWith("Site down"));
        String promise = text(robot, "#cancelLabel");
        // fire(), not a mouse move: the window is seconds long
        robot.interact(() -> robot.lookup("#cancelButton").queryButton().fire());
        waitUntil(robot, "the end of the cancelled run", 180, () -> {
            String m = text(robot, "#messageLabel");
            return m.startsWith("Backup complete")
                    || m.startsWith("The backup failed")
                    || m.startsWith("Backup cancelled");
        });
        assertTrue(promise.contains("starts the stopped containers again"), promise);
        assertEquals("Backup cancelled. The site is up again.", text(robot, "#messageLabel"));
        assertTrue(robot.lookup("#nextButton").queryButton().isDisabled(), "no summary for a cancelled run");
        assertTrue(allRunning("papermerge"), "every papermerge container runs again");
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
}
