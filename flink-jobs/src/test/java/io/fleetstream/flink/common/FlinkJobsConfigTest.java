package io.fleetstream.flink.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.flink.anomaly.AnomalyJobSettings;
import io.fleetstream.flink.influx.InfluxJobSettings;
import io.fleetstream.flink.influx.RetentionPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class FlinkJobsConfigTest {

    @Test
    void referenceConfigurationDescribesBothJobs() {
        FlinkJobsConfig config = FlinkJobsConfig.of(ConfigFactory.defaultReference());

        AnomalyJobSettings anomaly = AnomalyJobSettings.from(config.job("anomaly"));
        assertThat(anomaly.telemetryTopic()).isEqualTo("robots.telemetry");
        assertThat(anomaly.anomaliesTopic()).isEqualTo("fleet.anomalies");
        assertThat(anomaly.threshold()).isEqualTo(0.3);
        assertThat(anomaly.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));

        InfluxJobSettings influx = InfluxJobSettings.from(config.job("influx"));
        assertThat(influx.schema().retentionPolicies()).containsExactly(
                new RetentionPolicy("raw", Duration.ofDays(7), true),
                new RetentionPolicy("ds_10s", Duration.ofDays(30), false),
                new RetentionPolicy("ds_1m", Duration.ofDays(400), false));
        assertThat(influx.connection().password()).isEmpty();
    }

    @Test
    void aJobsOwnCheckpointIntervalOverridesTheSharedOne() {
        FlinkJobsConfig config = FlinkJobsConfig.of(ConfigLoader.load(ConfigFactory.parseString(
                "flink-jobs.other-job { ops-port = 1 }").withFallback(ConfigFactory.defaultReference()),
                Map.of("FLEETSTREAM_FLINK_JOBS_ANOMALY_CHECKPOINT_INTERVAL", "250ms")));

        assertThat(config.runtime("anomaly").toConfiguration().get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(config.runtime("influx").checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.runtime("other-job").checkpointInterval()).as("no interval of its own")
                .isEqualTo(config.runtime().checkpointInterval());
        assertThat(config.runtime("anomaly")).usingRecursiveComparison().ignoringFields("checkpointInterval")
                .isEqualTo(config.runtime());
    }

    @Test
    void environmentVariablesOverrideKeysAndTheDetectorSectionTunesTheDetector() {
        Map<String, String> env = Map.of(
                "FLEETSTREAM_FLINK_JOBS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "FLEETSTREAM_FLINK_JOBS_INFLUX_PASSWORD", "s3cret",
                "FLEETSTREAM_FLINK_JOBS_RUNTIME_CHECKPOINT_INTERVAL", "30s");
        FlinkJobsConfig config = FlinkJobsConfig.of(ConfigLoader.load(ConfigFactory.parseString(
                "flink-jobs.anomaly.detector { warmup-samples = 40 }").withFallback(ConfigFactory.defaultReference()),
                env));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(InfluxJobSettings.from(config.job("influx")).connection().password()).isEqualTo("s3cret");
        assertThat(InfluxJobSettings.from(config.job("influx")).connection().toString()).doesNotContain("s3cret");
        assertThat(AnomalyJobSettings.from(config.job("anomaly")).detector().toConfig().warmupSamples())
                .isEqualTo(40);
        Configuration flink = config.runtime().toConfiguration();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(flink.toMap()).containsEntry("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }
}
