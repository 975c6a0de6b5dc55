package io.fleetstream.flink.anomaly.detector;

import java.util.Arrays;

/**
 * Streaming anomaly detector for one numeric series (one robot and metric). Stateless and thread-safe: all memory of
 * a series lives in a {@link DetectorState} that the caller keeps (e.g. in Flink keyed state) and passes to every
 * {@link #update} call, in event order.
 *
 * <p>Each sample feeds four surprise channels, all in units of the series' own learned scale: the one-step
 * prediction error (spikes), the distance of the short-term level from the long-term baseline (level shifts), the
 * log-ratio of short- to long-term residual scale (variance changes) and the error against a learned daily
 * profile (seasonal deviations, from the third day on; from the third week on the hour-of-week profile may explain
 * it instead, e.g. a quiet weekend). Like HTM's anomaly likelihood, each channel's short average
 * is compared with its own long-run distribution and turned into a log-scaled tail probability, so a channel that
 * is always noisy on a series stops alarming; a deviation of only a few of the series' own scales scores in
 * proportion to its size, so a very quiet series does not alarm on small wobbles either. Two rules complete the
 * channels: a value or short-term level clearly beyond the range the series has covered so far (like HTM's spatial
 * anomaly) and a flat line (the same value repeated far longer than ever before). Beside them runs a second,
 * model-free detector with other blind spots: a value clearly beyond the extremes of the recent weeks
 * ({@link RecentExtremes}), which still speaks when the likelihoods have learnt a series' bursts and older extremes
 * hide a drift from the range rule; and a rule for absences: values that stay clearly below what this time of day
 * (and week) usually brings for a while, e.g. a periodic burst that does not come or activity that dies down, which
 * the channels, judging single deviations by their size, barely see. After an alarm of any of them, scores are
 * damped for a refractory period so one event yields one detection, and a series (or one channel of it) that
 * alarms more often than its budget has its scores damped: a series calibrates its own alarm rate.
 */
public final class AnomalyDetector {

    static final int SPIKE = 0;
    static final int LEVEL = 1;
    static final int VARIANCE = 2;
    static final int SEASON = 3;
    static final int CHANNELS = 4;
    /** {@code strongest} values of the two rules that sit beside the likelihood channels. */
    private static final int FLAT_LINE = CHANNELS;
    private static final int OUT_OF_RANGE = CHANNELS + 1;
    /** Time-of-day bins of the daily profile (30 minutes each). */
    static final int DAY_BINS = 48;
    /** Hour-of-week bins of the weekly profile. */
    static final int WEEK_BINS = 168;

    private static final AnomalyReason[] REASONS = {
        AnomalyReason.SPIKE, AnomalyReason.LEVEL_SHIFT, AnomalyReason.VARIANCE_CHANGE,
        AnomalyReason.SEASONAL_DEVIATION};
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long BIN_MILLIS = DAY_MILLIS / DAY_BINS;
    private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
    private static final long WEEK_BIN_MILLIS = WEEK_MILLIS / WEEK_BINS;
    /** The weekly profile may explain a seasonal error once every hour of the week was visited twice. */
    private static final long WEEK_READY_MILLIS = 15 * DAY_MILLIS;
    /** Alarms a series, and each of its channels, may raise before the budgets' per-sample allowance adds up. */
    private static final double FREE_ALARMS = 2.0;
    private static final double FREE_CHANNEL_ALARMS = 1.0;
    /** The daily profile is trusted once the series spans this long (every bin then has a few visits). */
    private static final long SEASON_READY_MILLIS = 3 * DAY_MILLIS;
    /**
     * The range rules wait until the series spans a day: before that, a daily cycle's first trough or peak would look
     * like a value never seen before.
     */
    private static final long RANGE_READY_MILLIS = DAY_MILLIS;
    private static final double SCORE_QUANTUM = 1000.0;
    private static final double MIN_LIKELIHOOD_VARIANCE = 1e-6;

    private final DetectorConfig config;
    private final double logTailFloor;

    public AnomalyDetector(DetectorConfig config) {
        this.config = config;
        this.logTailFloor = Math.log(config.tailFloor());
    }

    public DetectorConfig config() {
        return config;
    }

    public DetectorState newState() {
        return new DetectorState();
    }

