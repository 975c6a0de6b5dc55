package io.fleetstream.benchmarks.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAB scoring rules (see {@code SCORING.md} next to the corpus): probationary rows are ignored, every other row
 * gets a sigmoid weight from its position relative to the labelled windows, a window counts its best detected row
 * (or {@code -fnWeight} when undetected), every detected row outside the windows adds its negative weight, and one
 * threshold per profile is chosen for the whole corpus by sweeping every distinct score.
 */
public final class NabScorer {

    /** A detector's scores for one labelled series, one score per row. */
    public record ScoredSeries(LabelledSeries series, double[] scores) {
        public ScoredSeries {
            if (scores.length != series.rows()) {
                throw new IllegalArgumentException(series.relativePath() + ": " + scores.length
                        + " scores for " + series.rows() + " rows");
            }
        }
    }

    /** The outcome for one profile: best threshold, raw score at that threshold and the normalised score. */
    public record ProfileScore(CostProfile profile, double threshold, double raw, double normalized) {
    }

    /** {@code s(p) = 2 / (1 + e^(5p)) - 1}, and -1 far behind a window (p > 3). */
    static double scaledSigmoid(double position) {
        if (position > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
    }

    public Map<String, ProfileScore> score(List<ScoredSeries> results, List<CostProfile> profiles) {
        List<Row> rows = new ArrayList<>();
        int windows = 0;
        for (ScoredSeries result : results) {
            windows = collectRows(result, windows, rows);
        }
        Row[] sorted = rows.toArray(Row[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(b.score, a.score));
        Map<String, ProfileScore> scores = new LinkedHashMap<>();
        for (CostProfile profile : profiles) {
            scores.put(profile.name(), sweep(sorted, windows, profile));
        }
        return scores;
    }

    /** Appends the scored (post-probation) rows of one series; returns the running window count. */
    private static int collectRows(ScoredSeries result, int windowOffset, List<Row> out) {
        LabelledSeries series = result.series();
        List<LabelledSeries.Window> windows = series.windows();
        int next = 0;
        LabelledSeries.Window previous = null;
        for (int i = 0; i < series.rows(); i++) {
            while (next < windows.size() && windows.get(next).last() < i) {
                previous = windows.get(next);
                next++;
            }
            boolean inside = next < windows.size() && windows.get(next).first() <= i;
            if (i < series.probationRows()) {
                continue;
            }
            double score = result.scores()[i];
            if (inside) {
                LabelledSeries.Window w = windows.get(next);
                double position = -(double) (w.last() - i + 1) / w.width();
                out.add(new Row(score, windowOffset + next, scaledSigmoid(position)));
            } else if (previous != null) {
                double position = Math.abs(previous.last() - i) / (double) (previous.width() - 1);
                out.add(new Row(score, -1, scaledSigmoid(position)));
            } else {
                out.add(new Row(score, -1, -1.0));
            }
        }
        return windowOffset + windows.size();
    }

    private static ProfileScore sweep(Row[] sortedDescending, int windows, CostProfile profile) {
        double windowStart = scaledSigmoid(-1.0);
        double nullRaw = -profile.fnWeight() * windows;
        double perfectRaw = profile.tpWeight() * windows;
        double[] best = new double[windows];
        boolean[] detected = new boolean[windows];
        double raw = nullRaw;
        double bestRaw = nullRaw;
        double bestThreshold = Double.POSITIVE_INFINITY;
        int i = 0;
        while (i < sortedDescending.length) {
            double threshold = sortedDescending[i].score;
            for (; i < sortedDescending.length && sortedDescending[i].score == threshold; i++) {
                Row row = sortedDescending[i];
                if (row.window < 0) {
                    raw += row.sigmoid * profile.fpWeight();
                } else {
                    // divide first: a window's first row then weighs exactly tpWeight
                    double weight = row.sigmoid / windowStart * profile.tpWeight();
                    if (!detected[row.window]) {
                        detected[row.window] = true;
                        best[row.window] = weight;
                        raw += profile.fnWeight() + weight;
                    } else if (weight > best[row.window]) {
                        raw += weight - best[row.window];
                        best[row.window] = weight;
                    }
                }
            }
            if (raw > bestRaw) {
                bestRaw = raw;
                bestThreshold = threshold;
            }
        }
        double normalized = 100.0 * (bestRaw - nullRaw) / (perfectRaw - nullRaw);
        return new ProfileScore(profile, bestThreshold, bestRaw, normalized);
    }

    /** One scored row: its score, its window (global index, or -1 outside windows) and its sigmoid value. */
    private record Row(double score, int window, double sigmoid) {
    }
}
