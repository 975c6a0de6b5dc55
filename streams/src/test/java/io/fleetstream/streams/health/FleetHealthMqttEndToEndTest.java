package io.fleetstream.streams.health;

import static io.fleetstream.streams.health.PlatformFixture.get;
import static io.fleetstream.streams.health.PlatformFixture.getOk;
import static io.fleetstream.streams.health.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.connectors.bridge.Bridge;
import io.fleetstream.connectors.bridge.BridgeConfig;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.simulator.FleetSimulator;
import io.fleetstream.simulator.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the real platform: the fleet simulator publishes telemetry, heartbeats and logs over MQTT,
 * the bridge carries them into Kafka as Avro, and the app publishes each robot's health to the compacted topics
 * and its HTTP API; when the simulator stops, every robot goes OFFLINE on the wall clock.
 */
@ExtendWith(LocalPlatformExtension.class)
class FleetHealthMqttEndToEndTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final List<String> SITES = List.of("mqtt-site-a", "mqtt-site-b");
    private static final int ROBOTS = 4;

    @TempDir
    Path dir;

    @Test
    void simulatedRobotsReachTheCompactedTopicsAndTheApiAndGoOfflineWhenTheyStop(PlatformEndpoints endpoints)
            throws Exception {
        PlatformFixture platform = new PlatformFixture(endpoints);
        FleetHealthConfig config = platform.config(PlatformFixture.unique("fleet-health-mqtt"),
                PlatformFixture.stateDir("mqtt"), "health.offline-after = 5s\nhealth.publish-interval = 1s");
        try (FleetHealthApp app = FleetHealthApp.start(config); Bridge bridge = startBridge(endpoints)) {
            await().atMost(PATIENCE).until(() -> get(app.baseUrl(), "/ready").statusCode() == 200);
            List<String> robots;
            try (FleetSimulator simulator = FleetSimulator.start(simulatorConfig(endpoints))) {
                robots = simulator.robotIds();
                assertThat(robots).hasSize(ROBOTS);
                await().atMost(PATIENCE).untilAsserted(() -> robots.forEach(robot -> {
                    HttpResponse<String> response = get(app.baseUrl(), "/robots/" + robot + "/health");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode health = json(response);
                    assertThat(health.get("site").asText()).isIn(SITES);
                    assertThat(health.get("level").asText()).isNotEqualTo("OFFLINE");
                    assertThat(health.get("batteryPct").isNumber()).isTrue();
                    assertThat(health.get("status").isTextual()).isTrue();
                    assertThat(health.get("messageRatePerSec").asDouble()).isPositive();
                }));
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(getOk(app.baseUrl(), "/fleet/health").get("totalRobots").asInt())
                                .isEqualTo(ROBOTS));
            }

            // the simulator stopped: without any further message every robot goes offline
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode fleet = getOk(app.baseUrl(), "/fleet/health");
                assertThat(fleet.get("robotsOffline").asInt()).as(fleet.toString()).isEqualTo(ROBOTS);
            });
            for (String robot : robots) {
                JsonNode health = getOk(app.baseUrl(), "/robots/" + robot + "/health");
                assertThat(health.get("level").asText()).isEqualTo("OFFLINE");
                assertThat(health.get("reasons").get(0).asText()).isEqualTo("no message for 5s");
            }
            assertCompactedTopicsHold(platform, robots);
        }
    }

    private static void assertCompactedTopicsHold(PlatformFixture platform, List<String> robots) {
        try (KafkaConsumer<String, RobotHealth> consumer = platform.consumer(platform.topics.robotHealth())) {
            Map<String, RobotHealth> latest = new HashMap<>();
            PlatformFixture.readUntil(consumer, r -> latest.put(r.key(), r.value()), () -> robots.stream()
                    .allMatch(robot -> latest.containsKey(robot)
                            && latest.get(robot).getLevel() == HealthLevel.OFFLINE), PATIENCE);
            robots.forEach(robot -> assertThat(latest.get(robot).getBatteryPct()).isNotNull());
        }
        try (KafkaConsumer<String, FleetHealth> consumer = platform.consumer(platform.topics.siteHealth())) {
            Map<String, FleetHealth> latest = new HashMap<>();
            PlatformFixture.readUntil(consumer, r -> latest.put(r.key(), r.value()), () -> SITES.stream()
                    .allMatch(site -> latest.containsKey(site)
                            && latest.get(site).getRobotsOffline() == latest.get(site).getTotalRobots())
                    && SITES.stream().mapToInt(site -> latest.get(site).getTotalRobots()).sum() == ROBOTS,
                    PATIENCE);
        }
        try (KafkaConsumer<String, HealthTransition> consumer =
                platform.consumer(platform.topics.healthTransitions())) {
            Set<String> offline = new HashSet<>();
            PlatformFixture.readUntil(consumer, r -> {
                if (robots.contains(r.key()) && r.value().getToLevel() == HealthLevel.OFFLINE) {
                    offline.add(r.key());
                }
            }, () -> offline.size() == ROBOTS, PATIENCE);
        }
    }

    private static Bridge startBridge(PlatformEndpoints endpoints) throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("bridge.mqtt.host", endpoints.mqttHost());
        overrides.put("bridge.mqtt.port", endpoints.mqttPort());
        overrides.put("bridge.mqtt.client-id", PlatformFixture.unique("health-e2e-bridge"));
        overrides.put("bridge.mqtt.session-expiry", "0s");
        overrides.put("bridge.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        overrides.put("bridge.registry.url", endpoints.registryApiUrl());
        overrides.put("bridge.object-store.endpoint", endpoints.s3Endpoint());
        overrides.put("bridge.object-store.access-key", endpoints.s3AccessKey());
        overrides.put("bridge.object-store.secret-key", endpoints.s3SecretKey());
        Bridge bridge = new Bridge(BridgeConfig.load(overrides), new SimpleMeterRegistry());
        bridge.start();
        return bridge;
    }

    private SimulatorConfig simulatorConfig(PlatformEndpoints endpoints) {
        return SimulatorConfig.load(Map.of(
                "sim.robots", ROBOTS,
                "sim.sites", SITES,
                "sim.telemetry-hz", 2,
                "sim.heartbeat-interval", "1s",
                "sim.logs-per-minute", 30,
                "sim.pointcloud-interval", "0s",
                "sim.mqtt.host", endpoints.mqttHost(),
                "sim.mqtt.port", endpoints.mqttPort(),
                "sim.credentials.file", dir.resolve("credentials").toString(),
                "sim.ops.enabled", false));
    }
}
