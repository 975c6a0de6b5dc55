package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness and Prometheus metrics on the ops endpoint, and the draining graceful shutdown. */
@ExtendWith(LocalPlatformExtension.class)
class BridgeOperabilityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void opsEndpointReportsHealthReadinessAndBridgeMetrics(PlatformEndpoints endpoints) throws Exception {
        String clientId = BridgeFixture.uniqueClientId("ops");
        String robotId = "robot-m" + UUID.randomUUID().toString().substring(0, 8);
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, "mqtt-bridge")) {
            Bridge bridge = new Bridge(BridgeFixture.config(endpoints, clientId, Map.of()), ops.meterRegistry());
            ops.livenessCheck("bridge", bridge.livenessCheck()).readinessCheck("bridge", bridge.readinessCheck());
            assertThat(status(ops, "/ready")).as("not ready before start").isEqualTo(503);
            bridge.start();
            try (TestRobot robot = TestRobot.connect(endpoints);
                    TopicReader<TelemetrySample> reader = TopicReader.open(endpoints,
                            Topics.forRegistry(endpoints.registryApiUrl()).telemetry(), r -> robotId.equals(r.key()))) {
                assertThat(status(ops, "/health")).isEqualTo(200);
                assertThat(status(ops, "/ready")).isEqualTo(200);
                robot.publish(Payloads.telemetryTopic(robotId),
                        Payloads.telemetry(robotId, 0, System.currentTimeMillis()));
                robot.publish(Payloads.telemetryTopic(robotId), "{not json");
                reader.readUntil(r -> !r.isEmpty());
                await().until(() -> bridge.metrics().snapshot().acknowledged() == 2);

                String metrics = get(ops, "/metrics").body();
                assertThat(metrics)
                        .contains("fleetstream_bridge_messages_in_total{service=\"mqtt-bridge\",type=\"telemetry\"} 2.0")
                        .contains("fleetstream_bridge_messages_out_total{service=\"mqtt-bridge\",type=\"telemetry\"} 1.0")
                        .contains("fleetstream_bridge_dlq_total{reason=\"INVALID_JSON\",service=\"mqtt-bridge\"} 1.0")
                        .contains("fleetstream_bridge_ack_latency_seconds_bucket")
                        .contains("fleetstream_bridge_ack_latency_seconds_count{service=\"mqtt-bridge\"} 2")
                        .contains("fleetstream_bridge_in_flight{service=\"mqtt-bridge\"} 0.0")
                        .contains("fleetstream_bridge_kafka_retries_total");
            } finally {
                bridge.stop();
            }
            assertThat(status(ops, "/ready")).as("not ready once stopped").isEqualTo(503);
            assertThat(status(ops, "/health")).isEqualTo(503);
        } finally {
            BridgeFixture.discardSessions(endpoints, clientId, 1);
        }
    }

    @Test
    void gracefulStopFinishesWhatItTookAndLeavesTheRestToTheSession(PlatformEndpoints endpoints, @TempDir Path dir)
            throws Exception {
        String clientId = BridgeFixture.uniqueClientId("drain");
        String prefix = "robot-g" + UUID.randomUUID().toString().substring(0, 6);
        List<String> robots = FleetPublisher.robots(prefix, 4);
        int perRobot = 1_000;
        try (DeepQueueMqttBroker broker = DeepQueueMqttBroker.start(dir.resolve("mqtt"));
                FleetPublisher publisher = new FleetPublisher(broker.host(), broker.port(), robots)) {
            BridgeConfig config = BridgeFixture.config(endpoints, clientId,
                    Map.of("bridge.mqtt.host", broker.host(), "bridge.mqtt.port", broker.port()));
            Bridge first = new Bridge(config, new SimpleMeterRegistry());
            first.start();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    publisher.publish(perRobot, acked -> { });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> first.metrics().snapshot().messagesIn() > 200);
            first.stop();
            BridgeMetrics.Snapshot stopped = first.metrics().snapshot();
            assertThat(stopped.inFlight()).as("nothing left in flight after the drain").isZero();
            assertThat(stopped.acknowledged()).as("every message taken was finished").isEqualTo(stopped.messagesIn());
            publishing.join();

            try (Bridge second = new Bridge(config, new SimpleMeterRegistry())) {
                second.start();
                DeliveryLedger ledger = new DeliveryLedger(robots, perRobot);
                try (TopicReader<TelemetrySample> reader = TopicReader.open(endpoints,
                        Topics.forRegistry(endpoints.registryApiUrl()).telemetry(),
                        r -> r.key() != null && r.key().startsWith(prefix))) {
                    reader.readUntil(ledger::complete);
                }
                assertThat(ledger.missing()).isEmpty();
                assertThat(ledger.duplicates()).as("a graceful stop acknowledges everything it produced").isEmpty();
            }
        }
    }

    private static int status(OpsServer ops, String path) throws Exception {
        return get(ops, path).statusCode();
    }

    private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ops.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
