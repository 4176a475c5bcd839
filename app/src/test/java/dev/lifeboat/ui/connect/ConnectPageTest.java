package dev.lifeboat.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.ui.LifeboatApp;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real window headless (Monocle) and drives the Connect page. */
@ExtendWith(ApplicationExtension.class)
class ConnectPageTest {
    @TempDir
    static Path home;

    @Start
    void start(Stage stage) {
        stage.setTitle(LifeboatApp.TITLE);
        stage.setScene(
                LifeboatApp.createScene(AppDirs.from(java.util.Map.of("LIFEBOAT_HOME", home.toString()), home), home));
        stage.show();
    }

    @Test
    void nextStaysDisabledUntilTheFormIsValid(FxRobot robot) {
        Button next = robot.lookup(".nav-bar .primary").queryButton();
        Label problem = robot.lookup(".problem").queryAs(Label.class);
        assertTrue(next.isDisabled());
        assertTrue(problem.getText().contains("host"), problem.getText());

        robot.clickOn("#hostField").write("srv-a.example.org");
        robot.clickOn("#userField").write("admin");
        // No key exists in this fresh home, so the key-file method is still incomplete.
        assertTrue(next.isDisabled());
        assertTrue(problem.getText().contains("key file"), problem.getText());

        robot.clickOn("SSH agent");
        assertFalse(next.isDisabled(), problem.getText());
        assertEquals("", problem.getText());

        TextField port = robot.lookup("#portField").queryAs(TextField.class);
        robot.interact(() -> port.setText("99999"));
        assertTrue(next.isDisabled());
        assertTrue(problem.getText().contains("port"), problem.getText());
        robot.interact(() -> port.setText("22"));
        assertFalse(next.isDisabled());
    }

    @Test
    void aServerSavedAsProfileAppearsInTheList(FxRobot robot) {
        robot.clickOn("#hostField").write("lab.example.org");
        robot.clickOn("#userField").write("root");
        robot.clickOn("Password");
        robot.clickOn("Save as profile");
        robot.clickOn("#profileNameField").write("Lab server");
        robot.clickOn(".nav-bar .primary");
        WaitForAsyncUtils.waitForFxEvents();

        ListView<?> list = robot.lookup(".profile-list").queryListView();
        assertEquals(1, list.getItems().size());
        Label status = robot.lookup(".status").queryAs(Label.class);
        assertTrue(status.getText().contains("Lab server"), status.getText());
    }

    @Test
    void theWindowShowsTheConnectStepAsActive(FxRobot robot) {
        Label title = robot.lookup(".page-title").queryAs(Label.class);
        assertEquals("Connect to your server", title.getText());
        assertTrue(robot.lookup(".step.active").queryAs(javafx.scene.layout.HBox.class).getChildren().stream()
                .anyMatch(n -> n instanceof Label l && l.getText().equals("Connect")));
    }
}
