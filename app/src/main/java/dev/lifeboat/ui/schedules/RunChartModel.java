package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.schedule.RunRecord;
import dev.lifeboat.engine.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the chart of an application's last runs shows: one bar per scheduled backup, oldest first, its downtime and
 * the disk its snapshot added; a failed run is marked (a red bar to the top, since it has no figures), a skipped one
 * greyed. Made by {@link #of}; pure.
 *
 * @param bars the runs, oldest first
 * @param caption one line under the charts, e.g. {@code 12 backups: 11 ok, 1 failed}
 */
public record RunChartModel(List<Bar> bars, String caption) {
    /** How many runs the chart shows at most. */
    public static final int MAX_BARS = 14;

    /** A megabyte as the rest of the window counts it ({@code ByteSizes}): 1024 × 1024 bytes. */
    static final double MB = 1024 * 1024;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    /** How a run ended, as the chart colours it. */
    public enum Mark {
        OK,
        FAILED,
        SKIPPED
    }

    /**
     * One run.
     *
     * @param label its category on the chart's axis, unique: its day of the month, e.g. {@code 7}, and {@code 7 (2)}
     *     for a second run that day
     * @param downtimeSeconds how long the site was down (0 for a failed or skipped run)
     * @param newDiskMegabytes what its snapshot added to the store's disk, in MB of 1024 × 1024 bytes (0 for a failed or skipped run)
     * @param mark how it ended
     * @param tooltip what it did, for people
     */
    public record Bar(String label, double downtimeSeconds, double newDiskMegabytes, Mark mark, String tooltip) {}

    public RunChartModel {
        bars = List.copyOf(bars);
    }

    /**
     * The chart of the last {@value #MAX_BARS} scheduled backups among {@code runs} (oldest first, any kind), dated in
     * {@code zone}.
     */
    public static RunChartModel of(List<RunRecord> runs, ZoneId zone) {
        List<RunRecord> backups = runs.stream()
                .filter(r -> r.kind().equals(Schedule.Kind.BACKUP.word()))
                .toList();
        List<RunRecord> shown = backups.subList(Math.max(0, backups.size() - MAX_BARS), backups.size());
        List<Bar> bars = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        int ok = 0;
        int failed = 0;
        int skipped = 0;
        for (RunRecord r : shown) {
            Instant at = Instant.parse(r.started());
            String day = String.valueOf(at.atZone(zone).getDayOfMonth());
            String label = day;
            for (int n = 2; !labels.add(label); n++) {
                label = day + " (" + n + ")";
            }
            Mark mark =
                    switch (r.outcome()) {
                        case OK -> Mark.OK;
                        case FAILED -> Mark.FAILED;
                        case SKIPPED -> Mark.SKIPPED;
                    };
            String when = When.at(at, zone);
            String tooltip =
                    switch (mark) {
                        case OK -> when + ": site down " + seconds(r.downtimeMillis()) + ", "
                                + ByteSizes.human(r.newDiskBytes()) + " new on disk ("
                                + ByteSizes.human(r.sizeBytes()) + " in all)";
                        case FAILED -> when + ": FAILED — " + r.message();
                        case SKIPPED -> when + ": skipped — " + r.message();
                    };
            boolean good = mark == Mark.OK;
            bars.add(new Bar(
                    label, good ? r.downtimeMillis() / 1000.0 : 0, good ? r.newDiskBytes() / MB : 0, mark, tooltip));
            switch (mark) {
                case OK -> ok++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        String caption;
        if (bars.isEmpty()) {
            caption = "No scheduled backup has run yet: the chart fills as the runs come.";
        } else {
            caption = bars.size() + (bars.size() == 1 ? " scheduled backup" : " scheduled backups") + ": " + ok + " ok"
                    + (failed > 0 ? ", " + failed + " failed (red)" : "")
                    + (skipped > 0 ? ", " + skipped + " skipped (grey)" : "")
                    + (backups.size() > bars.size() ? "; the last " + bars.size() + " of " + backups.size() : "")
                    + ", " + DAY.format(Instant.parse(shown.get(0).started()).atZone(zone)) + " to "
                    + DAY.format(
                            Instant.parse(shown.get(shown.size() - 1).started()).atZone(zone))
                    + ". Point at a bar for its run.";
        }
        return new RunChartModel(bars, caption);
    }

    /** The tallest downtime among the runs that went well; 0 when none did. */
    public double maxDowntime() {
        return bars.stream().mapToDouble(Bar::downtimeSeconds).max().orElse(0);
    }

    /** The most new disk among the runs that went well; 0 when none did. */
    public double maxNewDisk() {
        return bars.stream().mapToDouble(Bar::newDiskMegabytes).max().orElse(0);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
