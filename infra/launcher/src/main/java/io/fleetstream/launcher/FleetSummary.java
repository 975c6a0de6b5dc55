package io.fleetstream.launcher;

import io.fleetstream.connectors.bridge.BridgeMetrics;
import io.fleetstream.flink.influx.RetentionPolicy;
import io.fleetstream.launcher.DownstreamWatch.DownstreamFacts;
import io.fleetstream.launcher.DownstreamWatch.TieredObjects;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.simulator.SimulatorStats;
import java.util.Locale;

/**
 * The local fleet at one moment, as printed once a second by {@link LocalFleetMain}: what went in, what the bridge
 * and Kafka made of it, and what each downstream stage produced. Every count is since the launcher started, so a
 * run on a reused work directory shows its own traffic.
 *
 * @param bridgeProduced records Kafka confirmed to the bridge on the ingest topics
 * @param inKafka records added to the ingest topics, from the broker's end offsets
 * @param influx points InfluxDB stored, null when the platform runs without InfluxDB
 */
public record FleetSummary(long uptimeSeconds, int robotsConnected, int robots, long publishedToMqtt,
                           long bridgeReceived, long bridgeProduced, long inKafka, long telemetryInKafka,
                           long deadLettered, long errors, DownstreamFacts downstream, InfluxPointCount influx) {

    static FleetSummary of(SimulatorStats simulator, BridgeMetrics.Snapshot bridge, KafkaRecordCount kafka,
            DownstreamFacts downstream, InfluxPointCount influx) {
        return new FleetSummary(simulator.uptimeMs() / 1000, simulator.connectedRobots(), simulator.robots(),
                simulator.publishedTotal(), bridge.messagesIn(), bridge.produced(), kafka.ingested(),
                kafka.telemetry(), kafka.deadLetters(), simulator.failedTotal() + simulator.connectionFailures(),
                downstream, influx);
    }

    public String line(FleetSummary previous) {
        long inPerSecond = previous == null ? 0 : publishedToMqtt - previous.publishedToMqtt;
        long kafkaPerSecond = previous == null ? 0 : inKafka - previous.inKafka;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%5ds] robots %d/%d | MQTT in %d (%d/s) | bridge in %d, out %d | Kafka %d (%d/s, telemetry %d)"
                        + " | DLQ %d | errors %d",
                uptimeSeconds, robotsConnected, robots, publishedToMqtt, inPerSecond, bridgeReceived,
                bridgeProduced, inKafka, kafkaPerSecond, telemetryInKafka, deadLettered, errors));
        if (downstream.healthWatched()) {
            FleetHealth fleet = downstream.fleet();
            line.append(" | health ").append(fleet == null ? "pending" : "ok " + fleet.getRobotsOk() + ", degraded "
                    + fleet.getRobotsDegraded() + ", critical " + fleet.getRobotsCritical() + ", offline "
                    + fleet.getRobotsOffline() + ", low battery " + fleet.getLowBatteryCount());
        }
        if (downstream.anomalies() != null) {
            line.append(" | anomalies ").append(downstream.anomalies());
        }
        if (influx != null) {
            line.append(String.format(Locale.ROOT, " | InfluxDB points %d (10s %d, 1m %d)", influx.total(),
                    influx.in(RetentionPolicy.DOWNSAMPLED_10S), influx.in(RetentionPolicy.DOWNSAMPLED_1M)));
        }
        TieredObjects tiered = downstream.tiered();
        if (tiered != null) {
            line.append(String.format(Locale.ROOT, " | tiered objects logs %d, pointclouds %d (%d KiB)",
                    tiered.logObjects(), tiered.pointcloudObjects(), tiered.bytes() / 1024));
        }
        return line.toString();
    }
}
