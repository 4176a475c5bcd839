package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.TestbedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
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
 * The upgrade of srv-a's SeaTable through the wizard, as a person clicks it (issue 20): Connect, choose SeaTable,
 * Upgrade with the versions the server has offered; first the release whose migration fails (the rehearsal stops it,
 * the Summary says the live site was not upgraded, SeaTable still runs 6.1.8 with the same data), then the good one
 * (upgraded: the version written where SeaTable keeps it, the container on the new image, the users' data unchanged),
 * then Rollback on its Summary, which gives back 6.1.8 and the whole fingerprint of before. The CLI's upgrade runs on
 * the Overleaf Toolkit and Papermerge ({@code UpgradeIT}, the fault matrix's slice).
 */
@TestbedTest
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class UpgradeWizardIT {
    private static final String APP = "/opt/seatable-compose";
    private static final String DEPLOYMENT = "seatable-6.1.8-compose";
    private static final String VERSION_SPOT =
            "grep -o 'seatable-enterprise:[0-9.]*' /opt/seatable-compose/seatable-server.yml";

    @TempDir
    Path home;

    private final Testbed testbed;

    UpgradeWizardIT(Testbed testbed) {
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
        Path store = Files.createDirectories(home.resolve("snapshots"));
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
                    + robot.lookup(".page-title").tryQueryAs(Label.class).map(Label::getText) + "; message: "
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

    private List<String> fingerprint() {
        return testbed.fingerprint("srv-a", DEPLOYMENT)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    /** What the users put in: all but the stand-in migration's own table and the compose folder it rewrites. */
    private static List<String> userData(List<String> fingerprint) {
        return fingerprint.stream()
                .filter(l -> !l.contains(".standin_schema "))
                .filter(l -> !l.startsWith("files " + APP + " "))
                .toList();
    }

    private String spot(String command) {
        return testbed.exec("srv-a", "sh", "-c", command).orThrow().stdout().strip();
    }

    private String seatableImage() {
        return spot("docker inspect -f '{{.Config.Image}} {{.State.Status}}' seatable-server");
    }

    private String copiesLeft() {
        return spot("docker ps -aq --filter name=lifeboat-upgrade-; docker volume ls -q --filter"
                + " name=lifeboat-upgrade-; ls -d /var/tmp/lifeboat-drill/lifeboat-upgrade-* 2>/dev/null; true");
    }

    /** Connects to srv-a as root and chooses SeaTable, up to the Action page. */
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
        DetectedStack seatable = choice.getItems().stream()
                .filter(s -> s.installDir().equals(APP))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> choice.setValue(seatable));
        robot.clickOn("#nextButton");
        waitUntil(robot, "Action page", 10, () -> "What to do".equals(title(robot)));
    }

    /** From the Action page: Upgrade to {@code version}, its plan, Start, and on to its Summary. */
    private void upgrade(FxRobot robot, String version) throws Exception {
        robot.clickOn("#action-upgrade");
        @SuppressWarnings("unchecked")
        ComboBox<String> versions = robot.lookup("#upgradeVersion").queryAs(ComboBox.class);
        waitUntil(robot, "the versions on the server", 60, () -> !versions.getItems()
                .isEmpty());
        assertEquals(
                List.of("6.1.10", "6.1.9"),
                versions.getItems(),
                "the stand-in releases the testbed put on the server, newest first");
        assertTrue(text(robot, "#upgradeCurrent").startsWith("SeaTable runs 6.1.8."), text(robot, "#upgradeCurrent"));
        robot.interact(() -> versions.setValue(version));
        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "the upgrade's plan",
                120,
                () -> "What the upgrade will do".equals(title(robot))
                        && !robot.lookup("#nextButton").queryButton().isDisabled());
        assertEquals("6.1.8 → " + version, text(robot, "#upgradeVersionLabel"));
        assertEquals("Start upgrade", robot.lookup("#nextButton").queryButton().getText());
        robot.clickOn("#nextButton");
        waitUntil(
                robot,
                "the upgrade's end",
                600,
                () -> robot.lookup("#nextButton").queryButton().getText().equals("Summary")
                        && !robot.lookup("#nextButton").queryButton().isDisabled());
        robot.clickOn("#nextButton");
        waitUntil(robot, "the Summary", 10, () -> robot.lookup("#summary-result")
                .tryQuery()
                .isPresent());
    }

    @Test
    void aFailingReleaseStopsInItsRehearsalAndAGoodOneUpgradesAndRollsBackFromTheSummary(FxRobot robot)
            throws Exception {
        List<String> before = fingerprint();
        assertTrue(spot(VERSION_SPOT).endsWith("6.1.8"), spot(VERSION_SPOT));
        toAction(robot);

        upgrade(robot, "6.1.10");
        assertEquals("Upgrade stopped by its rehearsal", title(robot));
        assertTrue(
                text(robot, ".summary-headline").endsWith("SeaTable still runs 6.1.8, never upgraded."),
                text(robot, ".summary-headline"));
        assertFalse(
                robot.lookup("#rollbackBox").queryAs(javafx.scene.Node.class).isVisible());
        assertEquals("", copiesLeft(), "the rehearsal's copy is gone: containers, volumes and folder");
        assertTrue(spot(VERSION_SPOT).endsWith("6.1.8"), spot(VERSION_SPOT));
        assertEquals("seatable/seatable-enterprise:6.1.8 running", seatableImage());
        assertEquals(before, fingerprint(), "the live site was not upgraded: its data is as it was");

        robot.clickOn("#nextButton"); // Done: back to the Action page
        waitUntil(robot, "Action page", 30, () -> "What to do".equals(title(robot)));
        upgrade(robot, "6.1.9");
        assertEquals("Upgrade complete", title(robot));
        assertTrue(text(robot, ".summary-headline").endsWith("runs 6.1.9 now."), text(robot, ".summary-headline"));
        assertTrue(text(robot, "#summary-rehearsal").startsWith("passed on a throw-away copy"));
        assertEquals("", copiesLeft());
        assertTrue(spot(VERSION_SPOT).endsWith("6.1.9"), "written where SeaTable keeps it: " + spot(VERSION_SPOT));
        assertEquals("seatable/seatable-enterprise:6.1.9 running", seatableImage());
        List<String> after = fingerprint();
        assertTrue(
                after.stream().anyMatch(l -> l.contains(".standin_schema ")),
                "the new release migrated the database as it started: " + after);
        assertEquals(userData(before), userData(after), "the users' data");

        Button rollback = robot.lookup("#rollbackButton").queryButton();
        assertEquals("Roll back to 6.1.8", rollback.getText());
        robot.clickOn("#rollbackButton");
        waitUntil(
                robot,
                "the rollback",
                600,
                () -> text(robot, "#rollbackLabel").startsWith("SeaTable runs 6.1.8 again")
                        || text(robot, "#rollbackLabel").startsWith("The rollback did not pass")
                        || text(robot, "#rollbackLabel").startsWith("Could not"));
        assertTrue(
                text(robot, "#rollbackLabel").startsWith("SeaTable runs 6.1.8 again"), text(robot, "#rollbackLabel"));
        assertTrue(spot(VERSION_SPOT).endsWith("6.1.8"), spot(VERSION_SPOT));
        assertEquals("seatable/seatable-enterprise:6.1.8 running", seatableImage());
        assertEquals(before, fingerprint(), "as before the upgrade, database and files");
    }
}
