package dev.lifeboat.engine.progress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThrottleTest {
    @Test
    void theFirstReportGoesThroughThenOnePerInterval() {
        Throttle t = new Throttle(200);
        assertTrue(t.due(1_000), "the first, whatever the clock says");
        assertFalse(t.due(1_100));
        assertFalse(t.due(1_199));
        assertTrue(t.due(1_200));
        assertFalse(t.due(1_300));
        assertTrue(t.due(5_000));
    }
}
