package io.fleetstream.simulator.generator;

import java.util.Map;

/**
 * One MQTT message a robot publishes, independent of any transport.
 *
 * @param userProperties MQTT 5 user properties in publishing order (pointcloud metadata; empty for JSON streams)
 * @param emittedAtMs epoch milliseconds of the simulated instant the robot sends it (buffered log lines keep their
 *                    own, earlier, {@code ts} inside the payload)
 */
public record OutboundMessage(String robotId, MessageType type, String topic, byte[] payload,
                              Map<String, String> userProperties, long emittedAtMs) {
}
