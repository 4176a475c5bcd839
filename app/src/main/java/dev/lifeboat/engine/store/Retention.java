package dev.lifeboat.engine.store;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which complete snapshots to keep: the last {@link #keepLast}, plus the newest of each of the last {@link
 * #keepWeekly} ISO weeks and of the last {@link #keepMonthly} months that have snapshots (restic's {@code forget}
 * policy, which admins know). Pure: works on snapshot ids.
 */
public record Retention(int keepLast, int keepWeekly, int keepMonthly) {
    /** Seven daily copies as Cytomine's own rotation keeps, four weeks, six months. */
    public static final Retention DEFAULT = new Retention(7, 4, 6);

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    public Retention {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keep at least the last snapshot");
        }
    }

    /** The ids to keep, from ids sorted oldest first. */
    public Set<String> keep(List<String> idsOldestFirst) {
        List<String> newestFirst = new ArrayList<>(idsOldestFirst);
        java.util.Collections.reverse(newestFirst);
        Set<String> keep = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(keepLast, newestFirst.size()); i++) {
            keep.add(newestFirst.get(i));
        }
        Set<String> weeks = new HashSet<>();
        Set<String> months = new HashSet<>();
        for (String id : newestFirst) {
            LocalDate d = LocalDateTime.parse(id, ID).atOffset(ZoneOffset.UTC).toLocalDate();
            String week = d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            String month = d.getYear() + "-" + d.getMonthValue();
            if (!weeks.contains(week) && weeks.size() < keepWeekly) {
                weeks.add(week);
                keep.add(id);
            }
            if (!months.contains(month) && months.size() < keepMonthly) {
                months.add(month);
                keep.add(id);
            }
        }
        return keep;
    }
}
