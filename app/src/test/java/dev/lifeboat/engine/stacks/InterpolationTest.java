package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final Map<String, String> vars = Map.of("A", "a", "EMPTY", "", "PATH_", "/srv/x");

    @Test
    void plainAndBracedVariablesAreReplaced() {
        assertEquals("a-a-/srv/x/data", Interpolation.apply("$A-${A}-${PATH_}/data", vars));
    }

    @Test
    void colonDashDefaultAppliesWhenUnsetOrEmpty() {
        assertEquals("d|d|a", Interpolation.apply("${NOPE:-d}|${EMPTY:-d}|${A:-d}", vars));
    }

    @Test
    void dashDefaultAppliesOnlyWhenUnset() {
        assertEquals("d||a", Interpolation.apply("${NOPE-d}|${EMPTY-d}|${A-d}", vars));
    }

    @Test
    void defaultsMayNestAndHoldImageReferences() {
        assertEquals(
                "seatable/seatable-enterprise:6.1.8",
                Interpolation.apply("${SEATABLE_IMAGE:-seatable/seatable-enterprise:6.1.8}", vars));
        assertEquals("a", Interpolation.apply("${NOPE:-${A}}", vars));
    }

    @Test
    void requiredVariablesDoNotFailDetection() {
        assertEquals("", Interpolation.apply("${NOPE:?Variable is not set or empty}", vars));
        assertEquals("a", Interpolation.apply("${A:?must be set}", vars));
    }

    @Test
    void alternativeValueAppliesWhenSet() {
        assertEquals("yes|", Interpolation.apply("${A:+yes}|${NOPE:+yes}", vars));
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertEquals("$A costs $5", Interpolation.apply("$$A costs $5", vars));
    }
}
