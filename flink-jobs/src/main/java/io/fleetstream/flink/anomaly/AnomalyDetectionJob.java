package io.fleetstream.flink.anomaly;

import io.fleetstream.flink.common.DeadLetterSplitter;
import io.fleetstream.flink.common.EmbeddedLogging;
import io.fleetstream.flink.common.FlattenMetrics;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.JobRunner;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Detects anomalies in robot telemetry: reads {@code robots.telemetry}, scores every metric of every sample with a
 * per-series streaming detector ({@link MetricAnomalyFunction}) as it arrives, and writes the samples that score
 * at or above the threshold to {@code fleet.anomalies} in Kafka transactions committed with each checkpoint
 * (exactly once). Records that cannot be decoded go to the dead-letter topic.
 *
 * <p>No watermarks: the detector works in per-robot arrival order (Kafka keeps a robot's samples in order), so
 * nothing here waits for event time and an anomaly is readable one checkpoint after its sample arrived.
 */
public final class AnomalyDetectionJob implements StreamingJob {

    public static final String NAME = "fleetstream-anomaly-detection";

    private final Source<Either<TelemetrySample, DeadLetterRecord>, ?, ?> telemetry;
    private final Sink<AnomalyEvent> anomalies;
    private final Sink<DeadLetterRecord> deadLetters;
    private final Sink<MetricScore> scores;
    private final MetricAnomalyFunction detector;

    /**
     * @param scores receives the score of every sample when not null (verification against a direct detector run,
     *               debugging); production runs leave it out
     */
    public AnomalyDetectionJob(Source<Either<TelemetrySample, DeadLetterRecord>, ?, ?> telemetry,
            Sink<AnomalyEvent> anomalies, Sink<DeadLetterRecord> deadLetters, Sink<MetricScore> scores,
            MetricAnomalyFunction detector) {
        this.telemetry = telemetry;
        this.anomalies = anomalies;
        this.deadLetters = deadLetters;
        this.scores = scores;
        this.detector = detector;
    }

    /** The production wiring: Kafka in, transactional Kafka out. */
    public static AnomalyDetectionJob fromSettings(KafkaConnectors kafka, AnomalyJobSettings settings,
            Sink<MetricScore> scores) {
        return new AnomalyDetectionJob(
                kafka.source(settings.telemetryTopic(), TelemetrySample.class, settings.groupId()),
                kafka.sink(settings.anomaliesTopic(), AnomalyEvent.class, AnomalyEvent::getRobotId,
                        DeliveryGuarantee.EXACTLY_ONCE, settings.transactionalIdPrefix(),
                        settings.transactionTimeout()),
                kafka.deadLetterSink(settings.deadLetterTopic(), DeliveryGuarantee.EXACTLY_ONCE,
                        settings.transactionalIdPrefix() + "-dlq", settings.transactionTimeout()),
                scores, settings.detectorFunction());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void define(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<TelemetrySample> samples = env
                .fromSource(telemetry, WatermarkStrategy.noWatermarks(), "telemetry")
                .uid("telemetry-source")
                .process(DeadLetterSplitter.forAvro(TelemetrySample.class)).name("split-dead-letters")
                .uid("split-dead-letters");
        samples.getSideOutput(DeadLetterSplitter.DEAD_LETTERS).sinkTo(deadLetters).name("dead-letters")
                .uid("dead-letter-sink");

        SingleOutputStreamOperator<AnomalyEvent> anomalyEvents = samples
                .flatMap(new FlattenMetrics()).name("flatten-metrics").uid("flatten-metrics")
                .keyBy(MetricSample::seriesKey, Types.STRING)
                .process(detector).name("detect-anomalies").uid("detect-anomalies");
        anomalyEvents.sinkTo(anomalies).name("anomalies").uid("anomaly-sink");
        if (scores != null) {
            anomalyEvents.getSideOutput(MetricAnomalyFunction.SCORES).sinkTo(scores).name("scores")
                    .uid("score-sink");
        }
    }

    public static void main(String[] args) throws Exception {
        EmbeddedLogging.useBundledConfigUnlessSet();
        FlinkJobsConfig config = FlinkJobsConfig.load();
        AnomalyJobSettings settings = AnomalyJobSettings.from(config.job("anomaly"));
        AnomalyDetectionJob job = fromSettings(new KafkaConnectors(config.kafka()), settings, null);
        JobRunner.run(job, config.runtime("anomaly"), config.opsHost(), settings.opsPort());
    }
}
