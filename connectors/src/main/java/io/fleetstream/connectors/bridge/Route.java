package io.fleetstream.connectors.bridge;

import java.util.Objects;

/** Carries messages from MQTT topics matching {@code filter} to {@code kafkaTopic}, parsed as {@code payload}. */
public record Route(MqttTopicFilter filter, String kafkaTopic, PayloadType payload) {

    public Route {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(payload, "payload");
        if (kafkaTopic == null || kafkaTopic.isBlank()) {
            throw new IllegalArgumentException("route " + filter + " has no kafka-topic");
        }
        if (!filter.capturesRobotId()) {
            throw new IllegalArgumentException("route filter " + filter + " has no '+' level for the robot id");
        }
    }
}
