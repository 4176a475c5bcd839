package dev.lifeboat.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.ui.LifeboatApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The very first start: no profiles, no store, no config folder yet. */
@ExtendWith(ApplicationExtension.class)
class FirstRunTest {
    @TempDir
    Path home;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setTitle(LifeboatApp.TITLE);
        stage.setScene(LifeboatApp.createScene(
                AppDirs.from(Map.of("LIFEBOAT_HOME", home.resolve("lifeboat").toString()), home), home));
        stage.show();
    }

    @Test
    void theFirstStartExplainsTheEmptyListStartsTypingAtTheHostAndWritesNothing(FxRobot robot) throws Exception {
        ListView<?> profiles = robot.lookup(".profile-list").queryListView();
        assertTrue(profiles.getItems().isEmpty());
        Label placeholder = (Label) profiles.getPlaceholder();
        assertTrue(placeholder.getText().startsWith("No saved servers yet."), placeholder.getText());

        TextField host = robot.lookup("#hostField").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, host::isFocused);
        robot.targetWindow(stage);
        robot.write("srv.example.org");
        assertEquals("srv.example.org", host.getText(), "typing starts in the host field");
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(host.isFocused(), "Tab moves on");

        assertFalse(Files.exists(home.resolve("lifeboat")), "opening the window writes no file");
    }
}
