package io.fleetstream.flink.anomaly.detector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyDetectorTest {

    private static final long STEP = 300_000L;
    private static final int LEARN = 4000;
    /** The score from which the detector itself treats a sample as an alarm. */
    private static final double ALARM = DetectorConfig.defaults().alarmScore();

    private final AnomalyDetector detector = new AnomalyDetector(DetectorConfig.defaults());
    private final SplittableRandom random = new SplittableRandom(7);
    private final DetectorState state = detector.newState();
    private long time = 1_700_000_000_000L;
    private int index;

    /** A noisy daily cycle: 288 samples per day at 5-minute spacing. */
    private double clean() {
        return 100.0 + 20.0 * Math.sin(2 * Math.PI * index / 288.0) + 2.0 * random.nextGaussian();
    }

    private AnomalyResult feed(double value) {
        time += STEP;
        index++;
        return detector.update(state, time, value);
    }

    /** Learns a clean series and returns the highest score it produced after warm-up. */
    private double learnClean() {
        double max = 0;
        for (int i = 0; i < LEARN; i++) {
            AnomalyResult r = feed(clean());
            if (state.samples() > 1000) {
                max = Math.max(max, r.score());
            }
        }
        return max;
    }

    /** Highest score over {@code n} samples produced by the generator. */
    private double maxScoreOver(int n, java.util.function.DoubleUnaryOperator anomalous) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, feed(anomalous.applyAsDouble(clean())).score());
        }
        return max;
    }

    @Test
    void cleanPeriodicSeriesStaysLow() {
        double max = learnClean();
        assertThat(max).isLessThan(ALARM);
    }

    @Test
    void cleanPeriodicSeriesStaysLowWhileRulesJoin() {
        double max = 0;
        // 1500 samples at 5 minutes span the moments the range rules (day 1, sample 288) and the daily-profile
        // channel (day 3, sample 864) start scoring; neither may alarm on a series that did nothing unusual.
        for (int i = 0; i < 1500; i++) {
            max = Math.max(max, feed(clean()).score());
        }
        assertThat(max).isLessThan(ALARM);
    }

    @Test
    void warmUpScoresZero() {
        for (int i = 0; i < DetectorConfig.defaults().warmupSamples(); i++) {
            AnomalyResult r = feed(clean());
            assertThat(r.score()).isZero();
            assertThat(r.reason()).isEqualTo(AnomalyReason.WARMUP);
        }
        AnomalyResult afterWarmUp = feed(clean());
        assertThat(afterWarmUp.reason()).isNotEqualTo(AnomalyReason.WARMUP);
        assertThat(afterWarmUp.expectedLow()).isLessThan(afterWarmUp.expectedHigh());
    }

    @Test
    void spikeScoresHigh() {
        learnClean();
        AnomalyResult spike = feed(clean() + 60.0);
        assertThat(spike.score()).isGreaterThanOrEqualTo(ALARM);
        assertThat(spike.reason()).isEqualTo(AnomalyReason.SPIKE);
        assertThat(spike.expectedHigh()).isLessThan(clean() + 60.0);
    }

    @Test
    void levelShiftScoresHigh() {
        learnClean();
        assertThat(maxScoreOver(50, v -> v + 25.0)).isGreaterThanOrEqualTo(ALARM);
    }

    @Test
    void varianceChangeScoresHigh() {
        learnClean();
        assertThat(maxScoreOver(100, v -> v + 12.0 * random.nextGaussian())).isGreaterThanOrEqualTo(ALARM);
    }

    @Test
    void valueBeyondTheCoveredRangeIsOutOfRange() {
        // Wide uniform noise: a value a quarter of the range above anything seen is only ~2 residual scales away
        // from the prediction, so it is the range rule, not the spike likelihood, that must report it.
        for (int i = 0; i < LEARN; i++) {
            time += STEP;
            detector.update(state, time, 100.0 * random.nextDouble());
        }
        time += STEP;
        AnomalyResult beyond = detector.update(state, time, 125.0);
        assertThat(beyond.score()).isGreaterThanOrEqualTo(ALARM);
        assertThat(beyond.reason()).isEqualTo(AnomalyReason.OUT_OF_RANGE);
    }

    @Test
    void flatLinedSensorScoresHigh() {
        learnClean();
        double stuck = clean();
        double max = 0;
        AnomalyReason reason = AnomalyReason.NORMAL;
        for (int i = 0; i < 200; i++) {
            AnomalyResult r = feed(stuck);
            if (r.score() > max) {
                max = r.score();
                reason = r.reason();
            }
        }
        assertThat(max).isGreaterThanOrEqualTo(ALARM);
        assertThat(reason).isNotIn(AnomalyReason.NORMAL, AnomalyReason.WARMUP);
    }

    @Test
    void constantSeriesIsNotAFlatLine() {
        double max = 0;
        for (int i = 0; i < LEARN; i++) {
            time += STEP;
            max = Math.max(max, detector.update(state, time, 42.0).score());
        }
        assertThat(max).isLessThan(ALARM / 10);
    }

    @Test
    void scoresStayInUnitInterval() {
        learnClean();
        for (double v : new double[] {1e12, -1e12, 0.0, 100.0, Double.MAX_VALUE / 4}) {
            assertThat(feed(v).score()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void stateIsSmallAndFixedSize() {
        assertThat(detector.newState().toBytes()).hasSize(DetectorState.SERIALIZED_BYTES);
        learnClean();
        assertThat(state.toBytes()).hasSize(DetectorState.SERIALIZED_BYTES);
        assertThat(DetectorState.SERIALIZED_BYTES).isLessThanOrEqualTo(4096);
    }

    @Test
    void stateRoundTripsAndContinuesIdentically() {
        learnClean();
        DetectorState copy = DetectorState.fromBytes(state.toBytes());
        assertThat(copy.toBytes()).isEqualTo(state.toBytes());
        long t = time;
        for (int i = 0; i < 500; i++) {
            t += STEP;
            double v = clean() + (i == 300 ? 50.0 : 0.0);
            assertThat(detector.update(copy, t, v)).isEqualTo(detector.update(state, t, v));
        }
    }
    /** The default configuration with other alarm budgets, weekly-profile slack and minimum effect. */
    private static DetectorConfig variant(double samplesPerAlarm, double weeklySlack, double minEffect) {
        return variant(samplesPerAlarm, weeklySlack, minEffect, DetectorConfig.defaults().recentHorizonSamples());
    }

    private static DetectorConfig variant(double samplesPerAlarm, double weeklySlack, double minEffect,
                                          int recentHorizonSamples) {
        return variant(samplesPerAlarm, weeklySlack, minEffect, recentHorizonSamples,
                DetectorConfig.defaults().dropMargin());
    }

    private static DetectorConfig variant(double samplesPerAlarm, double weeklySlack, double minEffect,
                                          int recentHorizonSamples, double dropMargin) {
        return variant(samplesPerAlarm, weeklySlack, minEffect, recentHorizonSamples, dropMargin,
                DetectorConfig.defaults().dormantShare());
    }

    private static DetectorConfig variant(double samplesPerAlarm, double weeklySlack, double minEffect,
                                          int recentHorizonSamples, double dropMargin, double dormantShare) {
        DetectorConfig d = DetectorConfig.defaults();
        return new DetectorConfig(d.warmupSamples(), d.fastAlpha(), d.slowAlpha(), d.scaleAlpha(),
                d.shortScaleAlpha(), d.seasonAlpha(), d.surpriseAlpha(), d.likelihoodAlpha(), d.surpriseHalfPoint(),
                d.tailFloor(), d.alarmScore(), d.refractorySamples(), d.refractoryFraction(), d.refractoryFactor(),
                d.minFlatRun(), d.outOfRangeMargin(), d.levelOutOfRangeMargin(), d.rangeDecay(), weeklySlack,
                samplesPerAlarm, samplesPerAlarm, d.budgetDamping(), minEffect, recentHorizonSamples,
                d.recentHorizonFraction(), d.recentMargin(), d.recentMinExcess(), d.dropAlpha(), dropMargin,
                d.dormantAlpha(), dormantShare);
    }

    private static DetectorConfig withBudgetsAndSlack(double samplesPerAlarm, double weeklySlack) {
        return variant(samplesPerAlarm, weeklySlack, DetectorConfig.defaults().minEffect());
    }

    /** Highest score while the clean daily cycle runs {@code shift} above itself for 30 samples, after learning it. */
    private static double smallShiftMax(DetectorConfig config, double shift) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(7);
        double max = 0;
        for (int i = 0; i < LEARN + 30; i++) {
            double v = 100.0 + 20.0 * Math.sin(2 * Math.PI * i / 288.0) + 2.0 * random.nextGaussian()
                    + (i >= LEARN ? shift : 0.0);
            double score = detector.update(state, 1_700_000_000_000L + i * STEP, v).score();
            if (i >= LEARN) {
                max = Math.max(max, score);
            }
        }
        return max;
    }

    @Test
    void aDeviationOfFewScalesScoresInProportionToItsSize() {
        DetectorConfig d = DetectorConfig.defaults();
        DetectorConfig unlimited = variant(d.alarmBudgetSamples(), d.weeklyProfileSlack(), 0.0);
        // One noise sigma for 30 samples: unusual for the likelihood, but only about one residual scale.
        assertThat(smallShiftMax(d, 2.0)).isLessThan(0.8 * smallShiftMax(unlimited, 2.0));
        // Three sigmas alarm either way.
        assertThat(smallShiftMax(d, 6.0)).isGreaterThanOrEqualTo(ALARM);
    }

    /** Alarms raised by a clean daily cycle with a spike of +60 every 300 samples, over {@code n} samples. */
    private static int recurringSpikeAlarms(DetectorConfig config, int n) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(11);
        int alarms = 0;
        for (int i = 0; i < n; i++) {
            double v = 100.0 + 20.0 * Math.sin(2 * Math.PI * i / 288.0) + 2.0 * random.nextGaussian()
                    + (i > 1000 && i % 300 == 0 ? 60.0 : 0.0);
            if (detector.update(state, 1_700_000_000_000L + i * STEP, v).score() >= config.alarmScore()) {
                alarms++;
            }
        }
        return alarms;
    }

    @Test
    void aSeriesThatKeepsAlarmingRaisesItsOwnBar() {
        int budgeted = recurringSpikeAlarms(DetectorConfig.defaults(), 12_000);
        int unbudgeted = recurringSpikeAlarms(withBudgetsAndSlack(1e-9, DetectorConfig.defaults()
                .weeklyProfileSlack()), 12_000);
        assertThat(budgeted).isPositive().isLessThan(unbudgeted);
    }

    /**
     * Highest score in the fifth week of a daily cycle that is strong on weekdays and weak on weekends (a quiet
     * weekend; no step at the switch since the cycle crosses its mean at midnight).
     */
    private static double fifthWeekMax(DetectorConfig config) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(5);
        double max = 0;
        int perDay = 288;
        for (int i = 0; i < 35 * perDay; i++) {
            boolean weekend = (i / perDay) % 7 >= 5;
            double v = 100.0 + (weekend ? 4.0 : 20.0) * Math.sin(2 * Math.PI * i / perDay)
                    + 2.0 * random.nextGaussian();
            double score = detector.update(state, 1_700_000_000_000L + i * STEP, v).score();
            if (i >= 28 * perDay) {
                max = Math.max(max, score);
            }
        }
        return max;
    }

    @Test
    void weeklyPatternIsNoSurpriseOnceLearned() {
        double withWeekly = fifthWeekMax(DetectorConfig.defaults());
        double dailyOnly = fifthWeekMax(withBudgetsAndSlack(DetectorConfig.defaults().alarmBudgetSamples(), 1e9));
        assertThat(withWeekly).isLessThan(ALARM).isLessThan(dailyOnly);
    }

    /**
     * Highest score, and its reason, while a daily cycle that made one 200-sample excursion of +60 early on drifts
     * slowly upwards (+0.03 per sample, about 0.015 noise sigmas) four weeks later.
     */
    private static AnomalyResult slowDriftMax(DetectorConfig config) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(3);
        AnomalyResult max = null;
        for (int i = 0; i < 9000; i++) {
            double v = 100.0 + 10.0 * Math.sin(2 * Math.PI * i / 288.0) + 2.0 * random.nextGaussian()
                    + (i >= 1000 && i < 1200 ? 60.0 : 0.0) + (i >= 8000 ? 0.03 * (i - 8000) : 0.0);
            AnomalyResult r = detector.update(state, 1_700_000_000_000L + i * STEP, v);
            if (i >= 8000 && (max == null || r.score() > max.score())) {
                max = r;
            }
        }
        return max;
    }

    @Test
    void aDriftToALevelNotHeldForWeeksIsARecentExtreme() {
        // The early excursion keeps the drift inside the all-time range and the drift is too slow for the level
        // channel; only the comparison with the recent weeks' extremes sees it.
        AnomalyResult withRecent = slowDriftMax(DetectorConfig.defaults());
        DetectorConfig d = DetectorConfig.defaults();
        AnomalyResult without = slowDriftMax(variant(d.alarmBudgetSamples(), d.weeklyProfileSlack(), d.minEffect(),
                Integer.MAX_VALUE));

        assertThat(withRecent.score()).isGreaterThanOrEqualTo(ALARM);
        assertThat(withRecent.reason()).isEqualTo(AnomalyReason.RECENT_EXTREME);
        assertThat(without.score()).isLessThan(ALARM);
    }

    /**
     * Highest score, and its reason, while a daily cycle with occasional bursts (2 % of the samples, noise sigma x 12)
     * runs 10 below itself for six hours around its peak, two weeks in; or the highest score of the same stretch
     * without the drop.
     */
    private static AnomalyResult droppedPeakMax(DetectorConfig config, double drop) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(7);
        int start = LEARN + 288 - 72 - 36;
        AnomalyResult max = null;
        for (int i = 0; i < start + 72 + 300; i++) {
            double burst = random.nextDouble() < 0.02 ? 25.0 * random.nextGaussian() : 0.0;
            double v = 100.0 + 20.0 * Math.sin(2 * Math.PI * i / 288.0) + 2.0 * random.nextGaussian() + burst
                    - (i >= start && i < start + 72 ? drop : 0.0);
            AnomalyResult r = detector.update(state, 1_700_000_000_000L + i * STEP, v);
            if (i >= start && (max == null || r.score() > max.score())) {
                max = r;
            }
        }
        return max;
    }

    @Test
    void aStretchWellBelowTheDailyProfileIsASustainedDrop() {
        // The bursts have taught the channels to shrug at single deviations of this size (five noise sigmas); the
        // drop shows in the average error against the profile, which stays low for hours.
        DetectorConfig d = DetectorConfig.defaults();
        AnomalyResult withRule = droppedPeakMax(d, 10.0);
        AnomalyResult without = droppedPeakMax(variant(d.alarmBudgetSamples(), d.weeklyProfileSlack(), d.minEffect(),
                d.recentHorizonSamples(), Double.POSITIVE_INFINITY), 10.0);

        assertThat(withRule.score()).isGreaterThanOrEqualTo(ALARM);
        assertThat(withRule.reason()).isEqualTo(AnomalyReason.SUSTAINED_DROP);
        assertThat(without.score()).isLessThan(ALARM);
        assertThat(droppedPeakMax(d, 0.0).score()).isLessThan(ALARM);
    }

    /**
     * Highest score, and its reason, from the 100th sample on of two days in which a bursty activity series (an idle
     * floor of 0-5, bursts in 60 % of the samples, exponential with a daily mean of 200-2200) stops bursting, two
     * weeks in; or over the same stretch without the stop.
     */
    private static AnomalyResult stoppedActivityMax(DetectorConfig config, boolean stop) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        SplittableRandom random = new SplittableRandom(7);
        int start = LEARN;
        AnomalyResult max = null;
        for (int i = 0; i < start + 576; i++) {
            double mean = 1000.0 * (1.2 + Math.sin(2 * Math.PI * i / 288.0));
            double idle = 5.0 * random.nextDouble();
            double burst = random.nextDouble() < 0.6 ? -mean * Math.log(1 - random.nextDouble()) : 0.0;
            double v = stop && i >= start ? idle : idle + burst;
            AnomalyResult r = detector.update(state, 1_700_000_000_000L + i * STEP, v);
            if (i >= start + 100 && (max == null || r.score() > max.score())) {
                max = r;
            }
        }
        return max;
    }

    @Test
    void activityThatStopsOnABurstySeriesIsASustainedDrop() {
        // The variance channel notices the spread collapse once, early; after that the bursts have made the seasonal
        // scale so large that the idle floor is only a few scales below the profile, and what still gives the stop
        // away is that the values sit at the floor of the covered range for hours.
        DetectorConfig d = DetectorConfig.defaults();
        AnomalyResult withRule = stoppedActivityMax(d, true);
        AnomalyResult without = stoppedActivityMax(variant(d.alarmBudgetSamples(), d.weeklyProfileSlack(),
                d.minEffect(), d.recentHorizonSamples(), d.dropMargin(), 1.0), true);

        assertThat(withRule.score()).isGreaterThanOrEqualTo(ALARM);
        assertThat(withRule.reason()).isEqualTo(AnomalyReason.SUSTAINED_DROP);
        assertThat(without.score()).isLessThan(ALARM);
        assertThat(stoppedActivityMax(d, false).score()).isLessThan(ALARM);
    }
}
