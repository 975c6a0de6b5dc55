package io.fleetstream.benchmarks.nab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NabScorerTest {

    private static NabCorpus corpus;
    private static List<LabelledSeries> series;

    @BeforeAll
    static void loadCorpus() {
        Path root = NabBenchmark.findProjectRoot(Path.of("").toAbsolutePath());
        corpus = NabCorpus.load(root.resolve("../shared/nab").normalize());
        series = corpus.relativePaths().stream().map(corpus::read).toList();
    }

    @Test
    void corpusHas58FilesAnd116Windows() {
        assertThat(series).hasSize(58);
        assertThat(series.stream().mapToInt(s -> s.windows().size()).sum()).isEqualTo(116);
        assertThat(corpus.profiles()).extracting(CostProfile::name)
                .containsExactlyInAnyOrder("standard", "reward_low_FP_rate", "reward_low_FN_rate");
    }

    @Test
    void nullDetectorScoresZeroOnEveryProfile() {
        List<NabScorer.ScoredSeries> results = new ArrayList<>();
        for (LabelledSeries s : series) {
            results.add(new NabScorer.ScoredSeries(s, new double[s.rows()]));
        }
        Map<String, NabScorer.ProfileScore> scores = new NabScorer().score(results, corpus.profiles());
        assertThat(scores).hasSize(3);
        scores.values().forEach(p -> assertThat(p.normalized()).as(p.profile().name()).isEqualTo(0.0));
    }

    @Test
    void perfectDetectorScoresHundredOnEveryProfile() {
        List<NabScorer.ScoredSeries> results = new ArrayList<>();
        for (LabelledSeries s : series) {
            double[] scores = new double[s.rows()];
            s.windows().forEach(w -> scores[w.first()] = 1.0);
            results.add(new NabScorer.ScoredSeries(s, scores));
        }
        Map<String, NabScorer.ProfileScore> scores = new NabScorer().score(results, corpus.profiles());
        scores.values().forEach(p -> assertThat(p.normalized()).as(p.profile().name()).isEqualTo(100.0));
    }

    /**
     * 20 rows (probation: rows 0-2), one window on rows 8..11 (width 4). Detections: row 5 (before the window,
     * score 0.7), row 10 (inside, 0.9), row 15 (after, 0.8). By hand, standard profile:
     * window weight at row 10: s(-0.5)/s(-1) = 0.848283640/0.986614298 = 0.859792567;
     * row 15: p = 4/3, s = -0.997457967, weighs -0.109720376; row 5 weighs -0.11.
     * Best threshold 0.9: raw 0.859792567, normalised 100 * (0.859792567 + 1) / 2 = 92.98962835.
     * reward_low_FN_rate (fn 2): 100 * (0.859792567 + 2) / 3 = 95.32641890.
     */
    @Test
    void handComputedTinyCase() {
        String[] raw = new String[20];
        long[] ts = new long[20];
        for (int i = 0; i < 20; i++) {
            ts[i] = i * 60_000L;
            raw[i] = Long.toString(ts[i]);
        }
        LabelledSeries tiny = new LabelledSeries("tiny.csv", raw, ts, new double[20],
                List.of(new LabelledSeries.Window(8, 11)));
        double[] scores = new double[20];
        scores[5] = 0.7;
        scores[10] = 0.9;
        scores[15] = 0.8;
        List<CostProfile> profiles = List.of(new CostProfile("standard", 1.0, 0.11, 1.0),
                new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0));
        Map<String, NabScorer.ProfileScore> result = new NabScorer()
                .score(List.of(new NabScorer.ScoredSeries(tiny, scores)), profiles);

        NabScorer.ProfileScore standard = result.get("standard");
        assertThat(standard.threshold()).isEqualTo(0.9);
        assertThat(standard.raw()).isCloseTo(0.859792567, within(1e-9));
        assertThat(standard.normalized()).isCloseTo(92.98962835, within(1e-7));
        assertThat(result.get("reward_low_FN_rate").normalized()).isCloseTo(95.32641890, within(1e-7));
    }

    @Test
    void lowThresholdPaysForEveryFalsePositive() {
        String[] raw = new String[20];
        long[] ts = new long[20];
        for (int i = 0; i < 20; i++) {
            ts[i] = i;
            raw[i] = Long.toString(i);
        }
        LabelledSeries tiny = new LabelledSeries("tiny.csv", raw, ts, new double[20],
                List.of(new LabelledSeries.Window(8, 11)));
        double[] scores = new double[20];
        scores[4] = 1.0;
        scores[9] = 0.5;
        // At 0.5 the window is found (row 9: p = -0.75) but row 4 (before any window) costs fpWeight.
        double expectedRaw = NabScorer.scaledSigmoid(-0.75) / NabScorer.scaledSigmoid(-1.0) - 0.11;
        NabScorer.ProfileScore standard = new NabScorer().score(List.of(new NabScorer.ScoredSeries(tiny, scores)),
                List.of(new CostProfile("standard", 1.0, 0.11, 1.0))).get("standard");
        assertThat(standard.threshold()).isEqualTo(0.5);
        assertThat(standard.raw()).isCloseTo(expectedRaw, within(1e-12));
    }
}
