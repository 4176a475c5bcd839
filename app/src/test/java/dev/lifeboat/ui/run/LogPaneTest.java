package dev.lifeboat.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.progress.WorkflowEvent;
import dev.lifeboat.ui.LifeboatApp;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import dev.lifeboat.ui.common.Fxml;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Run page's log pane, headless, fed with batches of log lines as the drain timer feeds it. */
@ExtendWith(ApplicationExtension.class)
class LogPaneTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:15:00Z");
    private static final String WEB = "container:web";

    private final RunController page = new RunController(new RunViewModel(ZoneOffset.UTC, 10_000));
    private int next;

    @Start
    void start(Stage stage) {
        Parent root = Fxml.load(LifeboatApp.class, "run/RunPage.fxml", page);
        Scene scene = new Scene(root, 800, 600);
        scene.getStylesheets().add(LifeboatApp.class.getResource("lifeboat.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        page.viewModel().start(FakeBackupEngine.plan(), T0);
    }

    /** {@code n} more lines of the web container, every tenth an error; shows that source. */
    private void feed(FxRobot robot, int n) {
        List<WorkflowEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++, next++) {
            String text = next % 10 == 0 ? "ERROR request " + next + " failed" : "GET /page/" + next + " 200";
            batch.add(new WorkflowEvent.LogLine(T0.plusMillis(next), WEB, text));
        }
        robot.interact(() -> {
            page.viewModel().apply(batch);
            page.viewModel().selectedSourceProperty().set(WEB);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static ListView<String> log(FxRobot robot) {
        return robot.lookup("#logView").queryListView();
    }

    private static String clipboard(FxRobot robot) {
        String[] clip = new String[1];
        robot.interact(() -> clip[0] = Clipboard.getSystemClipboard().getString());
        return clip[0];
    }

    private LogViewModel logs() {
        return page.viewModel().logs();
    }

    @Test
    void typingAFilterShowsOnlyTheMatchingLines(FxRobot robot) {
        feed(robot, 300);
        assertEquals(300, log(robot).getItems().size());
        robot.clickOn("#filterField").write("error");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = List.copyOf(log(robot).getItems());
        assertEquals(30, shown.size(), shown.toString());
        assertTrue(shown.stream().allMatch(l -> l.contains("ERROR request")), shown.toString());
        assertEquals(
                "30 of 300 lines",
                robot.lookup("#lineCountLabel").queryAs(Label.class).getText());
        feed(robot, 20);
        assertEquals(32, log(robot).getItems().size(), "new lines are filtered as they come");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(320, log(robot).getItems().size(), "Escape clears the filter");
    }

    @Test
    void copyPutsTheShownOrTheSelectedLinesOnTheClipboard(FxRobot robot) {
        feed(robot, 50);
        robot.clickOn("#filterField").write("error");
        robot.clickOn("#copyLogButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(String.join("\n", log(robot).getItems()), clipboard(robot));
        assertEquals(5, clipboard(robot).split("\n").length);
        assertEquals(
                "Copied 5 lines",
                robot.lookup("#lineCountLabel").queryAs(Label.class).getText());

        robot.interact(() -> log(robot).getSelectionModel().selectIndices(3, 1));
        robot.clickOn(log(robot)).press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        List<Integer> picked = List.copyOf(log(robot).getSelectionModel().getSelectedIndices());
        String expected = String.join(
                "\n",
                picked.stream().sorted().map(i -> log(robot).getItems().get(i)).toList());
        assertEquals(expected, clipboard(robot), "Ctrl+C on the list copies the selected lines");
    }

    @Test
    void ctrlFFindsAndEnterGoesToTheNextMatch(FxRobot robot) {
        feed(robot, 100);
        robot.clickOn("#copyLogButton"); // focus somewhere else on the page
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TextField find = robot.lookup("#searchField").queryAs(TextField.class);
        assertTrue(find.isFocused(), "Ctrl+F focuses the find field");
        robot.write("error request");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<String> list = log(robot);
        assertEquals(90, list.getSelectionModel().getSelectedIndex(), "the newest match first");
        assertEquals(
                "10 of 10", robot.lookup("#matchLabel").queryAs(Label.class).getText());
        assertFalse(logs().followingProperty().get(), "a match stays in view");
        robot.type(KeyCode.ENTER);
        assertEquals(0, list.getSelectionModel().getSelectedIndex(), "Enter: next, wrapping around");
        robot.type(KeyCode.ENTER);
        assertEquals(10, list.getSelectionModel().getSelectedIndex());
        robot.press(KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, list.getSelectionModel().getSelectedIndex(), "Shift+Enter: previous");
        assertEquals("1 of 10", robot.lookup("#matchLabel").queryAs(Label.class).getText());
        assertTrue(robot.lookup(".list-cell:match").tryQuery().isPresent(), "matches are highlighted");
        robot.write(" nowhere");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                "no match", robot.lookup("#matchLabel").queryAs(Label.class).getText());
    }

    @Test
    void theViewFollowsUntilScrolledUpAndTheNewLinesButtonBringsItBack(FxRobot robot) {
        feed(robot, 500);
        LogPane pane = page.logPane();
        assertTrue(logs().followingProperty().get());
        assertTrue(pane.atEnd(), "following shows the last line");
        Button resume = robot.lookup("#resumeButton").queryButton();
        assertFalse(resume.isVisible());

        // The wheel as GTK reports it turning up (Monocle's robot signs it the other way).
        javafx.scene.Node cell = robot.lookup(".log-view .list-cell").query();
        robot.interact(() -> cell.fireEvent(new ScrollEvent(
                ScrollEvent.SCROLL,
                100,
                100,
                100,
                100,
                false,
                false,
                false,
                false,
                false,
                false,
                0,
                120,
                0,
                120,
                ScrollEvent.HorizontalTextScrollUnits.NONE,
                0,
                ScrollEvent.VerticalTextScrollUnits.LINES,
                3,
                0,
                null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(logs().followingProperty().get(), "scrolling up stops following");
        assertFalse(robot.lookup("#followToggle").queryAs(ToggleButton.class).isSelected());
        assertFalse(pane.atEnd());
        feed(robot, 120);
        assertFalse(pane.atEnd(), "new lines do not pull the view down");
        assertTrue(resume.isVisible());
        assertEquals("↓ 120 new lines", resume.getText());

        robot.clickOn(resume);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(logs().followingProperty().get());
        assertTrue(pane.atEnd());
        assertFalse(resume.isVisible());
        feed(robot, 30);
        assertTrue(pane.atEnd(), "following again");
    }

    @Test
    void pageUpStopsFollowingAndEndFollowsAgain(FxRobot robot) {
        feed(robot, 300);
        robot.interact(() -> log(robot).requestFocus());
        robot.type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(logs().followingProperty().get());
        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(logs().followingProperty().get());
        assertTrue(page.logPane().atEnd());
    }

    @Test
    void pauseHoldsTheViewStillWhileLinesAreCollected(FxRobot robot) {
        feed(robot, 40);
        robot.clickOn("#pauseToggle");
        List<String> before = List.copyOf(log(robot).getItems());
        feed(robot, 25);
        assertEquals(before, log(robot).getItems(), "paused");
        Button resume = robot.lookup("#resumeButton").queryButton();
        assertEquals("Paused · 25 new lines · Resume", resume.getText());
        robot.clickOn("#pauseToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(65, log(robot).getItems().size());
        assertTrue(page.logPane().atEnd());
        assertTrue(robot.lookup("#followToggle").queryAs(ToggleButton.class).isSelected());
    }

    @Test
    void oldLinesLeavingTheFrontDoNotMoveWhatAScrolledBackViewShows(FxRobot robot) {
        RunController small = page;
        feed(robot, 10_000);
        robot.interact(() -> log(robot).scrollTo(6_000));
        robot.interact(() -> logs().stopFollowing());
        WaitForAsyncUtils.waitForFxEvents();
        String top = firstVisible(robot);
        feed(robot, 1_000); // the source is full: 1,000 old lines leave the front
        assertEquals(top, firstVisible(robot));
        assertEquals(10_000, small.viewModel().logs().shown().size());
    }

    private String firstVisible(FxRobot robot) {
        String[] line = new String[1];
        robot.interact(() -> {
            javafx.scene.control.skin.VirtualFlow<?> flow =
                    (javafx.scene.control.skin.VirtualFlow<?>) log(robot).lookup(".virtual-flow");
            line[0] = log(robot).getItems().get(flow.getFirstVisibleCell().getIndex());
        });
        return line[0];
    }
}
