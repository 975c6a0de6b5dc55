package io.fleetstream.simulator.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeterministicRandomTest {

    @Test
    void sameSeedAndStreamGiveTheSameSequence() {
        assertThat(draw(DeterministicRandom.of(5, "robot-0001/physics")))
                .containsExactly(draw(DeterministicRandom.of(5, "robot-0001/physics")));
    }

    @Test
    void streamsAndSeedsAreIndependent() {
        double[] reference = draw(DeterministicRandom.of(5, "robot-0001/physics"));

        assertThat(draw(DeterministicRandom.of(5, "robot-0001/logs"))).isNotEqualTo(reference);
        assertThat(draw(DeterministicRandom.of(6, "robot-0001/physics"))).isNotEqualTo(reference);
    }

    @Test
    void gaussianHasUnitVarianceAroundZero() {
        DeterministicRandom random = DeterministicRandom.of(1, "gauss");
        double[] samples = new double[100_000];
        Arrays.setAll(samples, i -> random.gaussian());
        double mean = Arrays.stream(samples).average().orElseThrow();
        double variance = Arrays.stream(samples).map(x -> (x - mean) * (x - mean)).sum() / samples.length;

        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(variance).isCloseTo(1, within(0.02));
    }

    @Test
    void weightedPickFollowsTheWeights() {
        DeterministicRandom random = DeterministicRandom.of(1, "weights");
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[random.weighted(0.8, 0.15, 0.05)]++;
        }

        assertThat(counts[0] / 100_000.0).isCloseTo(0.80, within(0.01));
        assertThat(counts[1] / 100_000.0).isCloseTo(0.15, within(0.01));
        assertThat(counts[2] / 100_000.0).isCloseTo(0.05, within(0.01));
    }

    private static double[] draw(DeterministicRandom random) {
        double[] values = new double[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? random.nextDouble() : random.gaussian();
        }
        return values;
    }
}