    /** Scores one sample against what the state learned from earlier samples, then learns from it. */
    public AnomalyResult update(DetectorState s, long eventTimeMillis, double value) {
        if (s.samples == 0) {
            start(s, eventTimeMillis, value);
        }
        // Relative floor so that perfectly constant series do not divide by zero.
        double floor = 1e-12 + 1e-9 * Math.abs(s.slow);
        double predicted = s.fast;
        double residual = Math.abs(value - predicted);
        double scale = Math.max(s.residualScale, floor);
        double fast = s.fast + config.fastAlpha() * (value - s.fast);
        double shortScale = s.shortResidualScale + config.shortScaleAlpha() * (residual - s.shortResidualScale);
        int bin = (int) (Math.floorMod(eventTimeMillis, DAY_MILLIS) / BIN_MILLIS);
        double seasonal = s.dayProfile[bin];
        boolean seasonKnown = !Double.isNaN(seasonal);
        double seasonResidual = seasonKnown ? Math.abs(value - seasonal) : 0.0;
        boolean seasonReady = seasonKnown && eventTimeMillis - s.firstTimeMillis >= SEASON_READY_MILLIS;
        int weekBin = (int) (Math.floorMod(eventTimeMillis, WEEK_MILLIS) / WEEK_BIN_MILLIS);
        double weekly = s.weekProfile[weekBin];
        double expected = seasonal;
        if (seasonKnown && !Double.isNaN(weekly) && eventTimeMillis - s.firstTimeMillis >= WEEK_READY_MILLIS
                && config.weeklyProfileSlack() * Math.abs(value - weekly) < seasonResidual) {
            seasonResidual = config.weeklyProfileSlack() * Math.abs(value - weekly);
            expected = weekly;
        }

        boolean warm = s.samples >= config.warmupSamples();
        double likelihoodAlpha = warm ? config.likelihoodAlpha() : 1.0 / (s.samples + 1);
        double score = 0.0;
        double spikeScore = 0.0;
        int strongest = -1;
        for (int k = 0; k < CHANNELS; k++) {
            boolean channelWarm = warm;
            double channelAlpha = likelihoodAlpha;
            if (k == SEASON) {
                // The profile channel joins only once the profile is trusted, with a likelihood learnt from then
                // on: judging its first values against statistics of the zeros it emitted before made every
                // series alarm the moment the profile became ready.
                if (!seasonReady) {
                    continue;
                }
                channelWarm = s.seasonSamples >= config.warmupSamples();
                channelAlpha = channelWarm ? config.likelihoodAlpha() : 1.0 / (s.seasonSamples + 1);
            }
            double z = switch (k) {
                case SPIKE -> residual / scale;
                case LEVEL -> Math.abs(fast - s.slow) / Math.max(s.slowScale, floor);
                case VARIANCE -> Math.abs(Math.log((shortScale + floor) / (scale + floor)));
                default -> seasonResidual / Math.max(s.seasonScale, floor);
            };
            double raw = z / (z + config.surpriseHalfPoint());
            s.surpriseShort[k] += config.surpriseAlpha() * (raw - s.surpriseShort[k]);
            double deviation = s.surpriseShort[k] - s.surpriseMean[k];
            if (channelWarm) {
                double std = Math.sqrt(Math.max(s.surpriseVar[k], MIN_LIKELIHOOD_VARIANCE));
                double tail = GaussianTail.upper(deviation / std);
                double channelScore = Math.min(1.0, Math.log(tail + Double.MIN_NORMAL) / logTailFloor)
                        * budgetFactor(s.channelAlarms[k], FREE_CHANNEL_ALARMS, s, config.channelAlarmBudgetSamples());
                // The likelihood judges a deviation against the channel's own history only; on a very regular
                // series that makes a few scales look like a many-sigma event, so small effects score in proportion.
                // (The variance channel's z is a log-ratio, not a count of scales.)
                if (k != VARIANCE && z < config.minEffect()) {
                    channelScore *= z / config.minEffect();
                }
                if (k == SPIKE) {
                    spikeScore = channelScore;
                }
                if (channelScore > score) {
                    score = channelScore;
                    strongest = k;
                }
            }
            s.surpriseMean[k] += channelAlpha * deviation;
            s.surpriseVar[k] = (1 - channelAlpha) * (s.surpriseVar[k] + channelAlpha * deviation * deviation);
        }
        boolean rangeReady = warm && eventTimeMillis - s.firstTimeMillis >= RANGE_READY_MILLIS;
        double rangeScore = rangeReady ? Math.max(
                outOfRangeScore(value, s.minValue, s.maxValue, config.outOfRangeMargin(), floor),
                outOfRangeScore(fast, s.minLevel, s.maxLevel, config.levelOutOfRangeMargin(), floor)) : 0.0;
        if (rangeScore > score) {
            score = rangeScore;
            strongest = OUT_OF_RANGE;
        }
        boolean repeat = Math.abs(value - s.lastValue) <= floor;
        int flatRun = repeat ? s.flatRun + 1 : 0;
        double flatScore = warm ? flatLineScore(s, flatRun) : 0.0;
        if (flatScore > score) {
            score = flatScore;
            strongest = FLAT_LINE;
        }
        if (warm) {
            score *= budgetFactor(s.alarms, FREE_ALARMS, s, config.alarmBudgetSamples());
        }
        score = applyRefractory(s, score, strongest);
        // applyRefractory restarts its count at an alarm, so 1 means the channels or rules alarmed on this sample.
        boolean channelsAlarmed = s.sinceAlarm == 1;
        double recentScore = recentExtremeScore(s, value, scale);
        double dropScore = warm && seasonReady ? sustainedDropScore(s, value, expected, floor) : 0.0;
        boolean dropWins = dropScore > recentScore;
        // The two rules beside the channels share one alarm budget.
        double sideScore = Math.max(recentScore, dropScore)
                * budgetFactor(s.sideAlarms, FREE_ALARMS, s, config.alarmBudgetSamples());
        boolean sideWins = sideScore > score;
        score = applyOverallRefractory(s, sideWins ? sideScore : score,
                sideWins ? sideScore >= config.alarmScore() : channelsAlarmed, sideWins);

        learn(s, eventTimeMillis, value, residual, shortScale, fast, bin, seasonal, seasonResidual, repeat, flatRun,
                warm, seasonReady);
        learnWeek(s, weekBin, value, weekly);
        if (!s.recent.isStarted()) {
            // The first sample, or the first after a state of the previous format was restored.
            s.recent.start(config.recentHorizonSamples());
        }
        s.recent.add(value, s.samples, config.recentHorizonFraction());
        if (!warm) {
            return new AnomalyResult(0.0, Double.NaN, Double.NaN, AnomalyReason.WARMUP);
        }
        double band = 3.0 * scale;
        AnomalyReason reason = score < config.alarmScore() || strongest < 0 && !sideWins ? AnomalyReason.NORMAL
                : sideWins ? (dropWins ? AnomalyReason.SUSTAINED_DROP : AnomalyReason.RECENT_EXTREME)
                : strongest == FLAT_LINE ? AnomalyReason.FLATLINE
                : strongest == OUT_OF_RANGE ? AnomalyReason.OUT_OF_RANGE
                // A single value that breaks the time-of-day pattern and alarms as a spike on its own is reported
                // as the more specific spike.
                : strongest == SEASON && spikeScore >= config.alarmScore() ? AnomalyReason.SPIKE
                : REASONS[strongest];
        return new AnomalyResult(score, predicted - band, predicted + band, reason);
    }

