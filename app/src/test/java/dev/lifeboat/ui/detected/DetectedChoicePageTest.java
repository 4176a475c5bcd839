package dev.lifeboat.ui.detected;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.ui.LifeboatApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/** A server running two applications: the page offers a choice and the card follows it. */
@ExtendWith(ApplicationExtension.class)
class DetectedChoicePageTest {
    @TempDir
    static Path home;

    @TempDir
    static Path server;

    @Start
    void start(Stage stage) throws IOException {
        write(
                "opt/nuxeo/docker-compose.yml",
                "services:\n  nuxeo:\n    image: nuxeo:10.10\n" + "    volumes: ['./data:/var/lib/nuxeo/data']\n");
        write(
                "srv/papers/docker-compose.yml",
                "services:\n  web:\n    image: papermerge/papermerge:3.5.3\n"
                        + "    volumes: ['media:/core_app/media']\n");
        stage.setScene(
                LifeboatApp.createScene(AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home), home, server));
        stage.show();
    }

    private static void write(String rel, String text) throws IOException {
        Path p = server.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void twoApplicationsAreOfferedAsAChoice(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !robot.lookup(".stack-name")
                .queryAs(Label.class)
                .getText()
                .isEmpty());
        ComboBox<?> choice = robot.lookup("#stackChoice").queryComboBox();
        assertTrue(choice.isVisible());
        assertEquals(2, choice.getItems().size());
        assertEquals("Nuxeo", robot.lookup(".stack-name").queryAs(Label.class).getText());
        robot.interact(() -> choice.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                "Papermerge", robot.lookup(".stack-name").queryAs(Label.class).getText());
        assertEquals(
                "version 3.5.3",
                robot.lookup(".stack-version").queryAs(Label.class).getText());
    }
}
