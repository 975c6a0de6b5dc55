package io.fleetstream.simulator.generator;

import java.util.Arrays;
import java.util.Optional;

/** The four per-robot MQTT streams of the contract: topic {@code robots/{robotId}/{suffix}}. */
public enum MessageType {
    TELEMETRY("telemetry", "application/json"),
    HEARTBEAT("heartbeat", "application/json"),
    LOG("logs", "application/json"),
    POINTCLOUD("pointcloud", "application/octet-stream");

    public static final String TOPIC_PREFIX = "robots/";

    private final String topicSuffix;
    private final String contentType;

    MessageType(String topicSuffix, String contentType) {
        this.topicSuffix = topicSuffix;
        this.contentType = contentType;
    }

    public String topicSuffix() {
        return topicSuffix;
    }

    public String contentType() {
        return contentType;
    }

    public boolean isJson() {
        return this != POINTCLOUD;
    }

    public String topic(String robotId) {
        return TOPIC_PREFIX + robotId + "/" + topicSuffix;
    }

    /** The type of a {@code robots/{robotId}/{suffix}} topic, empty for any other topic. */
    public static Optional<MessageType> ofTopic(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 3 || !(levels[0] + "/").equals(TOPIC_PREFIX) || levels[1].isEmpty()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.topicSuffix.equals(levels[2])).findFirst();
    }
}
