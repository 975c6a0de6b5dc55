package io.fleetstream.simulator.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Collects what robots produce, for assertions on payloads without a broker. */
final class Recorder implements RobotEventSink {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long START_EPOCH_MS = 1_764_000_000_000L;

    record Connectivity(String robotId, boolean online, int messagesBefore) {
    }

    final List<OutboundMessage> messages = new ArrayList<>();
    final List<Connectivity> connectivity = new ArrayList<>();

    @Override
    public void publish(OutboundMessage message) {
        messages.add(message);
    }

    @Override
    public void connectivityChanged(String robotId, boolean online) {
        connectivity.add(new Connectivity(robotId, online, messages.size()));
    }

    /** Everything one robot of {@code fleet} produces in its first {@code untilMs} simulated milliseconds. */
    static Recorder run(FleetSettings fleet, String robotId, long untilMs) {
        Recorder recorder = new Recorder();
        FleetModel.create(fleet, START_EPOCH_MS).robot(robotId).advanceTo(untilMs, recorder);
        return recorder;
    }

    List<OutboundMessage> ofType(MessageType type) {
        return messages.stream().filter(m -> m.type() == type).toList();
    }

    /** JSON objects of a type; log arrays are flattened into their lines. */
    List<JsonNode> json(MessageType type) {
        List<JsonNode> nodes = new ArrayList<>();
        for (OutboundMessage message : ofType(type)) {
            JsonNode node = parse(message.payload());
            if (node.isArray()) {
                node.forEach(nodes::add);
            } else {
                nodes.add(node);
            }
        }
        return nodes;
    }

    static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double metric(JsonNode telemetry, String key) {
        return telemetry.get("metrics").get(key).asDouble();
    }

    static long ts(JsonNode node) {
        return node.get("ts").asLong() - START_EPOCH_MS;
    }
}
