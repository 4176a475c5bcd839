package dev.lifeboat.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The log pane's model without a window: bounds, filter, follow and pause, search, copy. */
class LogViewModelTest {
    private final LogViewModel logs = new LogViewModel(5, 12);

    private static List<String> lines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    /** Applies every change the shown list fires to a copy, so a test can see that the changes say what happened. */
    private final class Mirror implements ListChangeListener<String> {
        final List<String> copy = new ArrayList<>(logs.shown());
        int changes;

        Mirror() {
            logs.shown().addListener(this);
        }

        @Override
        public void onChanged(Change<? extends String> c) {
            changes++;
            while (c.next()) {
                if (c.wasPermutated() || c.wasUpdated()) {
                    throw new AssertionError("a log view only drops and appends");
                }
                copy.subList(c.getFrom(), c.getFrom() + c.getRemovedSize()).clear();
                copy.addAll(c.getFrom(), c.getAddedSubList());
            }
        }
    }

    @Test
    void theFirstSourceIsShownAndOthersAreListedInOrder() {
        logs.append("run", List.of("started"));
        logs.append("container:web", List.of("GET /"));
        assertEquals(List.of("run", "container:web"), logs.sources());
        assertEquals("run", logs.selectedSourceProperty().get());
        assertEquals(List.of("started"), logs.shown());
        logs.selectedSourceProperty().set("container:web");
        assertEquals(List.of("GET /"), logs.shown());
        assertNull(logs.linesOf("container:db"));
    }

    @Test
    void eachSourceKeepsItsNewestLinesAndTheViewChangesOncePerBatch() {
        logs.append("web", lines("a", 0, 3));
        Mirror mirror = new Mirror();
        logs.append("web", lines("a", 3, 7));
        assertEquals(lines("a", 2, 7), logs.linesOf("web"));
        assertEquals(lines("a", 2, 7), logs.shown());
        assertEquals(1, mirror.changes, "one change per batch");
        assertEquals(logs.shown(), mirror.copy, "the change drops at the front and adds at the end");
        assertEquals(2, logs.linesDropped());
        logs.append("web", lines("a", 7, 100));
        assertEquals(lines("a", 95, 100), logs.shown(), "a batch larger than the bound keeps its newest lines");
        assertEquals(logs.shown(), mirror.copy);
        assertEquals(100, logs.linesReceived());
        assertEquals(95, logs.linesDropped());
    }

    @Test
    void pastTheTotalTheLargestSourcesGiveWaySoAQuietOneKeepsItsLines() {
        LogViewModel big = new LogViewModel(50, 60);
        Map<String, List<String>> batch = new LinkedHashMap<>();
        batch.put("noisy", lines("n", 0, 50));
        batch.put("busy", lines("b", 0, 20));
        batch.put("quiet", lines("q", 0, 3));
        big.append(batch);
        assertEquals(60, big.linesHeld());
        assertEquals(3, big.linesOf("quiet").size(), "the quiet source keeps everything");
        assertEquals(20, big.linesOf("busy").size());
        assertEquals(lines("n", 13, 50), big.linesOf("noisy"), "the noisy one gives up its oldest");
        big.append("busy", lines("b", 20, 60));
        assertEquals(60, big.linesHeld(), "never more than the total");
        assertEquals(3, big.linesOf("quiet").size());
        assertEquals(
                List.of(29, 28),
                List.of(big.linesOf("noisy").size(), big.linesOf("busy").size()));
        assertEquals(lines("b", 32, 60), big.linesOf("busy"));
        assertEquals(73 + 40 - 60, big.linesDropped());
    }

    @Test
    void aVeryLongLineIsCutAndSaysSo() {
        logs.append("web", List.of("x".repeat(LogViewModel.MAX_LINE_CHARS + 10)));
        String kept = logs.shown().get(0);
        assertTrue(kept.endsWith(" … (10 more characters)"), kept.substring(kept.length() - 30));
        assertEquals(1, logs.linesCut());
    }

    @Test
    void theFilterShowsMatchingLinesIgnoringCaseAndTestsOnlyNewLinesAfterwards() {
        LogViewModel big = new LogViewModel(100, 1000);
        big.append("web", List.of("GET /a 200", "POST /b 500", "get /c 200"));
        big.filterProperty().set("GeT");
        assertEquals(List.of("GET /a 200", "get /c 200"), big.shown());
        assertEquals("2 of 3 lines", big.countTextProperty().get());
        big.append("web", List.of("GET /d 200", "DELETE /e 204"));
        assertEquals(List.of("GET /a 200", "get /c 200", "GET /d 200"), big.shown());
        big.filterProperty().set("GET /d");
        assertEquals(List.of("GET /d 200"), big.shown(), "narrowed");
        big.filterProperty().set("");
        assertEquals(5, big.shown().size(), "widened again");
    }

    @Test
    void linesTheSourceDropsLeaveTheFilteredViewToo() {
        logs.filterProperty().set("error");
        Mirror mirror = new Mirror();
        logs.append("web", List.of("error 1", "ok", "ok", "error 2", "ok"));
        assertEquals(List.of("error 1", "error 2"), logs.shown());
        logs.append("web", List.of("ok", "error 3"));
        assertEquals(List.of("error 2", "error 3"), logs.shown(), "error 1 left the source");
        assertEquals(logs.shown(), mirror.copy);
        assertEquals(2, mirror.changes);
    }

