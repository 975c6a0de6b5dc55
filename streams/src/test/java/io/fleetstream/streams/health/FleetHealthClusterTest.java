package io.fleetstream.streams.health;

import static io.fleetstream.streams.health.PlatformFixture.get;
import static io.fleetstream.streams.health.PlatformFixture.getOk;
import static io.fleetstream.streams.health.PlatformFixture.json;
import static io.fleetstream.streams.health.PlatformFixture.metric;
import static io.fleetstream.streams.health.PlatformFixture.robotId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.api.HealthApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the app on the real platform, fed Avro telemetry through Kafka: every instance answers for
 * every robot, site and the fleet by forwarding to the owner of the key; the compacted topics hold the same state.
 */
@ExtendWith(LocalPlatformExtension.class)
class FleetHealthClusterTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String SITE_A = "cluster-site-a";
    private static final String SITE_B = "cluster-site-b";
    /** Robot number -> battery: 6 OK, 3 DEGRADED (low battery) and 3 CRITICAL robots over two sites. */
    private static final Map<Integer, Double> BATTERY = new HashMap<>();

    private static PlatformFixture platform;
    private static FleetHealthApp first;
    private static FleetHealthApp second;

    @BeforeAll
    static void startTwoInstances(PlatformEndpoints endpoints) throws Exception {
        platform = new PlatformFixture(endpoints);
        String applicationId = PlatformFixture.unique("fleet-health-cluster");
        // robots send once; they must not go offline while the test looks at them
        String rules = "health.offline-after = 10m";
        first = FleetHealthApp.start(platform.config(applicationId, PlatformFixture.stateDir("first"), rules));
        second = FleetHealthApp.start(platform.config(applicationId, PlatformFixture.stateDir("second"), rules));
        await().atMost(PATIENCE).until(() -> get(first.baseUrl(), "/ready").statusCode() == 200
                && get(second.baseUrl(), "/ready").statusCode() == 200);
        for (int i = 0; i < 12; i++) {
            BATTERY.put(1001 + i, i < 6 ? 90.0 : i < 9 ? 15.0 : 5.0);
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void everyInstanceAnswersForEveryRobotSiteAndTheFleet() {
        Topic<String, TelemetrySample> telemetry = platform.topics.telemetry();
        try (KafkaProducer<String, TelemetrySample> producer = platform.producer(telemetry)) {
            BATTERY.forEach((number, battery) -> {
                String robot = robotId(number);
                Instant now = Instant.now();
                producer.send(new ProducerRecord<>(telemetry.name(), robot, TelemetrySample.newBuilder()
                        .setRobotId(robot).setSite(number % 2 == 0 ? SITE_A : SITE_B).setEventTime(now).setSeq(0)
                        .setMetrics(Map.of("battery_pct", battery, "motor_temp_c", 40.0)).setStatus("ACTIVE")
                        .setIngestTime(now).build()));
            });
        }

        Set<String> servers = new HashSet<>();
        for (FleetHealthApp asked : List.of(first, second)) {
            await().atMost(PATIENCE).untilAsserted(() -> BATTERY.forEach((number, battery) -> {
                HttpResponse<String> response = get(asked.baseUrl(), "/robots/" + robotId(number) + "/health");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode health = json(response);
                assertThat(health.get("robotId").asText()).isEqualTo(robotId(number));
                assertThat(health.get("batteryPct").asDouble()).isEqualTo(battery);
                assertThat(health.get("level").asText()).isEqualTo(expectedLevel(battery).name());
                assertThat(health.get("lastSeenEventTime").isIntegralNumber()).isTrue();
                servers.add(response.headers().firstValue(HealthApi.SERVED_BY).orElseThrow());
            }));
        }
        assertThat(servers).as("robots are spread over both instances and forwarded to their owner").hasSize(2);

        for (FleetHealthApp asked : List.of(first, second)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode siteA = getOk(asked.baseUrl(), "/sites/" + SITE_A + "/health");
                JsonNode siteB = getOk(asked.baseUrl(), "/sites/" + SITE_B + "/health");
                JsonNode fleet = getOk(asked.baseUrl(), "/fleet/health");
                // even robot numbers are on site A: 1002..1006 OK, 1008 DEGRADED, 1010 and 1012 CRITICAL
                assertCounts(siteA, "SITE", 3, 1, 2, 3);
                assertCounts(siteB, "SITE", 3, 2, 1, 3);
                assertCounts(fleet, "FLEET", 6, 3, 3, 6);
                assertThat(fleet.get("site").isNull()).isTrue();
            });
            HttpResponse<String> unknown = get(asked.baseUrl(), "/robots/robot-9999/health");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("error").asText()).isEqualTo("unknown robot robot-9999");
            assertThat(get(asked.baseUrl(), "/robots/robot-1001").statusCode()).isEqualTo(404);
        }

        try (KafkaConsumer<String, RobotHealth> robots = platform.consumer(platform.topics.robotHealth())) {
            Map<String, RobotHealth> latest = new HashMap<>();
            PlatformFixture.readUntil(robots, r -> latest.put(r.key(), r.value()),
                    () -> BATTERY.keySet().stream().allMatch(n -> latest.containsKey(robotId(n))), PATIENCE);
            BATTERY.forEach((number, battery) -> assertThat(latest.get(robotId(number)).getLevel())
                    .isEqualTo(expectedLevel(battery)));
        }
        try (KafkaConsumer<String, FleetHealth> sites = platform.consumer(platform.topics.siteHealth())) {
            Map<String, FleetHealth> latest = new HashMap<>();
            PlatformFixture.readUntil(sites, r -> latest.put(r.key(), r.value()), () ->
                    latest.containsKey(SITE_A) && latest.get(SITE_A).getTotalRobots() == 6
                            && latest.containsKey(SITE_B) && latest.get(SITE_B).getTotalRobots() == 6, PATIENCE);
            assertThat(latest.get(SITE_A).getRobotsCritical()).isEqualTo(2);
            assertThat(latest.get(SITE_B).getLowBatteryCount()).isEqualTo(3);
        }

        // each instance counts the robots it owns: together they count the fleet
        await().atMost(PATIENCE).untilAsserted(() -> {
            double ok = 0;
            for (FleetHealthApp app : List.of(first, second)) {
                ok += metric(get(app.baseUrl(), "/metrics").body(), "fleetstream_health_robots", "level=\"OK\"");
            }
            assertThat(ok).isEqualTo(6.0);
        });
    }

    @Test
    void probesAndMetricsDescribeEachInstance() {
        for (FleetHealthApp app : List.of(first, second)) {
            assertThat(get(app.baseUrl(), "/ready").statusCode()).isEqualTo(200);
            assertThat(get(app.baseUrl(), "/health").body()).contains("\"status\":\"UP\"");
            String scrape = get(app.baseUrl(), "/metrics").body();
            assertThat(scrape).contains("kafka_stream_");
            assertThat(metric(scrape, "fleetstream_health_store_entries", "store=\"robot-health-state\""))
                    .isNotNaN();
            assertThat(scrape).contains("fleetstream_health_robots{level=\"OFFLINE\"");
        }
    }

    @Test
    void undeserializableInputIsDeadLetteredWithItsReasonAndTheAppKeepsRunning() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.endpoints.kafkaBootstrapServers());
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.TELEMETRY, "robot-1999".getBytes(), "{not avro}".getBytes()));
        }
        try (KafkaConsumer<String, DeadLetterRecord> dlq = platform.consumer(platform.topics.deadLetters())) {
            List<DeadLetterRecord> letters = new ArrayList<>();
            PlatformFixture.readUntil(dlq, r -> {
                if ("robot-1999".equals(r.key())) {
                    letters.add(r.value());
                }
            }, () -> !letters.isEmpty(), PATIENCE);
            DeadLetterRecord letter = letters.get(0);
            assertThat(letter.getReasonCode()).isEqualTo("DESERIALIZATION_FAILED");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.TELEMETRY);
            assertThat(new String(letter.getOriginalBytes().array())).isEqualTo("{not avro}");
            assertThat(letter.getRobotId()).isEqualTo("robot-1999");
        }
        assertThat(first.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        assertThat(second.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }

    private static HealthLevel expectedLevel(double battery) {
        return battery < 10 ? HealthLevel.CRITICAL : battery < 20 ? HealthLevel.DEGRADED : HealthLevel.OK;
    }

    private static void assertCounts(JsonNode health, String scope, int ok, int degraded, int critical,
            int lowBattery) {
        assertThat(health.get("scope").asText()).isEqualTo(scope);
        assertThat(List.of(health.get("robotsOk").asInt(), health.get("robotsDegraded").asInt(),
                health.get("robotsCritical").asInt(), health.get("robotsOffline").asInt(),
                health.get("lowBatteryCount").asInt(), health.get("totalRobots").asInt()))
                .as("ok, degraded, critical, offline, low battery, total: %s", health)
                .containsExactly(ok, degraded, critical, 0, lowBattery, ok + degraded + critical);
    }
}
