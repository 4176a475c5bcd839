package dev.lifeboat.ui.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.schedule.RunRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunChartModelTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void eachScheduledBackupIsABarOfItsDowntimeAndNewDiskAndAFailureIsMarkedWithoutFigures() {
        List<RunRecord> runs = new ArrayList<>();
        runs.add(FakeScheduleEngine.backup("a", NOW, 3, RunRecord.Outcome.OK, 1_500, 4 * 1024 * 1024));
        runs.add(FakeScheduleEngine.backup("a", NOW, 2, RunRecord.Outcome.FAILED, 0, 0));
        RunRecord drill = new RunRecord(
                "a",
                "drill",
                "2026-12-06T04:00:00Z",
                "2026-12-06T04:01:00Z",
                RunRecord.Outcome.FAILED,
                "differs",
                "up",
                null,
                null,
                0,
                0,
                0,
                60_000,
                List.of());
        runs.add(drill);
        runs.add(FakeScheduleEngine.backup("a", NOW, 1, RunRecord.Outcome.SKIPPED, 0, 0));
        runs.add(FakeScheduleEngine.backup("a", NOW, 0, RunRecord.Outcome.OK, 2_500, 9 * 1024 * 1024));
        RunChartModel m = RunChartModel.of(runs, ZoneOffset.UTC);
        assertEquals(4, m.bars().size(), "the drill is not a backup");
        assertEquals(
                List.of("4", "5", "6", "7"),
                m.bars().stream().map(RunChartModel.Bar::label).toList());
        assertEquals(
                List.of(
                        RunChartModel.Mark.OK,
                        RunChartModel.Mark.FAILED,
                        RunChartModel.Mark.SKIPPED,
                        RunChartModel.Mark.OK),
                m.bars().stream().map(RunChartModel.Bar::mark).toList());
        assertEquals(1.5, m.bars().get(0).downtimeSeconds());
        assertEquals(4.0, m.bars().get(0).newDiskMegabytes());
        assertEquals(0.0, m.bars().get(1).downtimeSeconds());
        assertEquals(2.5, m.maxDowntime());
        assertEquals(9.0, m.maxNewDisk());
        assertTrue(
                m.bars().get(1).tooltip().contains("FAILED — Could not reach"),
                m.bars().get(1).tooltip());
        assertTrue(
                m.bars().get(0).tooltip().contains("site down 1.5 s, 4.0 MB new on disk (50 MB in all)"),
                m.bars().get(0).tooltip());
        assertEquals(
                "4 scheduled backups: 2 ok, 1 failed (red), 1 skipped (grey), 4 Dec to 7 Dec. Point at a bar for its"
                        + " run.",
                m.caption());
    }

    @Test
    void theChartShowsTheLastFourteenAndTwoRunsOnOneDayKeepTheirOwnBars() {
        List<RunRecord> runs = new ArrayList<>();
        for (int d = 20; d >= 1; d--) {
            runs.add(FakeScheduleEngine.backup("a", NOW, d, RunRecord.Outcome.OK, 1_000, 1_000_000));
        }
        RunRecord again = FakeScheduleEngine.backup("a", NOW.plusSeconds(3600), 1, RunRecord.Outcome.OK, 1_000, 1);
        runs.add(again);
        RunChartModel m = RunChartModel.of(runs, ZoneOffset.UTC);
        assertEquals(RunChartModel.MAX_BARS, m.bars().size());
        assertEquals("6", m.bars().get(m.bars().size() - 2).label());
        assertEquals("6 (2)", m.bars().get(m.bars().size() - 1).label());
        assertTrue(m.caption().contains("the last 14 of 21"), m.caption());
        assertEquals(
                "No scheduled backup has run yet: the chart fills as the runs come.",
                RunChartModel.of(List.of(), ZoneOffset.UTC).caption());
    }
}
