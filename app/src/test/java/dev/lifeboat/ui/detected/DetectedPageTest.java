package dev.lifeboat.ui.detected;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.AppDirs;
import dev.lifeboat.engine.stacks.Corpus;
import dev.lifeboat.ui.LifeboatApp;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real window on the Detected stack page for a corpus case, detected through FsProbe. */
@ExtendWith(ApplicationExtension.class)
class DetectedPageTest {
    private static final String CASE = "overleaf-toolkit-4.2.0-serverpro";

    @TempDir
    static Path home;

    private static Path tree;

    @BeforeAll
    static void findTheCorpusCase() {
        // Checked before the window opens: a missing corpus skips the tests (fails them in CI), not the start.
        tree = Corpus.require().resolve(CASE).resolve("tree");
    }

    @Start
    void start(Stage stage) {
        stage.setScene(
                LifeboatApp.createScene(AppDirs.from(Map.of("LIFEBOAT_HOME", home.toString()), home), home, tree));
        stage.show();
    }

    private static void waitForResult(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !robot.lookup(".stack-name")
                .queryAs(Label.class)
                .getText()
                .isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theCardShowsTheDetectedApplication(FxRobot robot) throws Exception {
        waitForResult(robot);
        assertEquals(
                "What runs on this server",
                robot.lookup(".page-title").queryAs(Label.class).getText());
        assertEquals(
                "Overleaf", robot.lookup(".stack-name").queryAs(Label.class).getText());
        assertEquals(
                "Server Pro", robot.lookup(".edition-chip").queryAs(Label.class).getText());
        assertEquals(
                "version 4.2.0",
                robot.lookup(".stack-version").queryAs(Label.class).getText());
        assertEquals(
                "/srv/overleaf-toolkit",
                robot.lookup(".install-dir").queryAs(Label.class).getText());
        assertFalse(robot.lookup(".nav-bar .primary").queryButton().isDisabled());
    }

    @Test
    void theComponentsTableListsClassesAndSortsBySize(FxRobot robot) throws Exception {
        waitForResult(robot);
        TableView<ComponentRow> table = robot.lookup(".component-table").queryTableView();
        assertTrue(table.getItems().stream()
                .anyMatch(r -> r.path().equals("/srv/overleaf-toolkit/data/mongo")
                        && r.classLabel().equals("backup")));
        assertTrue(robot.lookup(".badge-ephemeral").tryQuery().isPresent());
        robot.clickOn("Size");
        WaitForAsyncUtils.waitForFxEvents();
        long first = table.getItems().get(0).sizeBytes();
        long last = table.getItems().get(table.getItems().size() - 1).sizeBytes();
        assertTrue(first <= last, first + " > " + last);
    }

    @Test
    void theEvidenceIsShownOnDemand(FxRobot robot) throws Exception {
        waitForResult(robot);
        ListView<?> evidence = robot.lookup(".evidence-list").queryListView();
        assertFalse(evidence.isVisible());
        robot.clickOn("Why this stack?");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(evidence.isVisible());
        assertTrue(evidence.getItems().stream().anyMatch(i -> i.toString().contains("config/overleaf.rc")));
    }

    @Test
    void backReturnsToTheConnectPage(FxRobot robot) throws Exception {
        waitForResult(robot);
        Button back = robot.lookup(".nav-bar .button").queryButton();
        robot.clickOn(back);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                "Connect to your server",
                robot.lookup(".page-title").queryAs(Label.class).getText());
    }
}