    private static void start(DetectorState s, long eventTimeMillis, double value) {
        s.firstTimeMillis = eventTimeMillis;
        Arrays.fill(s.dayProfile, Float.NaN);
        Arrays.fill(s.weekProfile, Float.NaN);
        s.fast = value;
        s.slow = value;
        s.minValue = value;
        s.maxValue = value;
        s.minLevel = value;
        s.maxLevel = value;
        s.lastValue = value;
    }

    /**
     * {@code x} beyond the covered range {@code [min, max]} by more than {@code margin} of its width scores from just
     * above the alarm level upwards (+0.1 per doubling of the excess). Unlike the likelihood channels this needs no
     * distribution assumption, so it also catches new extremes of heavy-tailed series whose surprise statistics are
     * inflated by their usual bursts. Applied to the raw value (new peaks) and to the short-term level (sustained
     * moves to a level never held before, which single past spikes do not mask).
     */
    private double outOfRangeScore(double x, double min, double max, double margin, double floor) {
        double range = max - min;
        if (range <= floor) {
            return 0.0;
        }
        double excess = Math.max(x - max, min - x) / range;
        return excess <= margin ? 0.0 : escalate(2.0 * excess / margin);
    }

    /** Alarm level plus 0.1 per doubling of {@code ratio} beyond 1, capped at 1. */
    private double escalate(double ratio) {
        return Math.min(1.0, config.alarmScore() + 0.1 * Math.log(ratio) / Math.log(2.0));
    }

