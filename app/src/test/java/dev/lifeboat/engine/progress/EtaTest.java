package dev.lifeboat.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EtaTest {
    private static final long S = 1_000_000_000L;

    /** Reports every 200 ms (the step's throttle) of a count that grows at {@code perSecond} from {@code from}. */
    private static OptionalLong steady(
            Eta eta, long startNanos, long from, double perSecond, double seconds, long total) {
        OptionalLong last = OptionalLong.empty();
        for (int i = 0; i <= (int) Math.round(seconds * 5); i++) {
            long t = startNanos + i * S / 5;
            last = eta.update(from + Math.round(perSecond * i / 5.0), total, t);
        }
        return last;
    }

    @Test
    void theTimeBeforeTheFirstUnitDoesNotCount() {
        Eta eta = new Eta(0);
        // 3 s of nothing (a tool starting, a file list), then 10 units a second towards 100.
        for (int i = 0; i <= 15; i++) {
            assertTrue(eta.update(0, 100, i * S / 5).isEmpty(), "no estimate before anything is done");
        }
        OptionalLong left = steady(eta, 3 * S, 1, 10, 1.0, 101);
        // 11 done after a second of work: 90 left at 10 a second, 9 s.
        long ms = left.orElseThrow();
        assertTrue(ms > 8_500 && ms < 9_500, "about 9 s left, not the 27 s the dead time would say: " + ms);
    }

    @Test
    void followsAChangeOfRate() {
        Eta eta = new Eta(0);
        steady(eta, 0, 1, 10, 2.0, 1001);
        long t = 2 * S;
        OptionalLong left = OptionalLong.empty();
        for (int i = 1; i <= 10; i++) {
            left = eta.update(21 + 50L * i, 1001, t + i * S / 5);
        }
        // now 250 a second, 521 done: 480 left, about 2 s.
        long ms = left.orElseThrow();
        assertTrue(ms > 1_500 && ms < 2_800, "follows the faster rate: " + ms);
    }

    @Test
    void doneIsZeroLeftAndNoTotalIsNoEstimate() {
        Eta eta = new Eta(0);
        assertEquals(OptionalLong.of(0), eta.update(100, 100, S));
        Eta open = new Eta(0);
        open.update(5, -1, S);
        assertTrue(open.update(50, -1, 2 * S).isEmpty());
    }
}
