package dev.lifeboat.engine.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void numbersAreComparedAsNumbers() {
        assertThat(Versions.compare("5.0.3", "5.1")).isNegative();
        assertThat(Versions.compare("6.10.0", "6.9.9")).isPositive();
        assertThat(Versions.compare("2025.1", "2024.1")).isPositive();
        assertThat(Versions.compare("3.6", "3.6.0")).isZero();
        assertThat(Versions.compare("v4.4.9", "4.4.9")).isZero();
    }

    @Test
    void aSuffixIsThePreReleaseOfTheVersionWithout() {
        assertThat(Versions.compare("5.0.0-RC1", "5.0.0")).isNegative();
        assertThat(Versions.compare("4.4a16", "4.4")).isNegative();
        assertThat(Versions.compare("10.10.rc45", "10.10")).isNegative();
        assertThat(Versions.compare("5.0.0-RC2", "5.0.0-RC10")).isNegative();
        assertThat(Versions.compare("5.0.1-RC1", "5.0.0")).isPositive();
    }

    @Test
    void theOrderIsConsistentBothWays() {
        String[] vs = {"1.0", "1.0.1", "1.1-rc1", "1.1", "2.0a1", "2.0"};
        for (int i = 0; i < vs.length; i++) {
            for (int j = 0; j < vs.length; j++) {
                assertThat(Integer.signum(Versions.compare(vs[i], vs[j])))
                        .as(vs[i] + " vs " + vs[j])
                        .isEqualTo(Integer.signum(Integer.compare(i, j)));
            }
        }
    }
}
