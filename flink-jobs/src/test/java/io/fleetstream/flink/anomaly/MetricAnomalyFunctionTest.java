package io.fleetstream.flink.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.schemas.avro.AnomalyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MetricAnomalyFunctionTest {

    private static final DetectorTuning TUNING = DetectorTuning.defaults();
    private static final int SPIKE_AT = 250;

    private final List<MetricSample> series = SyntheticSeries.wave("robot-0001", "motor_temp_c", 300, SPIKE_AT, 7);
    private final double[] expected = SyntheticSeries.directScores(TUNING.toConfig(), series);
    /**
     * The spike's own score: how well the detector scores is the detector's business (benchmarked on NAB); here
     * only matters that the function reports exactly the samples the detector scores at or above the threshold.
     */
    private final double threshold = expected[SPIKE_AT];

    @Test
    void scoresEverySampleOnArrivalExactlyAsTheDetectorRunDirectly() throws Exception {
        try (var harness = harness()) {
            harness.open();
            feed(harness, series);

            List<MetricScore> scores = scores(harness);
            assertThat(scores).extracting(s -> s.eventTime)
                    .containsExactlyElementsOf(series.stream().map(s -> s.eventTime).toList());
            assertThat(scores).extracting(s -> s.score).containsExactly(boxed(expected));
            assertThat(scores).allSatisfy(s -> assertThat(s.score).isBetween(0.0, 1.0));
        }
    }

    @Test
    void reportsASpikeAsAnAnomalyEventAboveTheThreshold() throws Exception {
        assertThat(threshold).as("the spike stands out after warm-up").isGreaterThan(0.0);
        try (var harness = harness()) {
            harness.open();
            feed(harness, series);

            List<AnomalyEvent> events = harness.extractOutputValues();
            assertThat(events).isNotEmpty();
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getScore()).isGreaterThanOrEqualTo(threshold).isLessThanOrEqualTo(1.0);
                assertThat(e.getRobotId()).isEqualTo("robot-0001");
                assertThat(e.getSite()).isEqualTo("site-a");
                assertThat(e.getMetric()).isEqualTo("motor_temp_c");
                assertThat(e.getDetector()).isEqualTo(MetricAnomalyFunction.DETECTOR_NAME);
                assertThat(e.getReason()).contains("motor_temp_c=");
                assertThat(e.getDetectionTime()).isNotNull();
            });
            MetricSample spike = series.get(SPIKE_AT);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getEventTime().toEpochMilli()).isEqualTo(spike.eventTime);
                assertThat(e.getValue()).isEqualTo(spike.value);
                assertThat(e.getExpectedHigh()).isLessThan(spike.value);
            });
            long expectedEvents = Arrays.stream(expected).filter(s -> s >= threshold).count();
            assertThat(events).hasSize((int) expectedEvents);
        }
    }

    @Test
    void detectorStateSurvivesSnapshotAndRestore() throws Exception {
        int cut = 200;
        OperatorSubtaskState snapshot;
        List<MetricScore> beforeFailure;
        try (var harness = harness()) {
            harness.open();
            feed(harness, series.subList(0, cut));
            beforeFailure = scores(harness);
            snapshot = harness.snapshot(1L, 1L);
        }
        assertThat(beforeFailure).hasSize(cut);

        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, series.subList(cut, series.size()));

            List<MetricScore> all = new ArrayList<>(beforeFailure);
            all.addAll(scores(restored));
            assertThat(all).extracting(s -> s.score).containsExactly(boxed(expected));
        }
    }

    @Test
    void aRedeliveredSampleIsScoredOnce() throws Exception {
        try (var harness = harness()) {
            harness.open();
            MetricSample first = series.get(0);
            MetricSample second = series.get(1);
            harness.processElement(first, first.eventTime);
            harness.processElement(first, first.eventTime);
            harness.processElement(second, second.eventTime);
            harness.processElement(second, second.eventTime);

            assertThat(scores(harness)).extracting(s -> s.eventTime)
                    .containsExactly(first.eventTime, second.eventTime);
        }
    }

    @Test
    void anOutOfOrderSampleIsScoredAndReportedWithoutChangingWhatTheSeriesLearned() throws Exception {
        MetricSample spike = series.get(SPIKE_AT);
        List<MetricSample> inOrder = new ArrayList<>(series);
        inOrder.remove(SPIKE_AT);
        int overtakenBy = 5;
        List<MetricSample> before = inOrder.subList(0, SPIKE_AT + overtakenBy);
        double[] inOrderScores = SyntheticSeries.directScores(TUNING.toConfig(), inOrder);
        List<MetricSample> learnedThenSpike = new ArrayList<>(before);
        learnedThenSpike.add(spike);
        double[] spikeScores = SyntheticSeries.directScores(TUNING.toConfig(), learnedThenSpike);
        try (var harness = harness()) {
            harness.open();
            feed(harness, before);
            // The spike arrives after newer samples of its series.
            harness.processElement(spike, spike.eventTime);
            feed(harness, inOrder.subList(before.size(), inOrder.size()));

            List<MetricScore> scores = scores(harness);
            List<Double> expectedScores = new ArrayList<>(Arrays.asList(boxed(inOrderScores)));
            expectedScores.add(before.size(), spikeScores[before.size()]);
            assertThat(scores).extracting(s -> s.score)
                    .as("the spike scored against what the series had learned when it arrived; the samples after it"
                            + " score as if it had never arrived")
                    .containsExactlyElementsOf(expectedScores);
            assertThat(scores.get(before.size()).eventTime).isEqualTo(spike.eventTime);
            assertThat(harness.extractOutputValues()).extracting(e -> e.getEventTime().toEpochMilli())
                    .as("reported like any sample")
                    .containsExactlyElementsOf(scores.stream().filter(s -> s.score >= threshold)
                            .map(s -> s.eventTime).toList());
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, MetricSample, AnomalyEvent> harness() throws Exception {
        MetricAnomalyFunction function = new MetricAnomalyFunction(TUNING, threshold, Duration.ofDays(7));
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                MetricSample::seriesKey, Types.STRING);
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, AnomalyEvent> harness,
            List<MetricSample> samples) throws Exception {
        for (MetricSample sample : samples) {
            harness.processElement(sample, sample.eventTime);
        }
    }

    private static List<MetricScore> scores(
            KeyedOneInputStreamOperatorTestHarness<String, MetricSample, AnomalyEvent> harness) {
        var side = harness.getSideOutput(MetricAnomalyFunction.SCORES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
