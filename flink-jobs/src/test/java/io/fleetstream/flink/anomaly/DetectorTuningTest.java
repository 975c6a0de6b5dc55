package io.fleetstream.flink.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.flink.anomaly.detector.DetectorConfig;
import java.util.Map;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DetectorTuningTest {

    @Test
    void withoutOverridesIsTheDetectorsDefaultConfig() {
        assertThat(DetectorTuning.defaults().toConfig()).isEqualTo(DetectorConfig.defaults());
    }

    @Test
    void overridesParametersByTheirKebabCaseName() {
        DetectorConfig config = DetectorTuning.of(Map.of("warmup-samples", "25", "fast-alpha", 0.5)).toConfig();

        assertThat(config.warmupSamples()).isEqualTo(25);
        assertThat(config.fastAlpha()).isEqualTo(0.5);
        assertThat(config.slowAlpha()).isEqualTo(DetectorConfig.defaults().slowAlpha());
    }

    @Test
    void rejectsUnknownParametersAndInvalidValuesWhenCreated() {
        assertThatThrownBy(() -> DetectorTuning.of(Map.of("warmup", 25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup-samples");
        assertThatThrownBy(() -> DetectorTuning.of(Map.of("fast-alpha", 7.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fastAlpha");
        assertThatThrownBy(() -> DetectorTuning.of(Map.of("warmup-samples", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup-samples");
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsFunctions() throws Exception {
        DetectorTuning tuning = DetectorTuning.of(Map.of("warmup-samples", 25));

        DetectorTuning copy = InstantiationUtil.clone(tuning);

        assertThat(copy.toConfig()).isEqualTo(tuning.toConfig());
    }
}
