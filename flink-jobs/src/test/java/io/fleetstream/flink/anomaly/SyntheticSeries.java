package io.fleetstream.flink.anomaly;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.DetectorConfig;
import io.fleetstream.flink.anomaly.detector.DetectorState;
import io.fleetstream.flink.common.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic test series: a noisy slow wave sampled every second, optionally with one large spike. */
final class SyntheticSeries {

    static final long START = 1_764_000_000_000L;
    static final long STEP = 1_000L;

    private SyntheticSeries() {
    }

    static List<MetricSample> wave(String robot, String metric, int samples, int spikeAt, long seed) {
        Random random = new Random(seed);
        List<MetricSample> series = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            double value = 40.0 + 2.0 * Math.sin(i / 20.0) + random.nextGaussian() * 0.3;
            if (i == spikeAt) {
                value += 25.0;
            }
            series.add(new MetricSample(robot, "site-a", metric, START + i * STEP, value));
        }
        return series;
    }

    /** The scores a plain detector gives the series, sample by sample: the reference for every job run. */
    static double[] directScores(DetectorConfig config, List<MetricSample> series) {
        AnomalyDetector detector = new AnomalyDetector(config);
        DetectorState state = detector.newState();
        double[] scores = new double[series.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = detector.update(state, series.get(i).eventTime, series.get(i).value).score();
        }
        return scores;
    }
}
