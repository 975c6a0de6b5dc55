package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A robot publishes telemetry over MQTT; the Avro record arrives in Kafka through the registry. */
@ExtendWith(LocalPlatformExtension.class)
class BridgeEndToEndTest {

    @Test
    void telemetryPublishedOverMqttArrivesInKafkaAsAvro(PlatformEndpoints endpoints) throws Exception {
        String clientId = BridgeFixture.uniqueClientId("e2e");
        String robotId = "robot-e2e-" + clientId.substring(clientId.length() - 8);
        long ts = System.currentTimeMillis() - 1_000;
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        try (Bridge bridge = new Bridge(BridgeFixture.config(endpoints, clientId, Map.of()), new SimpleMeterRegistry())) {
            bridge.start();
            try (TestRobot robot = TestRobot.connect(endpoints);
                    TopicReader<TelemetrySample> reader = TopicReader.open(endpoints, topics.telemetry(),
                            r -> robotId.equals(r.key()))) {
                robot.publish(Payloads.telemetryTopic(robotId), Payloads.telemetry(robotId, 0, ts));
                robot.publish(Payloads.telemetryTopic(robotId), Payloads.telemetry(robotId, 1, ts + 100));

                List<ConsumerRecord<String, TelemetrySample>> records = reader.readUntil(r -> r.size() >= 2);

                assertThat(records).hasSize(2);
                TelemetrySample first = records.get(0).value();
                assertThat(records.get(0).key()).isEqualTo(robotId);
                assertThat(first.getRobotId()).isEqualTo(robotId);
                assertThat(first.getSite()).isEqualTo("site-a");
                assertThat(first.getSeq()).isZero();
                assertThat(first.getEventTime()).isEqualTo(Instant.ofEpochMilli(ts));
                assertThat(first.getStatus()).isEqualTo("ACTIVE");
                assertThat(first.getMetrics()).containsOnly(
                        Map.entry("battery_pct", 87.5), Map.entry("motor_temp_c", 41.2), Map.entry("cpu_pct", 23.0),
                        Map.entry("pos_x", 1.5), Map.entry("pos_y", -3.2), Map.entry("velocity_mps", 0.8));
                assertThat(first.getIngestTime()).isAfterOrEqualTo(first.getEventTime());
                assertThat(records.get(1).value().getSeq()).isEqualTo(1);
            }
            BridgeMetrics.Snapshot snapshot = bridge.metrics().snapshot();
            assertThat(snapshot.produced()).isGreaterThanOrEqualTo(2);
            assertThat(snapshot.deadLettered()).isZero();
        } finally {
            BridgeFixture.discardSessions(endpoints, clientId, 1);
        }
    }
}
