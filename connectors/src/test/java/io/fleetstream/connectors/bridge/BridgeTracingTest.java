package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver.ReceivedSpan;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.simulator.generator.MessageType;
import io.fleetstream.simulator.generator.OutboundMessage;
import io.fleetstream.simulator.mqtt.MqttSettings;
import io.fleetstream.simulator.mqtt.PublishCounters;
import io.fleetstream.simulator.mqtt.RobotConnection;
import io.fleetstream.simulator.mqtt.TlsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One robot message followed end to end: the simulator's publish span, the bridge's span as its child, and the
 * bridge span's context in the headers of the Kafka record (and of the dead letter of a bad message), all sent by
 * the real OTLP exporters to an OTLP receiver.
 */
@ExtendWith(LocalPlatformExtension.class)
class BridgeTracingTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void bridgeSpanIsChildOfThePublishSpanAndKafkaRecordsCarryItsContext(PlatformEndpoints endpoints)
            throws Exception {
        String robot = uniqueRobot();
        String clientId = BridgeFixture.uniqueClientId("tracing");
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start()) {
            TracingSettings tracing = TracingSettings.exportingTo(receiver.tracesEndpoint());
            Bridge bridge = new Bridge(BridgeFixture.config(endpoints, clientId, Map.of(
                    "tracing.enabled", true, "tracing.endpoint", receiver.tracesEndpoint())),
                    new SimpleMeterRegistry());
            bridge.start();
            try (Tracing robotTracing = Tracing.start(tracing, "fleetstream-simulator")) {
                publishAsRobot(endpoints, robot, robotTracing, List.of(
                        telemetry(robot, Payloads.telemetry(robot, 0, System.currentTimeMillis())),
                        telemetry(robot, "{not json")));
            }
            Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
            ConsumerRecord<String, TelemetrySample> sample = readOne(endpoints, topics.telemetry(), robot);
            ConsumerRecord<String, DeadLetterRecord> deadLetter = readOne(endpoints, topics.deadLetters(), robot);
            bridge.stop();

            List<ReceivedSpan> spans = receiver.spans();
            List<ReceivedSpan> publishes = spans.stream().filter(s -> s.service().equals("fleetstream-simulator")
                    && robot.equals(s.attributes().get("fleetstream.robot.id"))).toList();
            assertThat(publishes).hasSize(2).allSatisfy(s -> {
                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
                assertThat(s.name()).isEqualTo("publish telemetry");
                assertThat(s.parentSpanId()).isEmpty();
            });
            for (ConsumerRecord<String, ?> record : List.of(sample, deadLetter)) {
                String[] traceparent = header(record, "traceparent").split("-");
                ReceivedSpan bridgeSpan = spans.stream().filter(s -> s.spanId().equals(traceparent[2]))
                        .findFirst().orElseThrow(() -> new AssertionError("no span " + traceparent[2]));
                ReceivedSpan publish = publishes.stream().filter(p -> p.spanId().equals(bridgeSpan.parentSpanId()))
                        .findFirst().orElseThrow(() -> new AssertionError("bridge span without publish parent"));
                assertThat(bridgeSpan.service()).isEqualTo("fleetstream-bridge");
                assertThat(bridgeSpan.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
                assertThat(bridgeSpan.traceId()).isEqualTo(publish.traceId()).isEqualTo(traceparent[1]);
            }
            ReceivedSpan produced = spanOf(spans, sample);
            assertThat(produced.attributes()).containsEntry("fleetstream.outcome", "produced")
                    .doesNotContainKey("fleetstream.dlq.reason");
            ReceivedSpan rejected = spanOf(spans, deadLetter);
            assertThat(rejected.attributes()).containsEntry("fleetstream.outcome", "dead-lettered")
                    .containsEntry("fleetstream.dlq.reason", deadLetter.value().getReasonCode());
        } finally {
            BridgeFixture.discardSessions(endpoints, clientId, 1);
        }
    }

    @Test
    void withTracingDisabledNoTraceHeaderIsAdded(PlatformEndpoints endpoints) throws Exception {
        String robot = uniqueRobot();
        String clientId = BridgeFixture.uniqueClientId("untraced");
        BridgeConfig config = BridgeFixture.config(endpoints, clientId, Map.of());
        assertThat(config.tracing().enabled()).as("tracing is off by default").isFalse();
        try (Bridge bridge = new Bridge(config, new SimpleMeterRegistry())) {
            bridge.start();
            publishAsRobot(endpoints, robot, Tracing.disabled(),
                    List.of(telemetry(robot, Payloads.telemetry(robot, 0, System.currentTimeMillis()))));
            ConsumerRecord<String, TelemetrySample> sample = readOne(endpoints,
                    Topics.forRegistry(endpoints.registryApiUrl()).telemetry(), robot);
            assertThat(sample.headers().lastHeader("traceparent")).isNull();
            assertThat(sample.headers().lastHeader("tracestate")).isNull();
        } finally {
            BridgeFixture.discardSessions(endpoints, clientId, 1);
        }
    }

    private static void publishAsRobot(PlatformEndpoints endpoints, String robot, Tracing tracing,
            List<OutboundMessage> messages) throws Exception {
        MqttSettings mqtt = new MqttSettings(endpoints.mqttHost(), endpoints.mqttPort(),
                new TlsSettings(false, "", "", "PKCS12", true), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(15), 100);
        PublishCounters counters = new PublishCounters();
        RobotConnection connection = RobotConnection.create(robot, "unused", mqtt, counters, tracing);
        try {
            assertThat(connection.start().get(30, TimeUnit.SECONDS)).isTrue();
            messages.forEach(connection::publish);
            await().atMost(PATIENCE).until(() -> counters.published(MessageType.TELEMETRY) == messages.size());
        } finally {
            connection.stop();
            connection.disconnect().get(30, TimeUnit.SECONDS);
        }
    }

    private static OutboundMessage telemetry(String robot, String json) {
        return new OutboundMessage(robot, MessageType.TELEMETRY, MessageType.TELEMETRY.topic(robot),
                json.getBytes(StandardCharsets.UTF_8), Map.of(), System.currentTimeMillis());
    }

    private static <V> ConsumerRecord<String, V> readOne(PlatformEndpoints endpoints, Topic<String, V> topic,
            String robot) {
        try (TopicReader<V> reader = TopicReader.open(endpoints, topic, r -> robot.equals(r.key()))) {
            return reader.readUntil(records -> !records.isEmpty()).get(0);
        }
    }

    private static ReceivedSpan spanOf(List<ReceivedSpan> spans, ConsumerRecord<String, ?> record) {
        String spanId = header(record, "traceparent").split("-")[2];
        return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s of %s", key, record).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String uniqueRobot() {
        return "robot-" + (1000 + Math.floorMod(UUID.randomUUID().hashCode(), 9000));
    }
}
