package dev.lifeboat.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {
    @Test
    void keepsTheLastSevenThenOnePerWeekAndMonth() {
        List<String> ids = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T03:00:00Z");
        for (int i = 0; i < 200; i++) {
            ids.add(SnapshotStore.idFor(t.plus(i, ChronoUnit.DAYS)));
        }
        Set<String> keep = Retention.DEFAULT.keep(ids);
        for (String id : ids.subList(ids.size() - 7, ids.size())) {
            assertTrue(keep.contains(id), "the last seven: " + id);
        }
        // 7 daily + 4 weekly (the newest week's is among the daily) + 6 monthly: at most 17, at least 12.
        assertTrue(keep.size() >= 12 && keep.size() <= 17, keep.toString());
        assertTrue(keep.contains(ids.get(ids.size() - 1)));
        assertTrue(!keep.contains(ids.get(0)), "the oldest goes");
    }

    @Test
    void fewSnapshotsAreAllKept() {
        List<String> ids = List.of("20261201T000000Z", "20261202T000000Z");
        assertEquals(Set.copyOf(ids), Retention.DEFAULT.keep(ids));
    }
}