    @Test
    void scrollingBackKeepsTheViewLiveAndCountsNewLinesUntilFollowingAgain() {
        logs.append("web", lines("l", 0, 2));
        assertTrue(logs.followingProperty().get(), "follows by default");
        assertEquals("", logs.resumeTextProperty().get());
        logs.stopFollowing();
        assertEquals("↓ Follow the end", logs.resumeTextProperty().get());
        logs.append("web", lines("l", 2, 5));
        assertEquals(lines("l", 0, 5), logs.shown(), "still live");
        assertEquals(3, logs.newLinesProperty().get());
        assertEquals("↓ 3 new lines", logs.resumeTextProperty().get());
        logs.scrolledToEnd();
        assertTrue(logs.followingProperty().get());
        assertEquals(0, logs.newLinesProperty().get());
        assertEquals("", logs.resumeTextProperty().get());
    }

    @Test
    void pauseFreezesTheViewWhileTheSourceGoesOnWithinItsBound() {
        logs.append("web", lines("l", 0, 3));
        Mirror mirror = new Mirror();
        logs.pause();
        assertTrue(logs.pausedProperty().get());
        assertFalse(logs.followingProperty().get());
        logs.append("web", lines("l", 3, 20));
        assertEquals(lines("l", 0, 3), logs.shown(), "frozen");
        assertEquals(0, mirror.changes);
        assertEquals(5, logs.linesOf("web").size(), "the source stays bounded");
        assertEquals(17, logs.newLinesProperty().get());
        assertEquals("Paused · 17 new lines · Resume", logs.resumeTextProperty().get());
        logs.scrolledToEnd();
        assertTrue(logs.pausedProperty().get(), "scrolling does not end a pause");
        logs.follow();
        assertFalse(logs.pausedProperty().get());
        assertTrue(logs.followingProperty().get());
        assertEquals(lines("l", 15, 20), logs.shown(), "the newest lines");
        assertEquals(logs.shown(), mirror.copy);
    }

    @Test
    void whilePausedTheFilterWorksOnTheFrozenLines() {
        logs.append("web", List.of("error 1", "ok 1", "error 2"));
        logs.pause();
        logs.append("web", List.of("error 3", "ok", "ok", "ok", "ok"));
        logs.filterProperty().set("error");
        assertEquals(List.of("error 1", "error 2"), logs.shown());
        logs.filterProperty().set("");
        assertEquals(List.of("error 1", "ok 1", "error 2"), logs.shown(), "the frozen lines, not the source's");
        assertTrue(logs.pausedProperty().get());
    }

    @Test
    void anotherSourceShowsAtOnceAndNewLinesOfOtherSourcesAreNotCounted() {
        logs.append("web", List.of("w1"));
        logs.append("db", List.of("d1"));
        logs.stopFollowing();
        logs.append("db", List.of("d2", "d3"));
        assertEquals(0, logs.newLinesProperty().get());
        logs.selectedSourceProperty().set("db");
        assertEquals(List.of("d1", "d2", "d3"), logs.shown());
    }

    @Test
    void findGoesToTheNextAndPreviousMatchWrappingAround() {
        LogViewModel big = new LogViewModel(100, 1000);
        big.append("web", List.of("a ERROR", "b", "c error", "d", "e Error"));
        big.searchProperty().set("error");
        assertEquals(0, big.find(-1, true));
        assertEquals(2, big.find(0, true));
        assertEquals(4, big.find(2, true));
        assertEquals(0, big.find(4, true), "wraps");
        assertEquals(4, big.find(big.shown().size(), false), "the newest first going back");
        assertEquals(4, big.find(0, false), "wraps back");
        assertEquals("2 of 3", big.matchText(2));
        assertTrue(big.isMatch("ERROR here"));
        big.searchProperty().set("nothing");
        assertEquals(-1, big.find(-1, true));
        assertEquals("no match", big.matchText(-1));
        big.searchProperty().set("");
        assertEquals("", big.matchText(-1));
        assertFalse(big.isMatch("anything"));
    }

    @Test
    void copyTakesTheSelectedLinesInOrderOrEveryShownLine() {
        logs.append("web", List.of("one", "two", "three"));
        assertEquals("one\ntwo\nthree", logs.copyText(List.of()));
        assertEquals("one\nthree", logs.copyText(List.of(2, 0)));
        logs.filterProperty().set("t");
        assertEquals("two\nthree", logs.copyText(List.of()), "what the view shows");
    }

    @Test
    void linesSkippedByTheQueueAreSaid() {
        logs.append("web", List.of("a"));
        logs.skipped(1234);
        assertEquals(
                "1 line · 1,234 skipped (too fast)", logs.countTextProperty().get());
    }

    @Test
    void clearForgetsEverythingAndFollowsAgain() {
        logs.append("web", List.of("a"));
        logs.pause();
        logs.clear();
        assertTrue(logs.sources().isEmpty());
        assertTrue(logs.shown().isEmpty());
        assertTrue(logs.followingProperty().get());
        assertFalse(logs.pausedProperty().get());
        assertEquals(0, logs.linesReceived());
    }

    @Test
    void theRingKeepsSequenceNumbersAcrossDropsAndGrowth() {
        LineRing ring = new LineRing(3);
        assertEquals(0, ring.add("a"));
        ring.add("b");
        ring.add("c");
        assertEquals(1, ring.add("d"));
        assertEquals(1, ring.firstSeq());
        assertEquals(4, ring.endSeq());
        assertEquals("b", ring.get(1));
        assertEquals(1, ring.dropOldest(1));
        assertEquals("c", ring.get(2));
        LineRing frozen = ring.copy();
        ring.add("e");
        ring.add("f");
        assertEquals(List.of("c", "d"), List.of(frozen.get(2), frozen.get(3)));
        assertEquals(2, frozen.size());
        LineRing big = new LineRing(1000);
        for (int i = 0; i < 1500; i++) {
            big.add("x" + i);
        }
        assertEquals(1000, big.size());
        assertEquals("x500", big.get(500));
        assertEquals("x1499", big.get(1499));
    }
}