    /**
     * A run of identical values is a flat line once it is longer than both {@code minFlatRun} and twice the longest
     * run this series produced before; a series that never changed at all is constant by nature, not flat-lined.
     */
    private double flatLineScore(DetectorState s, int flatRun) {
        if (flatRun >= s.samples) {
            return 0.0;
        }
        double excess = flatRun / Math.max(config.minFlatRun(), 2.0 * s.longestFlatRun);
        return excess < 1.0 ? 0.0 : escalate(excess);
    }

    /**
     * Damping for a series or channel that raised {@code alarms} alarms after warm-up against a budget of
     * {@code free} alarms plus one per {@code samplesPerAlarm} warm samples: 1 within the budget, then
     * {@code (budget / alarms)^budgetDamping}. Unlike a fixed threshold this lets a bursty series (tweet volumes)
     * keep only its most surprising events while a quiet series keeps its full sensitivity.
     */
    private double budgetFactor(int alarms, double free, DetectorState s, double samplesPerAlarm) {
        if (alarms == 0) {
            return 1.0;
        }
        double budget = free + (s.samples - config.warmupSamples()) / samplesPerAlarm;
        return alarms <= budget ? 1.0 : Math.pow(budget / alarms, config.budgetDamping());
    }

    /**
     * One event should be one detection: after an alarm, damp scores for a while (at least {@code refractorySamples},
     * or {@code refractoryFraction} of the samples seen so far); quantize for stable ranks. Counts
     * the alarm against the budgets of the series and of the channel that raised it.
     */
    private double applyRefractory(DetectorState s, double score, int strongest) {
        if (s.sinceAlarm < refractoryPeriod(s)) {
            score *= config.refractoryFactor();
        } else if (score >= config.alarmScore()) {
            s.sinceAlarm = 0;
            s.alarms++;
            if (strongest >= 0 && strongest < CHANNELS) {
                s.channelAlarms[strongest]++;
            }
        }
        if (s.sinceAlarm < Integer.MAX_VALUE) {
            s.sinceAlarm++;
        }
        return Math.round(score * SCORE_QUANTUM) / SCORE_QUANTUM;
    }

    /**
     * Longer series are labelled with longer anomaly windows, so one event lasts longer too: the refractory period
     * grows with the samples seen (never with samples to come).
     */
    private double refractoryPeriod(DetectorState s) {
        return Math.max(config.refractorySamples(), config.refractoryFraction() * s.samples);
    }

    /**
     * The second, model-free opinion: a value beyond the highest (lowest) value of the recent horizon by more than
     * {@code recentMargin} of that extreme's distance from the long-term baseline and by at least
     * {@code recentMinExcess} residual scales. It knows no likelihood, so it still speaks where the channels have
     * learnt to shrug: a heavy-tailed series' biggest burst in weeks, or a slow drift to a level not held for weeks
     * (the all-time range rule stays blind to both while older extremes are larger). Scores like the range rules,
     * before the alarm budget it shares with {@link #sustainedDropScore}.
     */
    private double recentExtremeScore(DetectorState s, double value, double scale) {
        if (s.samples < config.recentHorizonSamples() || s.recent.isEmpty()) {
            return 0.0;
        }
        double max = s.recent.max();
        double min = s.recent.min();
        double excess = Math.max(max > s.slow ? (value - max) / (max - s.slow) : 0.0,
                min < s.slow ? (min - value) / (s.slow - min) : 0.0);
        // Noise alone sets a new record now and then; by a fraction of a residual scale that is no event.
        if (!(excess > config.recentMargin())
                || Math.max(value - max, min - value) < config.recentMinExcess() * scale) {
            return 0.0;
        }
        return escalate(2.0 * excess / config.recentMargin());
    }

