package io.fleetstream.flink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.flink.common.RegistryAvroDeserializationSchema;
import io.fleetstream.flink.testing.FailOnceSink;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.flink.testing.InfluxTestSupport;
import io.fleetstream.flink.testing.KafkaTestSupport;
import io.fleetstream.flink.testing.Samples;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(LocalPlatformExtension.class)
class TelemetryToInfluxJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    /** A whole minute an hour ago: recent enough for the raw retention policy, old enough to be complete. */
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 60) * 60_000;
    private static final List<String> ROBOTS = List.of("robot-0001", "robot-0002");

    private PlatformEndpoints platform;
    private KafkaTestSupport kafka;
    private KafkaConnectors connectors;
    private String database;

    @BeforeEach
    void setUp(PlatformEndpoints platform) {
        this.platform = platform;
        this.kafka = new KafkaTestSupport(platform.kafkaBootstrapServers(), platform.registryApiUrl());
        this.connectors = new KafkaConnectors(KafkaSettings.of(platform.kafkaBootstrapServers(),
                platform.registryApiUrl()));
        this.database = "fleet_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void writesRawDownsampledAnomalyAndHealthPointsWithTheirRetentionPolicies() throws Exception {
        TestTopics topics = topics();
        List<TelemetrySample> samples = new ArrayList<>(Samples.fleet(ROBOTS, T0, 0, 30));
        samples.set(10, Samples.telemetry("robot-0001", "site-a", 5, T0 + 5_000,
                Map.of("battery_pct", battery(5), "motor_temp_c", Double.NaN)));
        kafka.produce(topics.telemetry, TelemetrySample.class, samples, TelemetrySample::getRobotId);
        kafka.produceRaw(topics.telemetry, "robot-0009", "not avro".getBytes(StandardCharsets.UTF_8));
        kafka.produce(topics.anomalies, AnomalyEvent.class, List.of(anomaly()), AnomalyEvent::getRobotId);
        kafka.produce(topics.robotHealth, RobotHealth.class, List.of(robotHealth()), RobotHealth::getRobotId);
        kafka.produce(topics.siteHealth, FleetHealth.class,
                List.of(siteHealth(HealthScope.SITE, "site-a"), siteHealth(HealthScope.FLEET, null)),
                h -> h.getSite() == null ? Topics.WHOLE_FLEET_KEY : h.getSite());

        job(topics, settings().sink(), true).execute(FlinkTestEnvironments.checkpointed());

        try (InfluxTestSupport influx = new InfluxTestSupport(platform.influxUrl(), database)) {
            assertThat(influx.rows("SHOW RETENTION POLICIES"))
                    .extracting(r -> r.get("name") + " " + r.get("duration") + " " + r.get("default"))
                    .contains("raw 168h0m0s true", "ds_10s 720h0m0s false", "ds_1m 9600h0m0s false");

            assertThat(influx.number("SELECT count(battery_pct) FROM raw.telemetry")).isEqualTo(60);
            assertThat(influx.number("SELECT count(motor_temp_c) FROM raw.telemetry"))
                    .as("the NaN reading is left out").isEqualTo(59);
            assertThat(influx.rows("SELECT * FROM raw.telemetry WHERE robot = 'robot-0002' AND time = "
                    + (T0 + 3_000) + "ms")).singleElement().satisfies(row -> {
                        assertThat(row).containsEntry("site", "site-a").containsEntry("status", "ACTIVE")
                                .containsEntry("battery_pct", battery(3)).containsEntry("motor_temp_c", 43.0);
                    });

            List<Map<String, Object>> tenSeconds = influx.rows("SELECT * FROM ds_10s.telemetry_10s"
                    + " WHERE robot = 'robot-0002' AND metric = 'battery_pct'");
            assertThat(tenSeconds).extracting(r -> ((Number) r.get("time")).longValue())
                    .containsExactly(T0, T0 + 10_000, T0 + 20_000);
            assertThat(tenSeconds.get(1)).containsEntry("min", battery(19)).containsEntry("max", battery(10))
                    .containsEntry("last", battery(19)).containsEntry("count", 10.0);
            assertThat((Double) tenSeconds.get(1).get("mean")).isCloseTo(battery(14.5), within(1e-9));

            List<Map<String, Object>> minute = influx.rows("SELECT * FROM ds_1m.telemetry_1m");
            assertThat(minute).hasSize(4).allSatisfy(r -> assertThat(r.get("time")).isEqualTo((double) T0));
            assertThat(minute).filteredOn(r -> r.get("robot").equals("robot-0001")
                            && r.get("metric").equals("motor_temp_c"))
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("count", 29.0)
                            .containsEntry("min", 40.0).containsEntry("max", 49.0).containsEntry("last", 49.0));

            for (String policy : List.of("raw", "ds_1m")) {
                assertThat(influx.rows("SELECT * FROM " + policy + ".anomalies")).singleElement()
                        .satisfies(r -> assertThat(r).containsEntry("robot", "robot-0001")
                                .containsEntry("metric", "motor_temp_c").containsEntry("detector", "test/1")
                                .containsEntry("score", 0.93).containsEntry("expected_high", 45.0)
                                .containsEntry("reason", "spike"));
            }
            assertThat(influx.rows("SELECT * FROM robot_health")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("level", "DEGRADED").containsEntry("level_code", 1.0)
                            .containsEntry("battery_pct", 14.5).containsEntry("reasons", "battery 14.5% below 15%"));
            assertThat(influx.rows("SELECT * FROM site_health")).extracting(r -> r.get("site") + ":" + r.get("total"))
                    .containsExactlyInAnyOrder("site-a:4.0", "_fleet:4.0");
        }

        List<ConsumerRecord<String, DeadLetterRecord>> deadLetters =
                kafka.readCommitted(topics.deadLetters, DeadLetterRecord.class);
        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("robot-0009");
            assertThat(r.value().getReasonCode()).isEqualTo(RegistryAvroDeserializationSchema.DESERIALIZATION_FAILED);
            assertThat(r.value().getSourceTopic()).isEqualTo(topics.telemetry);
            assertThat(r.value().getHeaders()).containsEntry(RegistryAvroDeserializationSchema.CONSUMER_HEADER,
                    "influx-it");
        });
    }

    @Test
    void holdsEverySampleExactlyOnceAfterTheJobFailsMidStreamAndRestoresFromACheckpoint() throws Exception {
        TestTopics topics = topics();
        InfluxJobSettings settings = settings();
        FailOnceSink<InfluxPoint> sink = new FailOnceSink<>(settings.sink());
        JobClient job = job(topics, sink, false).executeAsync(FlinkTestEnvironments.checkpointed());
        try (InfluxTestSupport influx = new InfluxTestSupport(platform.influxUrl(), database)) {
            kafka.produce(topics.telemetry, TelemetrySample.class, Samples.fleet(ROBOTS, T0, 0, 300),
                    TelemetrySample::getRobotId);
            await().atMost(Duration.ofMinutes(2)).until(() -> sink.snapshots() >= 2
                    && influx.number("SELECT count(battery_pct) FROM raw.telemetry") == 600);

            sink.arm(300);
            kafka.produce(topics.telemetry, TelemetrySample.class, Samples.fleet(ROBOTS, T0, 300, 300),
                    TelemetrySample::getRobotId);
            await().atMost(Duration.ofMinutes(2)).until(() -> sink.failed()
                    && influx.number("SELECT count(battery_pct) FROM raw.telemetry") == 1200);
            job.cancel().get();

            assertThat(sink.restoredFromCheckpoint()).as("restarted from a checkpoint").isTrue();
            assertThat(influx.number("SELECT count(battery_pct) FROM raw.telemetry")).isEqualTo(1200);
            assertThat(influx.number("SELECT count(motor_temp_c) FROM raw.telemetry")).isEqualTo(1200);
            long distinctPoints = 1200 + influx.number("SELECT count(\"min\") FROM ds_10s.telemetry_10s")
                    + influx.number("SELECT count(\"min\") FROM ds_1m.telemetry_1m");
            assertThat(sink.recordsWritten()).as("points after the checkpoint were written twice")
                    .isGreaterThan(distinctPoints);
        }
    }

    private TelemetryToInfluxJob job(TestTopics topics, Sink<InfluxPoint> influx, boolean bounded) {
        String group = "influx-it";
        return new TelemetryToInfluxJob(
                bounded ? connectors.boundedSource(topics.telemetry, TelemetrySample.class, group)
                        : connectors.source(topics.telemetry, TelemetrySample.class, group),
                bounded ? connectors.boundedSource(topics.anomalies, AnomalyEvent.class, group)
                        : connectors.source(topics.anomalies, AnomalyEvent.class, group),
                bounded ? connectors.boundedSource(topics.robotHealth, RobotHealth.class, group)
                        : connectors.source(topics.robotHealth, RobotHealth.class, group),
                bounded ? connectors.boundedSource(topics.siteHealth, FleetHealth.class, group)
                        : connectors.source(topics.siteHealth, FleetHealth.class, group),
                influx,
                connectors.deadLetterSink(topics.deadLetters, DeliveryGuarantee.AT_LEAST_ONCE, group,
                        Duration.ofMinutes(1)),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private InfluxJobSettings settings() {
        return new InfluxJobSettings(0, new InfluxConnection(platform.influxUrl(), "", "", Duration.ofSeconds(10)),
                database, null, null, null, null, null, "influx-it", Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(400),
                new InfluxWriterSettings(50, Duration.ofMillis(200), 200, 3, Duration.ofMillis(50),
                        Duration.ofMillis(500)));
    }

    private TestTopics topics() throws Exception {
        return new TestTopics(kafka.createTopic("telemetry", 1), kafka.createTopic("anomalies", 1),
                kafka.createTopic("robot-health", 1), kafka.createTopic("site-health", 1),
                kafka.createTopic("dlq", 1));
    }

    private record TestTopics(String telemetry, String anomalies, String robotHealth, String siteHealth,
                          String deadLetters) {
    }

    private static AnomalyEvent anomaly() {
        return AnomalyEvent.newBuilder().setRobotId("robot-0001").setSite("site-a").setMetric("motor_temp_c")
                .setEventTime(Instant.ofEpochMilli(T0 + 7_000)).setValue(93.1).setScore(0.93).setExpectedLow(35.0)
                .setExpectedHigh(45.0).setDetector("test/1").setReason("spike").setDetectionTime(Instant.now())
                .build();
    }

    private static RobotHealth robotHealth() {
        return RobotHealth.newBuilder().setRobotId("robot-0001").setSite("site-a").setLevel(HealthLevel.DEGRADED)
                .setReasons(List.of("battery 14.5% below 15%")).setLastSeenEventTime(Instant.ofEpochMilli(T0))
                .setLastSeenWallTime(Instant.ofEpochMilli(T0)).setBatteryPct(14.5)
                .setUpdateTime(Instant.ofEpochMilli(T0 + 1_000)).build();
    }

    private static FleetHealth siteHealth(HealthScope scope, String site) {
        return FleetHealth.newBuilder().setScope(scope).setSite(site).setRobotsOk(2).setRobotsDegraded(1)
                .setRobotsCritical(0).setRobotsOffline(1).setLowBatteryCount(1).setRobotsWithRecentAnomalies(1)
                .setTotalRobots(4).setUpdateTime(Instant.ofEpochMilli(T0 + 2_000)).build();
    }

    /** The battery reading of {@link Samples#fleet} at a sequence number. */
    private static double battery(double seq) {
        return 100.0 - seq * 0.01;
    }
}
