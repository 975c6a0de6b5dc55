package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.connectors.retrieval.RetentionTier;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionClassifierTest {

    private final RetentionClassifier classifier = new RetentionClassifier(1_000, 5);

    @Test
    void framesWithinTheWindowOnEitherSideOfAnAnomalyAreKeptAtFullResolution() {
        List<Long> anomalies = List.of(10_000L);
        assertThat(classifier.classify(9_000, 1, anomalies)).isEqualTo(RetentionTier.FULL);
        assertThat(classifier.classify(11_000, 2, anomalies)).isEqualTo(RetentionTier.FULL);
        assertThat(classifier.classify(11_001, 3, anomalies)).isEqualTo(RetentionTier.HOT);
        assertThat(classifier.classify(8_999, 10, anomalies)).isEqualTo(RetentionTier.THINNED);
    }

    @Test
    void withoutAnomaliesEveryKthFrameBySequenceNumberIsThinnedTheRestHot() {
        assertThat(List.of(0L, 1L, 4L, 5L, 10L, 12L))
                .extracting(seq -> classifier.classify(seq * 100, seq, List.of()))
                .containsExactly(RetentionTier.THINNED, RetentionTier.HOT, RetentionTier.HOT, RetentionTier.THINNED,
                        RetentionTier.THINNED, RetentionTier.HOT);
    }
}
