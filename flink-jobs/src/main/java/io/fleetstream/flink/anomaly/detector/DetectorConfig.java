package io.fleetstream.flink.anomaly.detector;

/**
 * Tuning of {@link AnomalyDetector}. One configuration serves every series: the detector learns each series' own
 * level, scale and daily profile, so nothing here is in the units of a metric. {@link #defaults()} is the
 * configuration benchmarked on NAB (see benchmarks/RESULTS.md).
 *
 * @param warmupSamples         samples that only train the state and score 0
 * @param fastAlpha             smoothing of the short-term level, the one-step prediction
 * @param slowAlpha             smoothing of the long-term baseline that level shifts are measured against
 * @param scaleAlpha            smoothing of the long-term residual scales (prediction and daily profile)
 * @param shortScaleAlpha       smoothing of the short-term residual scale compared against it (variance change)
 * @param seasonAlpha           how fast a time-of-day bin of the daily profile follows new values
 * @param surpriseAlpha         smoothing of the short average of each channel's raw surprise
 * @param likelihoodAlpha       smoothing of the long-run distribution of that average
 * @param surpriseHalfPoint     surprise (in residual-scale units) that maps to raw surprise 0.5
 * @param tailFloor             tail probability that maps to score 1 (scores are log-scaled down to it)
 * @param alarmScore            score from which a sample counts as an alarm and starts the refractory period
 * @param refractorySamples     samples after an alarm whose scores are damped (NAB-style: the first detection counts)
 * @param refractoryFraction    the refractory period also lasts at least this fraction of the samples the series has
 *                              seen so far (anomaly windows of longer series are longer)
 * @param refractoryFactor      factor applied to scores during the refractory period
 * @param minFlatRun            repeats of the exact same value before a flat line can be reported
 * @param outOfRangeMargin      how far beyond the range covered so far (as a fraction of its width) a value must lie
 *                              to be reported as out of range
 * @param levelOutOfRangeMargin the same for the short-term level against the range of levels covered so far
 * @param rangeDecay            per-sample rate at which the remembered ranges shrink towards the baseline
 * @param weeklyProfileSlack    once a series spans two weeks, its seasonal error is the smaller of the error against
 *                              the daily profile and this factor times the error against the hour-of-week profile
 *                              (a weekday/weekend difference is then no surprise; above 1 so that the coarser,
 *                              less visited weekly bins only win when they explain clearly more)
 * @param alarmBudgetSamples    alarm budget of a series: two alarms plus one per this many samples after warm-up;
 *                              beyond it the series' scores are damped (a series that alarms too often raises its own
 *                              bar, like HTM's likelihood adapts to a noisy series)
 * @param channelAlarmBudgetSamples the same per surprise channel (one alarm plus one per this many samples), so one
 *                              channel that keeps firing on a series is damped without muting the others
 * @param budgetDamping         exponent of the damping factor (budget / alarms) applied beyond a budget
 * @param minEffect             deviation, in units of the channel's own scale, below which the spike, level and
 *                              seasonal channels score only in proportion to it (z / minEffect): on a very regular
 *                              series a deviation of a few scales is already a many-sigma surprise to the channel's
 *                              likelihood, but not an event worth an alarm; 0 turns this off
 * @param recentHorizonSamples  the recent-extremes detector compares a value with the highest and lowest values of
 *                              at least this many recent samples (and scores from then on)
 * @param recentHorizonFraction its horizon also covers this fraction of all samples seen (longer histories are
 *                              judged against longer pasts)
 * @param recentMargin          a value beyond the recent highest (lowest) value by more than this fraction of that
 *                              extreme's distance from the long-term baseline is reported as a recent extreme
 * @param recentMinExcess       ... and only when it also lies beyond that extreme by at least this many residual
 *                              scales (a new record by a noise-sized amount is no event)
 * @param dropAlpha             smoothing of the average signed error against the time-of-day (or hour-of-week)
 *                              profile, in seasonal scales, that the sustained-drop rule watches (0.03: about the
 *                              last 30 samples, 2.5 hours of 5-minute data)
 * @param dropMargin            that average lying more than this many seasonal scales below the profile is reported
 *                              as a sustained drop (activity that died down, a periodic burst that did not come);
 *                              {@code Double.POSITIVE_INFINITY} turns the rule off
 * @param dormantAlpha          smoothing of the average share of the profile's height above the floor of the covered
 *                              range that the values lack (1 at or below the floor), also watched by that rule (0.02:
 *                              about the last 50 samples)
 * @param dormantShare          that average above this share (reached after hundreds of samples at the floor while
 *                              the profile expects activity, e.g. a bursty series that stopped) is reported as a
 *                              sustained drop too, whatever the seasonal scale; 1 turns this part off
 */
