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
 * profile (seasonal deviations). Like HTM's anomaly likelihood, each channel's short average is compared with its
 * own long-run distribution and turned into a log-scaled tail probability, so a channel that is always noisy on a
 * series stops alarming. A separate rule reports flat lines (the same value repeated far longer than ever before).
 * After an alarm, scores are damped for a refractory period so one event yields one detection.
 */
public final class AnomalyDetector {

    static final int SPIKE = 0;
    static final int LEVEL = 1;
    static final int VARIANCE = 2;
    static final int SEASON = 3;
    static final int CHANNELS = 4;
    /** Time-of-day bins of the daily profile (30 minutes each). */
    static final int DAY_BINS = 48;

    private static final AnomalyReason[] REASONS = {
        AnomalyReason.SPIKE, AnomalyReason.LEVEL_SHIFT, AnomalyReason.VARIANCE_CHANGE,
        AnomalyReason.SEASONAL_DEVIATION};
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long BIN_MILLIS = DAY_MILLIS / DAY_BINS;
    /** The daily profile is trusted once the series spans this long (every bin then has a few visits). */
    private static final long SEASON_READY_MILLIS = 3 * DAY_MILLIS;
    private static final double SCORE_QUANTUM = 1000.0;
    private static final double MIN_LIKELIHOOD_VARIANCE = 1e-6;

    static double tune(String k, double d) { String v = System.getProperty(k); return v == null ? d : Double.parseDouble(v); }
    static final double T_REL = tune("rel", 0);
    static final double T_HIST = tune("hist", 0);
    static final double T_HN = tune("hn", 2000);
    static final double T_HC = tune("hc", 0.01);
    static final int HBINS = 32;
    static final double[] T_W = {tune("w0", 1), tune("w1", 1), tune("w2", 1), tune("w3", 1)};
    static final double T_FUSE = tune("fuse", 0);
    static final double T_PC = tune("pc", 0);
    static final double T_PH = tune("ph", 2000);
    static final double T_LOG = tune("logt", 0);
    static final double T_REC = tune("rec", 0);
    static final double T_RECD = tune("recd", 0.9);
    static final int FINE_BINS = 288;
    static final double T_SEASON_MODE = tune("seasonMode", 0);
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
        if (T_LOG > 0) {
            if (s.samples == 0) {
                s.logC = Math.abs(value) * T_LOG + 1e-9;
            }
            value = Math.signum(value) * Math.log1p(Math.abs(value) / s.logC);
        }
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
        double seasonBase = T_REL > 0 ? s.slow : 0.0;
        double seasonal = s.dayProfile[bin] + seasonBase;
        boolean seasonKnown = !Double.isNaN(seasonal);
        double seasonResidual = seasonKnown ? Math.abs(value - seasonal) : 0.0;
        boolean seasonReady = seasonKnown && eventTimeMillis - s.firstTimeMillis >= SEASON_READY_MILLIS;

