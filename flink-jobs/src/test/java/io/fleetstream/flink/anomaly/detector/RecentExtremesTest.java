package io.fleetstream.flink.anomaly.detector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentExtremesTest {

    /** 16 blocks of 4 samples: a horizon of 64 samples. */
    private static RecentExtremes withHorizon64() {
        RecentExtremes extremes = new RecentExtremes();
        extremes.start(64);
        return extremes;
    }

    /** Feeds one high and one low value, then {@code quiet} zeros; samples are counted from {@code seen}. */
    private static long feedPeakThenQuiet(RecentExtremes extremes, long seen, int quiet, double fraction) {
        extremes.add(100.0, ++seen, fraction);
        extremes.add(-50.0, ++seen, fraction);
        for (int i = 0; i < quiet; i++) {
            extremes.add(0.0, ++seen, fraction);
        }
        return seen;
    }

    @Test
    void remembersExtremesWithinTheHorizonAndForgetsOlderOnes() {
        RecentExtremes extremes = withHorizon64();
        assertThat(extremes.isEmpty()).isTrue();

        long seen = feedPeakThenQuiet(extremes, 0, 40, 0.0);
        assertThat(extremes.isEmpty()).isFalse();
        assertThat(extremes.max()).isEqualTo(100.0);
        assertThat(extremes.min()).isEqualTo(-50.0);

        feedPeakThenQuiet(extremes, seen, 0, 0.0);
        for (int i = 0; i < 80; i++) {
            extremes.add(1.0, seen + 2 + i, 0.0);
        }
        assertThat(extremes.max()).isEqualTo(1.0);
        assertThat(extremes.min()).isEqualTo(1.0);
    }

    @Test
    void theHorizonGrowsWithTheHistoryWhenAskedTo() {
        RecentExtremes fixed = withHorizon64();
        RecentExtremes growing = withHorizon64();
        long seen = 0;
        for (int i = 0; i < 1000; i++) {
            seen++;
            fixed.add(0.0, seen, 0.0);
            growing.add(0.0, seen, 1.0);
        }
        long after = feedPeakThenQuiet(fixed, seen, 600, 0.0);
        feedPeakThenQuiet(growing, seen, 600, 1.0);

        assertThat(fixed.max()).isZero();
        // The horizon covers the 1000 samples seen before the peak, so 600 samples later it is still there.
        assertThat(growing.max()).isEqualTo(100.0);
        assertThat(growing.min()).isEqualTo(-50.0);
        assertThat(after).isEqualTo(1602);
    }
}