public record DetectorConfig(int warmupSamples, double fastAlpha, double slowAlpha, double scaleAlpha,
                             double shortScaleAlpha, double seasonAlpha, double surpriseAlpha,
                             double likelihoodAlpha, double surpriseHalfPoint, double tailFloor, double alarmScore,
                             int refractorySamples, double refractoryFraction, double refractoryFactor,
                             int minFlatRun, double outOfRangeMargin, double levelOutOfRangeMargin, double rangeDecay,
                             double weeklyProfileSlack, double alarmBudgetSamples, double channelAlarmBudgetSamples,
                             double budgetDamping, double minEffect, int recentHorizonSamples,
                             double recentHorizonFraction, double recentMargin, double recentMinExcess,
                             double dropAlpha, double dropMargin, double dormantAlpha, double dormantShare) {

    public static DetectorConfig defaults() {
        return new DetectorConfig(200, 0.2, 0.01, 0.003, 0.04, 0.1, 0.15, 0.0005, 40.0, 1e-20, 0.3, 100, 0.02, 0.1,
                30, 0.15, 0.05, 1e-5, 1.5, 2500, 5000, 0.5, 4.0, 4096, 0.5, 0.05, 1.0, 0.03, 2.5, 0.02, 0.99);
    }

    public DetectorConfig {
        if (warmupSamples < 1 || refractorySamples < 0 || minFlatRun < 2) {
            throw new IllegalArgumentException("need warmupSamples >= 1, refractorySamples >= 0, minFlatRun >= 2");
        }
        requireRate("fastAlpha", fastAlpha);
        requireRate("slowAlpha", slowAlpha);
        requireRate("scaleAlpha", scaleAlpha);
        requireRate("shortScaleAlpha", shortScaleAlpha);
        requireRate("seasonAlpha", seasonAlpha);
        requireRate("surpriseAlpha", surpriseAlpha);
        requireRate("likelihoodAlpha", likelihoodAlpha);
        requireRate("refractoryFactor", refractoryFactor);
        requireRate("dropAlpha", dropAlpha);
        requireRate("dormantAlpha", dormantAlpha);
        requireRate("dormantShare", dormantShare);
        if (!(dropMargin > 0)) {
            throw new IllegalArgumentException("need dropMargin > 0, was " + dropMargin);
        }
        if (!(refractoryFraction >= 0 && refractoryFraction < 1)) {
            throw new IllegalArgumentException("need 0 <= refractoryFraction < 1, was " + refractoryFraction);
        }
        if (!(outOfRangeMargin > 0) || !(levelOutOfRangeMargin > 0) || !(rangeDecay >= 0 && rangeDecay < 1)) {
            throw new IllegalArgumentException("need outOfRangeMargin > 0, levelOutOfRangeMargin > 0 and"
                    + " 0 <= rangeDecay < 1");
        }
        if (!(weeklyProfileSlack > 0) || !(alarmBudgetSamples > 0) || !(channelAlarmBudgetSamples > 0)
                || !(budgetDamping >= 0) || !(minEffect >= 0)) {
            throw new IllegalArgumentException("need weeklyProfileSlack > 0, alarmBudgetSamples > 0,"
                    + " channelAlarmBudgetSamples > 0, budgetDamping >= 0 and minEffect >= 0");
        }
        if (recentHorizonSamples < RecentExtremes.BLOCKS || !(recentHorizonFraction >= 0 && recentHorizonFraction <= 1)
                || !(recentMargin > 0) || !(recentMinExcess >= 0)) {
            throw new IllegalArgumentException("need recentHorizonSamples >= " + RecentExtremes.BLOCKS
                    + ", 0 <= recentHorizonFraction <= 1, recentMargin > 0 and recentMinExcess >= 0");
        }
        if (!(surpriseHalfPoint > 0) || !(tailFloor > 0 && tailFloor < 1) || !(alarmScore > 0 && alarmScore <= 1)) {
            throw new IllegalArgumentException("need surpriseHalfPoint > 0, 0 < tailFloor < 1, 0 < alarmScore <= 1");
        }
    }

    private static void requireRate(String name, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], was " + alpha);
        }
    }
}
