package io.fleetstream.simulator.mqtt;

import io.fleetstream.simulator.generator.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fleet-wide publish outcomes per message type, updated from the MQTT client's threads: messages handed over by
 * the generator, then acknowledged (PUBACK received), failed (error or negative PUBACK) or dropped (never sent:
 * back-pressure or stopping); the rest are in flight. Plus connection failures (failed connects, lost connections).
 */
public final class PublishCounters {

    private final Map<MessageType, LongAdder> generated = adders();
    private final Map<MessageType, LongAdder> published = adders();
    private final Map<MessageType, LongAdder> failed = adders();
    private final Map<MessageType, LongAdder> dropped = adders();
    private final LongAdder publishedBytes = new LongAdder();
    private final LongAdder connectionFailures = new LongAdder();

    void recordGenerated(MessageType type) {
        generated.get(type).increment();
    }

    void recordAcknowledged(MessageType type, int bytes) {
        published.get(type).increment();
        publishedBytes.add(bytes);
    }

    void recordFailure(MessageType type) {
        failed.get(type).increment();
    }

    void recordDropped(MessageType type) {
        dropped.get(type).increment();
    }

    void recordConnectionFailure() {
        connectionFailures.increment();
    }

    public long generated(MessageType type) {
        return generated.get(type).sum();
    }

    public long published(MessageType type) {
        return published.get(type).sum();
    }

    public long failed(MessageType type) {
        return failed.get(type).sum();
    }

    public long dropped(MessageType type) {
        return dropped.get(type).sum();
    }

    public long publishedBytes() {
        return publishedBytes.sum();
    }

    public long connectionFailures() {
        return connectionFailures.sum();
    }

    private static Map<MessageType, LongAdder> adders() {
        Map<MessageType, LongAdder> map = new EnumMap<>(MessageType.class);
        for (MessageType type : MessageType.values()) {
            map.put(type, new LongAdder());
        }
        return map;
    }
}
