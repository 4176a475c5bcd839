package dev.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.remote.SshOptions;
import dev.lifeboat.engine.remote.TestbedHosts;
import dev.lifeboat.testbed.TestbedTest;
import dev.lifeboat.ui.common.DialogPrompter;
import dev.lifeboat.ui.detected.ComponentRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, driven as a person would: Connect to the testbed's srv-a (confirming its host key in the dialog,
 * or typing a password), then the Detected stack page shows what runs there.
 */
@TestbedTest
@ExtendWith(ApplicationExtension.class)
class ConnectToDetectedIT {
    @TempDir
    Path home;

    private Path knownHosts;

    @BeforeAll
    static void testbed() {
        TestbedHosts.assumeUp();
    }

    @Start
    void start(Stage stage) throws Exception {
        knownHosts = Files.createFile(home.resolve("known_hosts"));
        SshOptions ssh = SshOptions.defaults().withKnownHostsFile(knownHosts).withSshConfigFile(null);
        stage.setScene(
                LifeboatApp.createScene(AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home), home, null, ssh));
        stage.show();
    }

    private void fillIn(FxRobot robot, String user, String auth, Path keyFile) {
        robot.interact(() -> {
            robot.lookup("#hostField").queryAs(TextField.class).setText(TestbedHosts.ip("srv-a"));
            robot.lookup("#userField").queryAs(TextField.class).setText(user);
            robot.lookup(auth).queryAs(ToggleButton.class).setSelected(true);
            if (keyFile != null) {
                robot.lookup("#keyFileField").queryAs(TextField.class).setText(keyFile.toString());
            }
        });
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(
                    30,
                    TimeUnit.SECONDS,
                    () -> robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            // Say what the window showed instead: the page's message and the status bar.
            throw new AssertionError("no visible " + query + " after 30 s; page says: "
                    + robot.lookup(".hint").queryAllAs(Label.class).stream()
                            .map(Label::getText)
                            .toList()
                    + "; error: "
                    + robot.lookup(".error-message").tryQueryAs(Label.class).map(Label::getText)
                    + "; status: "
                    + robot.lookup(".status").tryQueryAs(Label.class).map(Label::getText));
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void confirmingTheHostKeyLeadsToTheDetectedApplications(FxRobot robot) throws Exception {
        fillIn(robot, "root", "#keyToggle", TestbedHosts.keyFile("root"));
        robot.clickOn("#nextButton");

        waitFor(robot, ".fingerprint");
        String shown = robot.lookup(".fingerprint").queryAs(TextField.class).getText();
        assertTrue(shown.startsWith("SHA256:"), shown);
        robot.clickOn(DialogPrompter.TRUST_BUTTON);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".stack-name")
                .tryQueryAs(Label.class)
                .filter(l -> !l.getText().isEmpty())
                .isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("What runs on this server", text(robot, ".page-title"));
        @SuppressWarnings("unchecked")
        ComboBox<DetectedStack> choice = robot.lookup("#stackChoice").queryAs(ComboBox.class);
        assertEquals(6, choice.getItems().size(), "six applications on srv-a");
        assertTrue(choice.isVisible(), "several applications: the page offers a choice");

        DetectedStack seatable = choice.getItems().stream()
                .filter(s -> s.stackId().equals("seatable"))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> choice.setValue(seatable));
        assertEquals("SeaTable", text(robot, ".stack-name"));
        assertEquals("version 6.1.8", text(robot, ".stack-version"));
        assertEquals("/opt/seatable-compose", text(robot, ".install-dir"));
        TableView<ComponentRow> table = robot.lookup(".component-table").queryTableView();
        assertTrue(
                table.getItems().stream()
                        .anyMatch(r -> r.path().equals("/opt/mariadb")
                                && r.classLabel().equals("backup")
                                && r.sizeBytes() > 1_000_000),
                "the MariaDB datadir is listed as backup with its size measured on the server");
        assertTrue(Files.readString(knownHosts).contains(" ssh-"), "the confirmed key is remembered");
    }

    @Test
    void aChangedHostKeyIsRefusedWithAnExplanation(FxRobot robot) throws Exception {
        String srvB = Files.readAllLines(TestbedHosts.knownHosts(Files.createDirectories(home.resolve("kh")))).stream()
                .filter(l -> l.startsWith(TestbedHosts.ip("srv-b") + " ssh-ed25519"))
                .findFirst()
                .orElseThrow();
        Files.writeString(knownHosts, srvB.replace(TestbedHosts.ip("srv-b"), TestbedHosts.ip("srv-a")) + "\n");
        fillIn(robot, "root", "#keyToggle", TestbedHosts.keyFile("root"));
        robot.clickOn("#nextButton");

        waitFor(robot, ".error-box");
        assertTrue(text(robot, ".error-message").contains("CHANGED"), text(robot, ".error-message"));
        assertEquals("Connect to your server", text(robot, ".page-title"), "stays on Connect");
        assertTrue(!robot.lookup("#nextButton").queryButton().isDisabled(), "can try again");
    }

    @Test
    void aPasswordLoginAsksForThePassword(FxRobot robot) throws Exception {
        Files.writeString(
                knownHosts,
                String.join(
                                "\n",
                                Files.readAllLines(
                                        TestbedHosts.knownHosts(Files.createDirectories(home.resolve("kh2")))))
                        + "\n");
        fillIn(robot, "pwuser", "#passwordToggle", null);
        robot.clickOn("#nextButton");

        waitFor(robot, ".dialog-pane .password-field");
        robot.interact(() -> robot.lookup(".dialog-pane .password-field")
                .queryAs(PasswordField.class)
                .setText(TestbedHosts.password("pwuser")));
        robot.clickOn("OK");

        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> "What runs on this server".equals(text(robot, ".page-title")));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#progress")
                .tryQuery()
                .map(n -> !n.isVisible())
                .orElse(true));
    }

    @Test
    void aSudoUserCanLookAgainAsRoot(FxRobot robot) throws Exception {
        Files.writeString(
                knownHosts,
                String.join(
                                "\n",
                                Files.readAllLines(
                                        TestbedHosts.knownHosts(Files.createDirectories(home.resolve("kh3")))))
                        + "\n");
        fillIn(robot, "admin", "#keyToggle", TestbedHosts.keyFile("admin"));
        robot.clickOn("#nextButton");

        waitFor(robot, "#rootButton");
        assertTrue(text(robot, "#readNoteLabel").contains("closed to this login"), text(robot, "#readNoteLabel"));
        robot.clickOn("#rootButton");

        waitFor(robot, ".dialog-pane .password-field");
        robot.interact(() -> robot.lookup(".dialog-pane .password-field")
                .queryAs(PasswordField.class)
                .setText(TestbedHosts.password("admin")));
        robot.clickOn("OK");

        TableView<ComponentRow> table = robot.lookup(".component-table").queryTableView();
        @SuppressWarnings("unchecked")
        ComboBox<DetectedStack> choice = robot.lookup("#stackChoice").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> choice.getItems().stream()
                .flatMap(s -> s.components().stream())
                .anyMatch(c -> c.path().equals("/opt/mariadb") && c.sizeBytes().orElse(0) > 1_000_000));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!robot.lookup("#readRow").query().isVisible(), "as root, nothing is closed any more");
        assertTrue(table.getItems().size() > 0);
    }
}
