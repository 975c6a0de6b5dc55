package io.fleetstream.flink.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.flink.common.FlinkTracing;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.flink.testing.KafkaTestSupport;
import io.fleetstream.flink.testing.Samples;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver.ReceivedSpan;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trace context through the anomaly job on a MiniCluster against the real broker: every telemetry record carries
 * its own {@code traceparent}; the job's span of a record is its child, and the anomaly event a sample triggers
 * carries that span's context, across the keyBy shuffle and the transactional sink.
 */
@ExtendWith(LocalPlatformExtension.class)
class AnomalyTracingIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    private static final DetectorTuning TUNING = DetectorTuning.defaults();
    private static final String ROBOT = "robot-0042";

    @Test
    void anAnomalyEventCarriesTheTraceOfTheSampleThatTriggeredIt(PlatformEndpoints platform) throws Exception {
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start()) {
            List<ConsumerRecord<String, AnomalyEvent>> events = runJob(platform,
                    TracingSettings.exportingTo(receiver.tracesEndpoint()));

            assertThat(events).isNotEmpty();
            for (ConsumerRecord<String, AnomalyEvent> event : events) {
                int index = indexOf(event.value());
                String[] traceparent = traceparent(event).split("-");
                assertThat(traceparent[1]).as("trace id of the triggering sample").isEqualTo(traceId(index));
                ReceivedSpan span = await().atMost(Duration.ofMinutes(1)).until(
                        () -> receiver.spans().stream().filter(s -> s.spanId().equals(traceparent[2])).findFirst(),
                        Optional::isPresent).orElseThrow();
                assertThat(span.service()).isEqualTo(FlinkTracing.SERVICE_NAME);
                assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
                assertThat(span.traceId()).isEqualTo(traceId(index));
                assertThat(span.parentSpanId()).as("child of the record's context").isEqualTo(spanId(index));
            }
        }
    }

    @Test
    void withTracingOffNoTraceHeaderIsWrittenEvenWhenTheInputCarriesOne(PlatformEndpoints platform)
            throws Exception {
        List<ConsumerRecord<String, AnomalyEvent>> events = runJob(platform, TracingSettings.disabled());
        assertThat(events).isNotEmpty().allSatisfy(event ->
                assertThat(event.headers().lastHeader("traceparent")).isNull());
    }

    /** Runs the job over one series with a spike, every record traced; returns the committed anomaly events. */
    private static List<ConsumerRecord<String, AnomalyEvent>> runJob(PlatformEndpoints platform,
            TracingSettings tracing) throws Exception {
        KafkaTestSupport kafka = new KafkaTestSupport(platform.kafkaBootstrapServers(), platform.registryApiUrl());
        KafkaConnectors connectors = new KafkaConnectors(KafkaSettings.of(platform.kafkaBootstrapServers(),
                platform.registryApiUrl()).withTracing(tracing));
        List<MetricSample> series = SyntheticSeries.wave(ROBOT, "motor_temp_c", 300, 250, 7);
        double threshold = Arrays.stream(SyntheticSeries.directScores(TUNING.toConfig(), series)).max()
                .orElseThrow();
        String telemetry = kafka.createTopic("traced-telemetry", 1);
        String anomalies = kafka.createTopic("traced-anomalies", 1);
        String deadLetters = kafka.createTopic("traced-dlq", 1);
        kafka.produce(telemetry, TelemetrySample.class, series.stream().map(AnomalyTracingIT::telemetry).toList(),
                TelemetrySample::getRobotId, (sample, headers) -> {
                    int index = indexOf(sample.getEventTime().toEpochMilli());
                    headers.add("traceparent", ("00-" + traceId(index) + "-" + spanId(index) + "-01")
                            .getBytes(StandardCharsets.UTF_8));
                });
        String group = "anomaly-tracing-" + telemetry;
        new AnomalyDetectionJob(
                connectors.boundedSource(telemetry, TelemetrySample.class, group),
                connectors.sink(anomalies, AnomalyEvent.class, AnomalyEvent::getRobotId,
                        DeliveryGuarantee.EXACTLY_ONCE, group, Duration.ofMinutes(1)),
                connectors.deadLetterSink(deadLetters, DeliveryGuarantee.EXACTLY_ONCE, group + "-dlq",
                        Duration.ofMinutes(1)),
                null, new MetricAnomalyFunction(TUNING, threshold, Duration.ofDays(7)))
                .execute(FlinkTestEnvironments.checkpointed());
        return kafka.readCommitted(anomalies, AnomalyEvent.class);
    }

    private static TelemetrySample telemetry(MetricSample m) {
        return Samples.telemetry(m.robotId, m.site, indexOf(m.eventTime), m.eventTime, Map.of(m.metric, m.value));
    }

    private static int indexOf(AnomalyEvent event) {
        return indexOf(event.getEventTime().toEpochMilli());
    }

    private static int indexOf(long eventTime) {
        return (int) ((eventTime - SyntheticSeries.START) / SyntheticSeries.STEP);
    }

    private static String traceId(int index) {
        return String.format("%032x", 0xabc0000L + index);
    }

    private static String spanId(int index) {
        return String.format("%016x", 0x5000L + index);
    }

    private static String traceparent(ConsumerRecord<String, AnomalyEvent> event) {
        Header header = event.headers().lastHeader("traceparent");
        assertThat(header).as("traceparent header of %s", event.value()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
