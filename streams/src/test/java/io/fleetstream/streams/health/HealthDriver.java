package io.fleetstream.streams.health;

import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.state.RobotState;
import io.fleetstream.streams.health.state.SiteCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The health topology under TopologyTestDriver with a mock wall clock. Event times are given as offsets from
 * {@link #START}, which is also where the wall clock starts, so a robot's clock and the app's agree unless a test
 * says otherwise.
 */
final class HealthDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final HealthSerdes serdes = new HealthSerdes(
            PlainAvroSerde.of(TelemetrySample.class), PlainAvroSerde.of(Heartbeat.class),
            PlainAvroSerde.of(LogRecord.class), PlainAvroSerde.of(AnomalyEvent.class),
            PlainAvroSerde.of(RobotHealth.class), PlainAvroSerde.of(FleetHealth.class),
            PlainAvroSerde.of(HealthTransition.class));
    private final TestInputTopic<String, TelemetrySample> telemetry;
    private final TestInputTopic<String, Heartbeat> heartbeats;
    private final TestInputTopic<String, LogRecord> logs;
    private final TestInputTopic<String, AnomalyEvent> anomalies;
    final TestInputTopic<byte[], byte[]> rawTelemetry;
    final TestOutputTopic<String, RobotHealth> robotHealth;
    final TestOutputTopic<String, HealthTransition> transitions;
    final TestOutputTopic<String, FleetHealth> siteHealth;
    final TestOutputTopic<String, DeadLetterRecord> deadLetters;
    private final Map<String, Long> seq = new LinkedHashMap<>();

    HealthDriver() {
        this("");
    }

    /** @param overrides HOCON overriding reference.conf, e.g. {@code "health.publish-interval = 0s"} */
    HealthDriver(String overrides) {
        this(overrides, Tracing.disabled());
    }

    HealthDriver(String overrides, Tracing tracing) {
        HealthRules rules = rules(overrides);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(DeadLetterHandler.SERIALIZER_CONFIG, PlainAvroSerde.of(DeadLetterRecord.class).serializer());
        driver = new TopologyTestDriver(
                FleetHealthTopology.build(rules, serdes, new HealthMetrics(registry), tracing), props, START);
        StringSerializer keys = new StringSerializer();
        telemetry = driver.createInputTopic(Topics.TELEMETRY, keys, serdes.telemetry().serializer());
        heartbeats = driver.createInputTopic(Topics.HEARTBEATS, keys, serdes.heartbeats().serializer());
        logs = driver.createInputTopic(Topics.LOGS, keys, serdes.logs().serializer());
        anomalies = driver.createInputTopic(Topics.FLEET_ANOMALIES, keys, serdes.anomalies().serializer());
        rawTelemetry = driver.createInputTopic(Topics.TELEMETRY, new ByteArraySerializer(), new ByteArraySerializer());
        StringDeserializer keyReader = new StringDeserializer();
        robotHealth = driver.createOutputTopic(Topics.FLEET_HEALTH_ROBOT, keyReader,
                serdes.robotHealth().deserializer());
        transitions = driver.createOutputTopic(Topics.FLEET_HEALTH_TRANSITIONS, keyReader,
                serdes.transitions().deserializer());
        siteHealth = driver.createOutputTopic(Topics.FLEET_HEALTH_SITE, keyReader, serdes.siteHealth().deserializer());
        deadLetters = driver.createOutputTopic(Topics.INGEST_DLQ, keyReader,
                PlainAvroSerde.of(DeadLetterRecord.class).deserializer());
    }

    static HealthRules rules(String overrides) {
        return FleetHealthConfig.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load())
                .resolve()).rules();
    }

    private static Path tempDir() {
        try {
            Path target = Files.createDirectories(Path.of("target", "topology-test-state"));
            return Files.createTempDirectory(target, "health-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant at(Duration offset) {
        return START.plus(offset);
    }

    void telemetry(String robot, String site, Duration eventTime, double batteryPct, String status) {
        Instant time = at(eventTime);
        telemetry.pipeInput(robot, TelemetrySample.newBuilder()
                .setRobotId(robot).setSite(site).setEventTime(time).setSeq(next(robot, "telemetry"))
                .setMetrics(Map.of("battery_pct", batteryPct, "cpu_pct", 20.0)).setStatus(status)
                .setIngestTime(time).build(), time);
    }

    void telemetry(String key, TelemetrySample sample) {
        telemetry.pipeInput(key, sample, sample.getEventTime());
    }

    void telemetry(String key, TelemetrySample sample, Headers headers) {
        telemetry.pipeInput(new TestRecord<>(key, sample, headers, sample.getEventTime()));
    }

    void heartbeat(String robot, String site, Duration eventTime, String status, List<String> errorCodes) {
        Instant time = at(eventTime);
        heartbeats.pipeInput(robot, Heartbeat.newBuilder()
                .setRobotId(robot).setSite(site).setEventTime(time).setSeq(next(robot, "heartbeat"))
                .setStatus(status).setUptimeSeconds(600).setErrorCodes(errorCodes).setFirmware("1.4.2")
                .setIngestTime(time).build(), time);
    }

    void log(String robot, String site, Duration eventTime, LogLevel level) {
        Instant time = at(eventTime);
        logs.pipeInput(robot, LogRecord.newBuilder()
                .setRobotId(robot).setSite(site).setEventTime(time).setSeq(next(robot, "log"))
                .setLevel(level).setSource("nav").setMessage("path blocked").setIngestTime(time).build(), time);
    }

    void anomaly(String robot, String site, Duration eventTime) {
        Instant time = at(eventTime);
        anomalies.pipeInput(robot, AnomalyEvent.newBuilder()
                .setRobotId(robot).setSite(site).setMetric("motor_temp_c").setEventTime(time).setValue(93.1)
                .setScore(0.97).setDetector("robust-zscore/1").setReason("motor_temp_c 93.1 above 38.0..52.4")
                .build(), time);
    }

    /** Moves the mock wall clock, which fires due wall-clock punctuations. */
    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    RobotState state(String robot) {
        return driver.<String, RobotState>getKeyValueStore(FleetHealthTopology.ROBOT_STORE).get(robot);
    }

    SiteCounts siteCounts(String site) {
        return driver.<String, SiteCounts>getTimestampedKeyValueStore(FleetHealthTopology.SITE_STORE).get(site)
                .value();
    }

    /** The latest value per key on fleet.health.site, as a compacted topic would keep it. */
    Map<String, FleetHealth> latestSiteHealth() {
        Map<String, FleetHealth> latest = new LinkedHashMap<>();
        for (KeyValue<String, FleetHealth> record : siteHealth.readKeyValuesToList()) {
            latest.put(record.key, record.value);
        }
        return latest;
    }

    private long next(String robot, String stream) {
        return seq.merge(robot + "/" + stream, 1L, Long::sum) - 1;
    }

    @Override
    public void close() {
        driver.close();
    }
}
