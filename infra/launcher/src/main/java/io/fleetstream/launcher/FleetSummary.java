package io.fleetstream.launcher;

import io.fleetstream.connectors.bridge.BridgeMetrics;
import io.fleetstream.launcher.DownstreamWatch.DownstreamFacts;
import io.fleetstream.simulator.SimulatorStats;
import java.util.Locale;

/**
 * One second of the local fleet, as printed by {@link LocalFleetMain}: what went in, what Kafka holds, errors,
 * and what the downstream jobs made of it.
 */
public record FleetSummary(long uptimeSeconds, int robotsConnected, int robots, long publishedToMqtt,
                           long bridgeReceived, long inKafka, long telemetryInKafka, long deadLettered,
                           long errors, DownstreamFacts downstream) {

    static FleetSummary of(SimulatorStats simulator, BridgeMetrics.Snapshot bridge, KafkaRecordCount kafka,
            DownstreamFacts downstream) {
        return new FleetSummary(simulator.uptimeMs() / 1000, simulator.connectedRobots(), simulator.robots(),
                simulator.publishedTotal(), bridge.messagesIn(), kafka.ingested(), kafka.telemetry(),
                kafka.deadLetters(), simulator.failedTotal() + simulator.connectionFailures(), downstream);
    }

    public String line(FleetSummary previous) {
        long inPerSecond = previous == null ? 0 : publishedToMqtt - previous.publishedToMqtt;
        long kafkaPerSecond = previous == null ? 0 : inKafka - previous.inKafka;
        return String.format(Locale.ROOT,
                "[%5ds] robots %d/%d | messages in %d (%d/s) | bridge received %d | in Kafka %d (%d/s,"
                        + " telemetry %d) | dead-lettered %d | errors %d",
                uptimeSeconds, robotsConnected, robots, publishedToMqtt, inPerSecond, bridgeReceived, inKafka,
                kafkaPerSecond, telemetryInKafka, deadLettered, errors) + downstream.line();
    }
}