        boolean warm = s.samples >= config.warmupSamples();
        double likelihoodAlpha = warm ? config.likelihoodAlpha() : 1.0 / (s.samples + 1);
        double rawSpikeZ = residual / scale;
        int fine = (int) (Math.floorMod(eventTimeMillis, DAY_MILLIS) / (DAY_MILLIS / FINE_BINS));
        double spikeZ = rawSpikeZ;
        if (T_REC > 0) {
            double usual = Math.max(s.recurring[fine], Math.max(s.recurring[(fine + 1) % FINE_BINS],
                    s.recurring[(fine + FINE_BINS - 1) % FINE_BINS]));
            spikeZ = Math.max(0.0, rawSpikeZ - T_REC * usual);
            s.recurring[fine] = (float) Math.max(s.recurring[fine] * T_RECD, rawSpikeZ);
        }
        double score = 0.0;
        int strongest = -1;
        double second = 0.0;
        for (int k = 0; k < CHANNELS; k++) {
            boolean channelWarm = warm;
            double channelAlpha = likelihoodAlpha;
            if (k == SEASON) {
                // The profile channel starts only once the profile is trusted; its likelihood learns from then on.
                if (!seasonReady) {
                    continue;
                }
                channelWarm = s.seasonSamples >= config.warmupSamples();
                channelAlpha = channelWarm ? config.likelihoodAlpha() : 1.0 / (s.seasonSamples + 1);
            }
            double z = switch (k) {
                case SPIKE -> spikeZ;
                case LEVEL -> Math.abs(fast - s.slow) / Math.max(s.slowScale, floor);
                case VARIANCE -> Math.abs(Math.log((shortScale + floor) / (scale + floor)));
                default -> T_SEASON_MODE == 1 ? 0.0 : T_SEASON_MODE == 2 ? Math.min(seasonResidual / Math.max(s.seasonScale, floor), residual / scale) : seasonResidual / Math.max(s.seasonScale, floor);
            };
            double raw = z / (z + config.surpriseHalfPoint());
            s.surpriseShort[k] += config.surpriseAlpha() * (raw - s.surpriseShort[k]);
            double deviation = s.surpriseShort[k] - s.surpriseMean[k];
            if (channelWarm) {
                double std = Math.sqrt(Math.max(s.surpriseVar[k], MIN_LIKELIHOOD_VARIANCE));
                double d = deviation / std;
                double tail = GaussianTail.upper(d);
                if (T_HIST > 0) {
                    int hb = (int) Math.max(0, Math.min(HBINS - 1, Math.floor((d + 2) * 2)));
                    int base = k * HBINS;
                    double above = 0;
                    for (int b = hb; b < HBINS; b++) {
                        above += s.tailCounts[base + b];
                    }
                    if (s.tailTotals[k] > 0) {
                        tail = Math.max(tail, T_HC * above / s.tailTotals[k]);
                    }
                    s.tailCounts[base + hb] += (float) s.tailIncrement;
                    s.tailTotals[k] += s.tailIncrement;
                }
                double channelScore = T_W[k] * Math.min(1.0, Math.log(tail + Double.MIN_NORMAL) / logTailFloor);
                second = Math.max(second, Math.min(channelScore, score));
                if (channelScore > score) {
                    score = channelScore;
                    strongest = k;
                }
            }
            s.surpriseMean[k] += channelAlpha * deviation;
            s.surpriseVar[k] = (1 - channelAlpha) * (s.surpriseVar[k] + channelAlpha * deviation * deviation);
        }
        if (T_HIST > 0 && warm) {
            s.tailIncrement /= 1.0 - 1.0 / T_HN;
            if (s.tailIncrement > 1e20) {
                for (int i = 0; i < s.tailCounts.length; i++) {
                    s.tailCounts[i] /= (float) s.tailIncrement;
                }
                for (int i = 0; i < CHANNELS; i++) {
                    s.tailTotals[i] /= s.tailIncrement;
                }
                s.tailIncrement = 1.0;
            }
        }
        score = Math.min(1.0, score + T_FUSE * second);
        boolean repeat = Math.abs(value - s.lastValue) <= floor;
        int flatRun = repeat ? s.flatRun + 1 : 0;
        double flatScore = warm ? flatLineScore(s, flatRun) : 0.0;
        if (flatScore > score) {
            score = flatScore;
            strongest = CHANNELS;
        }
        score = applyRefractory(s, score);

        learn(s, eventTimeMillis, value, residual, shortScale, fast, bin, seasonBase, seasonal, seasonResidual, repeat, flatRun,
                warm, seasonReady);
        if (!warm) {
            return new AnomalyResult(0.0, Double.NaN, Double.NaN, AnomalyReason.WARMUP);
        }
        double band = 3.0 * scale;
        AnomalyReason reason = score < config.alarmScore() || strongest < 0 ? AnomalyReason.NORMAL
                : strongest == CHANNELS ? AnomalyReason.FLATLINE : REASONS[strongest];
        return new AnomalyResult(score, predicted - band, predicted + band, reason);
    }

    private static void start(DetectorState s, long eventTimeMillis, double value) {
        s.firstTimeMillis = eventTimeMillis;
        Arrays.fill(s.dayProfile, Float.NaN);
        s.fast = value;
        s.slow = value;
        s.lastValue = value;
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
        return excess < 1.0 ? 0.0 : Math.min(1.0, config.alarmScore() + 0.1 * Math.log(excess) / Math.log(2.0));
    }

    /** One event should be one detection: after an alarm, damp scores for a while; quantize for stable ranks. */
    private double applyRefractory(DetectorState s, double score) {
        s.alarmPressure *= 1.0 - 1.0 / T_PH;
        score /= 1.0 + T_PC * s.alarmPressure;
        if (s.sinceAlarm < config.refractorySamples()) {
            score *= config.refractoryFactor();
        } else if (score >= config.alarmScore()) {
            s.sinceAlarm = 0;
            s.alarmPressure += 1.0;
        }
        if (s.sinceAlarm < Integer.MAX_VALUE) {
            s.sinceAlarm++;
        }
        return Math.round(score * SCORE_QUANTUM) / SCORE_QUANTUM;
    }

    private void learn(DetectorState s, long eventTimeMillis, double value, double residual, double shortScale,
                       double fast, int bin, double seasonBase, double seasonal, double seasonResidual, boolean repeat, int flatRun,
                       boolean warm, boolean seasonReady) {
        // Plain averages until an EWMA's horizon is filled, so early estimates are not biased to the first value.
        double scaleAlpha = Math.max(config.scaleAlpha(), 1.0 / (s.samples + 1));
        double slowAlpha = Math.max(config.slowAlpha(), 1.0 / (s.samples + 1));
        s.residualScale += scaleAlpha * (residual - s.residualScale);
        s.shortResidualScale = shortScale;
        s.slowScale += slowAlpha * (Math.abs(value - s.slow) - s.slowScale);
        s.slow += slowAlpha * (value - s.slow);
        s.fast = fast;
        if (Double.isNaN(seasonal)) {
            s.dayProfile[bin] = (float) (value - seasonBase);
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
