package io.fleetstream.schemas;

import java.util.List;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.schemas.avro.TierManifest;

/**
 * The one place that names every Fleetstream Kafka topic, with the serdes of its records. Keys are always
 * strings: the robot id, except on {@link #FLEET_HEALTH_SITE} (site id, or {@link #WHOLE_FLEET_KEY}) and on
 * {@link #INGEST_DLQ} (robot id when known, else null).
 *
 * <pre>{@code
 * Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
 * Topic<String, TelemetrySample> telemetry = topics.telemetry();
 * builder.stream(telemetry.name(), Consumed.with(telemetry.keySerde(), telemetry.valueSerde()));
 * }</pre>
 *
 * Creating a {@code Topics} does not contact the registry; serdes do so on first use.
 */
public final class Topics {

    public static final String TELEMETRY = "robots.telemetry";
    public static final String HEARTBEATS = "robots.heartbeats";
    public static final String LOGS = "robots.logs";
    public static final String POINTCLOUDS = "robots.pointclouds";
    public static final String FLEET_HEALTH_ROBOT = "fleet.health.robot";
    public static final String FLEET_HEALTH_SITE = "fleet.health.site";
    public static final String FLEET_HEALTH_TRANSITIONS = "fleet.health.transitions";
    public static final String FLEET_ANOMALIES = "fleet.anomalies";
    public static final String TIER_MANIFESTS = "tier.manifests";
    public static final String INGEST_DLQ = "ingest.dlq";

    /** Key of the {@link #FLEET_HEALTH_SITE} record that aggregates every site. */
    public static final String WHOLE_FLEET_KEY = "_fleet";

    /** Partitions of every topic keyed by robot id; equal so that Kafka Streams joins need no repartitioning. */
    public static final int ROBOT_KEYED_PARTITIONS = 6;
    private static final int SITE_KEYED_PARTITIONS = 3;
    private static final int DLQ_PARTITIONS = 3;

    private final Topic<String, TelemetrySample> telemetry;
    private final Topic<String, Heartbeat> heartbeats;
    private final Topic<String, LogRecord> logs;
    private final Topic<String, PointcloudFrame> pointclouds;
    private final Topic<String, RobotHealth> robotHealth;
    private final Topic<String, FleetHealth> siteHealth;
    private final Topic<String, HealthTransition> healthTransitions;
    private final Topic<String, AnomalyEvent> anomalies;
    private final Topic<String, TierManifest> tierManifests;
    private final Topic<String, DeadLetterRecord> deadLetters;

    public Topics(AvroSerdeFactory serdes) {
        telemetry = topic(serdes, TELEMETRY, TelemetrySample.class, false, ROBOT_KEYED_PARTITIONS);
        heartbeats = topic(serdes, HEARTBEATS, Heartbeat.class, false, ROBOT_KEYED_PARTITIONS);
        logs = topic(serdes, LOGS, LogRecord.class, false, ROBOT_KEYED_PARTITIONS);
        pointclouds = topic(serdes, POINTCLOUDS, PointcloudFrame.class, false, ROBOT_KEYED_PARTITIONS);
        robotHealth = topic(serdes, FLEET_HEALTH_ROBOT, RobotHealth.class, true, ROBOT_KEYED_PARTITIONS);
        siteHealth = topic(serdes, FLEET_HEALTH_SITE, FleetHealth.class, true, SITE_KEYED_PARTITIONS);
        healthTransitions = topic(serdes, FLEET_HEALTH_TRANSITIONS, HealthTransition.class, false,
                ROBOT_KEYED_PARTITIONS);
        anomalies = topic(serdes, FLEET_ANOMALIES, AnomalyEvent.class, false, ROBOT_KEYED_PARTITIONS);
        tierManifests = topic(serdes, TIER_MANIFESTS, TierManifest.class, false, ROBOT_KEYED_PARTITIONS);
        deadLetters = topic(serdes, INGEST_DLQ, DeadLetterRecord.class, false, DLQ_PARTITIONS);
    }

    /** Topics whose value serdes use the registry's core v3 API at registryApiUrl. */
    public static Topics forRegistry(String registryApiUrl) {
        return new Topics(AvroSerdeFactory.forRegistry(registryApiUrl));
    }

    private static <V extends SpecificRecord> Topic<String, V> topic(AvroSerdeFactory serdes, String name,
            Class<V> valueType, boolean compacted, int partitions) {
        return new Topic<>(name, Serdes::String, () -> serdes.valueSerde(valueType),
                SpecificData.get().getSchema(valueType), compacted, partitions);
    }

    /** {@value #TELEMETRY}: robot telemetry samples, written by the MQTT bridge. */
    public Topic<String, TelemetrySample> telemetry() {
        return telemetry;
    }

    /** {@value #HEARTBEATS}: robot heartbeats, written by the MQTT bridge. */
    public Topic<String, Heartbeat> heartbeats() {
        return heartbeats;
    }

    /** {@value #LOGS}: robot log lines, written by the MQTT bridge. */
    public Topic<String, LogRecord> logs() {
        return logs;
    }

    /** {@value #POINTCLOUDS}: point cloud frames (inline or object-store references), written by the MQTT bridge. */
    public Topic<String, PointcloudFrame> pointclouds() {
        return pointclouds;
    }

    /** {@value #FLEET_HEALTH_ROBOT}: latest health per robot (compacted), written by the fleet-health app. */
    public Topic<String, RobotHealth> robotHealth() {
        return robotHealth;
    }

    /** {@value #FLEET_HEALTH_SITE}: health per site and for the whole fleet (compacted). */
    public Topic<String, FleetHealth> siteHealth() {
        return siteHealth;
    }

    /** {@value #FLEET_HEALTH_TRANSITIONS}: robot health level changes. */
    public Topic<String, HealthTransition> healthTransitions() {
        return healthTransitions;
    }

    /** {@value #FLEET_ANOMALIES}: anomalies detected in telemetry by the Flink anomaly job. */
    public Topic<String, AnomalyEvent> anomalies() {
        return anomalies;
    }

    /** {@value #TIER_MANIFESTS}: manifests of objects written to the object store by the Flink tiering job. */
    public Topic<String, TierManifest> tierManifests() {
        return tierManifests;
    }

    /** {@value #INGEST_DLQ}: inputs that could not be processed, with the reason. */
    public Topic<String, DeadLetterRecord> deadLetters() {
        return deadLetters;
    }

    /** Every topic, in pipeline order. */
    public List<Topic<String, ?>> all() {
        return List.of(telemetry, heartbeats, logs, pointclouds, robotHealth, siteHealth, healthTransitions,
                anomalies, tierManifests, deadLetters);
    }
}
