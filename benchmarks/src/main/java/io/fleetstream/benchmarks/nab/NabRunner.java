package io.fleetstream.benchmarks.nab;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.DetectorState;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams every NAB file row by row through {@link AnomalyDetector} (one fresh {@link DetectorState} per file, as
 * one Flink key would get) and writes NAB-format result files {@code timestamp,value,anomaly_score,label} to
 * {@code <resultsRoot>/<detectorName>/<folder>/<detectorName>_<file>.csv}.
 */
public final class NabRunner {

    private final AnomalyDetector detector;
    private final String detectorName;

    public NabRunner(AnomalyDetector detector, String detectorName) {
        this.detector = detector;
        this.detectorName = detectorName;
    }

    /** Scores one series in order; row i only sees rows 0..i. Also reports the largest state seen. */
    public double[] score(LabelledSeries series, StateSizeTracker sizes) {
        DetectorState state = detector.newState();
        double[] scores = new double[series.rows()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = detector.update(state, series.timestamps()[i], series.values()[i]).score();
            if (sizes != null && (i & 1023) == 0) {
                sizes.observe(state);
            }
        }
        if (sizes != null) {
            sizes.observe(state);
        }
        return scores;
    }

    /** Runs the whole corpus, writing result files when {@code resultsRoot} is not null. */
    public List<NabScorer.ScoredSeries> run(NabCorpus corpus, Path resultsRoot, StateSizeTracker sizes) {
        List<NabScorer.ScoredSeries> results = new ArrayList<>();
        for (String relativePath : corpus.relativePaths()) {
            LabelledSeries series = corpus.read(relativePath);
            double[] scores = score(series, sizes);
            if (resultsRoot != null) {
                write(series, scores, resultFile(resultsRoot, relativePath));
            }
            results.add(new NabScorer.ScoredSeries(series, scores));
        }
        return results;
    }

    Path resultFile(Path resultsRoot, String relativePath) {
        Path relative = Path.of(relativePath);
        Path folder = resultsRoot.resolve(detectorName);
        if (relative.getParent() != null) {
            folder = folder.resolve(relative.getParent());
        }
        return folder.resolve(detectorName + "_" + relative.getFileName());
    }

    private static void write(LabelledSeries series, double[] scores, Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                out.write("timestamp,value,anomaly_score,label\n");
                for (int i = 0; i < scores.length; i++) {
                    out.write(series.rawTimestamps()[i]);
                    out.write(',');
                    out.write(formatValue(series.values()[i]));
                    out.write(',');
                    out.write(Double.toString(scores[i]));
                    out.write(series.inWindow(i) ? ",1\n" : ",0\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String formatValue(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Largest serialized {@link DetectorState} observed while running. */
    public static final class StateSizeTracker {
        private int maxBytes;

        void observe(DetectorState state) {
            maxBytes = Math.max(maxBytes, state.toBytes().length);
        }

        public int maxBytes() {
            return maxBytes;
        }
    }
}
