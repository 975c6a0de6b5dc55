package io.fleetstream.streams.health;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import org.apache.kafka.common.serialization.Serde;

/**
 * Value serdes of the topics the health topology reads and writes. In production they are the registry-backed
 * serdes of {@link Topics}; the topology takes them as a parameter so it can also be driven without a registry.
 */
public record HealthSerdes(
        Serde<TelemetrySample> telemetry,
        Serde<Heartbeat> heartbeats,
        Serde<LogRecord> logs,
        Serde<AnomalyEvent> anomalies,
        Serde<RobotHealth> robotHealth,
        Serde<FleetHealth> siteHealth,
        Serde<HealthTransition> transitions) {

    public static HealthSerdes of(Topics topics) {
        return new HealthSerdes(
                topics.telemetry().valueSerde(),
                topics.heartbeats().valueSerde(),
                topics.logs().valueSerde(),
                topics.anomalies().valueSerde(),
                topics.robotHealth().valueSerde(),
                topics.siteHealth().valueSerde(),
                topics.healthTransitions().valueSerde());
    }
}
