package io.fleetstream.connectors.bridge;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One MQTT PUBLISH received by the bridge, decoupled from the MQTT client. {@code acknowledge} sends the PUBACK;
 * the bridge calls it only once Kafka has durably accepted everything the message turned into.
 *
 * @param receivedAt  wall-clock time of receipt, the {@code ingestTime} of the produced records
 * @param receivedNanos {@link System#nanoTime()} at receipt, for the acknowledgement latency
 */
public record IncomingMessage(String topic, byte[] payload, Map<String, String> userProperties, Instant receivedAt,
        long receivedNanos, Runnable acknowledge) {

    public IncomingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = Map.copyOf(userProperties);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(acknowledge, "acknowledge");
    }
}
