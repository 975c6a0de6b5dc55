package io.fleetstream.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver.ReceivedSpan;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Trace context through the fleet health topology with real Kafka record headers: the span of an input record is
 * the child of its {@code traceparent}, and the health record it causes carries the span's context. Spans go
 * through the real OTLP exporter to an OTLP receiver.
 */
class HealthTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @Test
    void theSpanOfAnInputRecordIsChildOfItsHeaderAndTheHealthRecordCarriesIt() throws Exception {
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start()) {
            TestRecord<String, RobotHealth> health;
            try (Tracing tracing = Tracing.start(TracingSettings.exportingTo(receiver.tracesEndpoint()),
                    "fleetstream-fleet-health");
                 HealthDriver driver = new HealthDriver("", tracing)) {
                driver.telemetry("robot-0001", sample("robot-0001"), tracedHeaders());
                health = driver.robotHealth.readRecord();
            }
            String[] traceparent = header(health, "traceparent").split("-");
            assertThat(traceparent[1]).isEqualTo(TRACE_ID);
            ReceivedSpan span = await().atMost(Duration.ofMinutes(1)).until(() -> receiver.spans().stream()
                    .filter(s -> s.spanId().equals(traceparent[2])).findFirst(), Optional::isPresent)
                    .orElseThrow();
            assertThat(span.service()).isEqualTo("fleetstream-fleet-health");
            assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
            assertThat(span.traceId()).isEqualTo(TRACE_ID);
            assertThat(span.parentSpanId()).isEqualTo(PARENT_SPAN_ID);
            assertThat(span.attributes()).containsEntry("messaging.destination.name", "robots.telemetry")
                    .containsEntry("fleetstream.robot.id", "robot-0001");
        }
    }

    @Test
    void withTracingDisabledNoTraceHeaderIsAddedOrPassedOn() {
        try (HealthDriver driver = new HealthDriver()) {
            driver.telemetry("robot-0002", sample("robot-0002"), tracedHeaders());
            TestRecord<String, RobotHealth> health = driver.robotHealth.readRecord();
            assertThat(health.value().getRobotId()).isEqualTo("robot-0002");
            assertThat(health.headers().lastHeader("traceparent")).isNull();
        }
    }

    private static RecordHeaders tracedHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                .getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static TelemetrySample sample(String robot) {
        Instant time = HealthDriver.START;
        return TelemetrySample.newBuilder().setRobotId(robot).setSite("site-a").setEventTime(time).setSeq(0)
                .setMetrics(Map.of("battery_pct", 80.0)).setStatus("ACTIVE").setIngestTime(time).build();
    }

    private static String header(TestRecord<String, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
