package io.fleetstream.flink.influx;

import io.fleetstream.flink.common.DeadLetterSplitter;
import io.fleetstream.flink.common.EmbeddedLogging;
import io.fleetstream.flink.common.EventTimeWatermarks;
import io.fleetstream.flink.common.FlattenMetrics;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.JobRunner;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Feeds Grafana's InfluxDB: every telemetry sample as a raw point (real time), 10-second and 1-minute
 * min/mean/max/last/count per robot and metric from event-time windows (near real time), and the anomalies and
 * fleet-health levels computed elsewhere. All points go through one {@link InfluxDbSink}; records that cannot be
 * decoded go to the dead-letter topic.
 */
public final class TelemetryToInfluxJob implements StreamingJob {

    public static final String NAME = "fleetstream-telemetry-to-influx";

    private final Source<Either<TelemetrySample, DeadLetterRecord>, ?, ?> telemetry;
    private final Source<Either<AnomalyEvent, DeadLetterRecord>, ?, ?> anomalies;
    private final Source<Either<RobotHealth, DeadLetterRecord>, ?, ?> robotHealth;
    private final Source<Either<FleetHealth, DeadLetterRecord>, ?, ?> siteHealth;
    private final Sink<InfluxPoint> influx;
    private final Sink<DeadLetterRecord> deadLetters;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final Duration allowedLateness;

    public TelemetryToInfluxJob(Source<Either<TelemetrySample, DeadLetterRecord>, ?, ?> telemetry,
            Source<Either<AnomalyEvent, DeadLetterRecord>, ?, ?> anomalies,
            Source<Either<RobotHealth, DeadLetterRecord>, ?, ?> robotHealth,
            Source<Either<FleetHealth, DeadLetterRecord>, ?, ?> siteHealth, Sink<InfluxPoint> influx,
            Sink<DeadLetterRecord> deadLetters, Duration maxOutOfOrderness, Duration idleness,
            Duration allowedLateness) {
        this.telemetry = telemetry;
        this.anomalies = anomalies;
        this.robotHealth = robotHealth;
        this.siteHealth = siteHealth;
        this.influx = influx;
        this.deadLetters = deadLetters;
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.idleness = idleness;
        this.allowedLateness = allowedLateness;
    }

    /** The production wiring: Kafka topics in, InfluxDB out. */
    public static TelemetryToInfluxJob fromSettings(KafkaConnectors kafka, InfluxJobSettings settings) {
        String group = settings.groupId();
        return new TelemetryToInfluxJob(
                kafka.source(settings.telemetryTopic(), TelemetrySample.class, group),
                kafka.source(settings.anomaliesTopic(), AnomalyEvent.class, group),
                kafka.source(settings.robotHealthTopic(), RobotHealth.class, group),
                kafka.source(settings.siteHealthTopic(), FleetHealth.class, group),
                settings.sink(),
                kafka.deadLetterSink(settings.deadLetterTopic(), DeliveryGuarantee.AT_LEAST_ONCE, group,
                        Duration.ofMinutes(10)),
                settings.maxOutOfOrderness(), settings.idleness(), settings.allowedLateness());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void define(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<TelemetrySample> samples = decode(env.fromSource(telemetry,
                EventTimeWatermarks.boundedOutOfOrderness((TelemetrySample s) -> s.getEventTime().toEpochMilli(),
                        maxOutOfOrderness, idleness), "telemetry").uid("telemetry-source"), TelemetrySample.class);
        SingleOutputStreamOperator<AnomalyEvent> anomalyEvents = decode(env.fromSource(anomalies,
                WatermarkStrategy.noWatermarks(), "anomalies").uid("anomaly-source"), AnomalyEvent.class);
        SingleOutputStreamOperator<RobotHealth> robots = decode(env.fromSource(robotHealth,
                WatermarkStrategy.noWatermarks(), "robot-health").uid("robot-health-source"), RobotHealth.class);
        SingleOutputStreamOperator<FleetHealth> sites = decode(env.fromSource(siteHealth,
                WatermarkStrategy.noWatermarks(), "site-health").uid("site-health-source"), FleetHealth.class);

        DataStream<MetricSample> metrics = samples.flatMap(new FlattenMetrics()).name("flatten-metrics")
                .uid("flatten-metrics");
        samples.map(InfluxPoints::telemetry, InfluxPoint.TYPE).name("raw-points").uid("raw-points")
                .union(downsample(metrics, Duration.ofSeconds(10), InfluxPoints.TELEMETRY_10S,
                                RetentionPolicy.DOWNSAMPLED_10S),
                        downsample(metrics, Duration.ofMinutes(1), InfluxPoints.TELEMETRY_1M,
                                RetentionPolicy.DOWNSAMPLED_1M),
                        anomalyEvents.flatMap((AnomalyEvent e, Collector<InfluxPoint> out) ->
                                InfluxPoints.anomaly(e).forEach(out::collect), InfluxPoint.TYPE)
                                .name("anomaly-points").uid("anomaly-points"),
                        robots.map(InfluxPoints::robotHealth, InfluxPoint.TYPE).name("robot-health-points")
                                .uid("robot-health-points"),
                        sites.map(InfluxPoints::siteHealth, InfluxPoint.TYPE).name("site-health-points")
                                .uid("site-health-points"))
                .sinkTo(influx).name("influxdb").uid("influxdb-sink");

        samples.getSideOutput(DeadLetterSplitter.DEAD_LETTERS)
                .union(anomalyEvents.getSideOutput(DeadLetterSplitter.DEAD_LETTERS),
                        robots.getSideOutput(DeadLetterSplitter.DEAD_LETTERS),
                        sites.getSideOutput(DeadLetterSplitter.DEAD_LETTERS))
                .sinkTo(deadLetters).name("dead-letters").uid("dead-letter-sink");
    }

    private static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decode(
            DataStream<Either<T, DeadLetterRecord>> records, Class<T> type) {
        String name = "split-dead-letters-" + type.getSimpleName();
        return records.process(DeadLetterSplitter.forAvro(type)).name(name).uid(name);
    }

    /** Event-time tumbling windows of {@code size} per robot and metric, one point per window. */
    private DataStream<InfluxPoint> downsample(DataStream<MetricSample> metrics, Duration size, String measurement,
            String retentionPolicy) {
        return metrics.keyBy(MetricSample::seriesKey, Types.STRING)
                .window(TumblingEventTimeWindows.of(size))
                .allowedLateness(allowedLateness)
                .aggregate(new SummarizeMetrics(), new SummarizeMetrics.StampWindowStart())
                .name(measurement).uid(measurement)
                .map(summary -> InfluxPoints.downsampled(measurement, retentionPolicy, summary), InfluxPoint.TYPE)
                .name(measurement + "-points").uid(measurement + "-points");
    }

    public static void main(String[] args) throws Exception {
        EmbeddedLogging.useBundledConfigUnlessSet();
        FlinkJobsConfig config = FlinkJobsConfig.load();
        InfluxJobSettings settings = InfluxJobSettings.from(config.job("influx"));
        TelemetryToInfluxJob job = fromSettings(new KafkaConnectors(config.kafka()), settings);
        JobRunner.run(job, config.runtime("influx"), config.opsHost(), settings.opsPort());
    }
}