    /**
     * The third opinion, for absences: advances the average of the signed error against the {@code expected} value
     * of the seasonal channel (the time-of-day profile, or the hour-of-week profile where that one explains the value
     * clearly better), in seasonal scales, and scores like the range rules once that average lies more than
     * {@code dropMargin} scales below the profile. The channels judge the size of each deviation, so a stretch of
     * values each only somewhat low, such as a daily peak that does not come or activity that dies down, hardly
     * moves them; a sustained one-sided error does. Only drops: rises are what spikes, level shifts and the recent
     * extremes are for. Scores before the alarm budget it shares with the recent extremes.
     *
     * <p>On a bursty series the seasonal scale is large, so even activity that stops altogether may stay within a
     * few scales; the same stretch also counts as a drop when the value has sat at the floor of the covered range
     * (or below) for a long time while the profile expected more: the average of the fraction of the profile's
     * height above that floor that is missing exceeds {@code dormantShare}.
     */
    private double sustainedDropScore(DetectorState s, double value, double expected, double floor) {
        s.profileDeficit += config.dropAlpha() * ((expected - value) / Math.max(s.seasonScale, floor)
                - s.profileDeficit);
        double height = expected - s.minValue;
        double missingShare = height > floor ? Math.max(-1.0, Math.min(1.0, (expected - value) / height)) : 0.0;
        s.dormancy += config.dormantAlpha() * (missingShare - s.dormancy);
        double ratio = Math.max(s.profileDeficit / config.dropMargin(), s.dormancy / config.dormantShare());
        return ratio > 1.0 ? escalate(2.0 * ratio) : 0.0;
    }

    /**
     * The channels' score and the scores of the recent extremes and sustained drops share one refractory period, so
     * one event is one alarm whichever of them sees it first; counts the alarm against the budget of the latter two
     * when one of them raised it.
     */
    private double applyOverallRefractory(DetectorState s, double score, boolean alarm, boolean sideWins) {
        if (s.sinceOverallAlarm < refractoryPeriod(s)) {
            score *= config.refractoryFactor();
        } else if (alarm) {
            s.sinceOverallAlarm = 0;
            if (sideWins) {
                s.sideAlarms++;
            }
        }
        if (s.sinceOverallAlarm < Integer.MAX_VALUE) {
            s.sinceOverallAlarm++;
        }
        return Math.round(score * SCORE_QUANTUM) / SCORE_QUANTUM;
    }

    private void learnWeek(DetectorState s, int weekBin, double value, double weekly) {
        if (Double.isNaN(weekly)) {
            s.weekProfile[weekBin] = (float) value;
        } else {
            s.weekProfile[weekBin] += (float) (config.seasonAlpha() * (value - weekly));
        }
    }

    private void learn(DetectorState s, long eventTimeMillis, double value, double residual, double shortScale,
                       double fast, int bin, double seasonal, double seasonResidual, boolean repeat, int flatRun,
                       boolean warm, boolean seasonReady) {
        // Plain averages until an EWMA's horizon is filled, so early estimates are not biased to the first value.
        double scaleAlpha = Math.max(config.scaleAlpha(), 1.0 / (s.samples + 1));
        double slowAlpha = Math.max(config.slowAlpha(), 1.0 / (s.samples + 1));
        s.residualScale += scaleAlpha * (residual - s.residualScale);
        s.shortResidualScale = shortScale;
        s.slowScale += slowAlpha * (Math.abs(value - s.slow) - s.slowScale);
        s.slow += slowAlpha * (value - s.slow);
        // Covered ranges relax slowly towards the baseline, so one old glitch does not blind the rule forever.
        double decay = config.rangeDecay();
        s.maxValue = Math.max(s.maxValue, value);
        s.minValue = Math.min(s.minValue, value);
        s.maxValue -= decay * (s.maxValue - s.slow);
        s.minValue += decay * (s.slow - s.minValue);
        s.maxLevel = Math.max(s.maxLevel, fast);
        s.minLevel = Math.min(s.minLevel, fast);
        s.maxLevel -= decay * (s.maxLevel - s.slow);
        s.minLevel += decay * (s.slow - s.minLevel);
        s.fast = fast;
        if (Double.isNaN(seasonal)) {
            s.dayProfile[bin] = (float) value;
        } else {
            s.dayProfile[bin] += (float) (config.seasonAlpha() * (value - seasonal));
            s.seasonScale += scaleAlpha * (seasonResidual - s.seasonScale);
        }
        // During warm-up the current run counts as normal, so a series that starts flat is not flagged for it.
        if ((!repeat || !warm) && s.flatRun > s.longestFlatRun) {
            s.longestFlatRun = s.flatRun;
        }
        s.flatRun = flatRun;
        s.lastValue = value;
        s.lastTimeMillis = eventTimeMillis;
        s.samples++;
        if (seasonReady) {
            s.seasonSamples++;
        }
    }
}
