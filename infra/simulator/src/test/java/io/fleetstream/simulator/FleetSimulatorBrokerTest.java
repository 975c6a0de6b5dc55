package io.fleetstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.simulator.generator.FleetModel;
import io.fleetstream.simulator.generator.MessageType;
import io.fleetstream.simulator.generator.OutboundMessage;
import io.fleetstream.simulator.lidar.PcdDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A short simulator run through the platform's real MQTT broker, observed by a plain subscriber. */
@ExtendWith(LocalPlatformExtension.class)
class FleetSimulatorBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROBOTS = 4;
    private static final long RUN_MS = 6_000;
    private static final long DROPOUT_FROM_MS = 2_000;
    private static final long DROPOUT_UNTIL_MS = 4_000;

    private record Received(String topic, byte[] payload, Map<String, String> userProperties) {
        MessageType type() {
            return MessageType.ofTopic(topic).orElseThrow();
        }

        String robotId() {
            return topic.split("/")[1];
        }
    }

    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private Mqtt5AsyncClient subscriber;

    @TempDir
    Path dir;

    @AfterEach
    void disconnectSubscriber() {
        if (subscriber != null) {
            subscriber.disconnect().exceptionally(e -> null).join();
        }
    }

    @Test
    void publishedMessagesArriveAsGeneratedAndInSequenceOrder(PlatformEndpoints endpoints) throws Exception {
        subscribe(endpoints);
        SimulatorConfig config = SimulatorConfig.load(Map.of(
                "sim.robots", ROBOTS,
                "sim.telemetry-hz", 10,
                "sim.heartbeat-interval", "500ms",
                "sim.logs-per-minute", 120,
                "sim.pointcloud-interval", "1s",
                "sim.mqtt.host", endpoints.mqttHost(),
                "sim.mqtt.port", endpoints.mqttPort(),
                "sim.credentials.file", dir.resolve("credentials").toString(),
                "sim.faults", List.of("robot-0002:dropout@" + DROPOUT_FROM_MS + "ms+"
                        + (DROPOUT_UNTIL_MS - DROPOUT_FROM_MS) + "ms")));

        FleetSimulator simulator = FleetSimulator.start(config);
        long start = simulator.model().startEpochMs();
        try (simulator) {
            await().atMost(Duration.ofMinutes(1)).until(() -> simulator.robotIds().stream().allMatch(id ->
                    telemetryOf(id).stream().anyMatch(t -> t.get("ts").asLong() - start >= RUN_MS)));
        }
        SimulatorStats stats = simulator.stats();
        await().atMost(Duration.ofMinutes(1)).until(() -> received.size() >= stats.publishedTotal());

        assertThat(stats.failedTotal()).isZero();
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.connectionFailures()).isZero();
        assertThat(received).hasSize((int) stats.publishedTotal());
        for (MessageType type : MessageType.values()) {
            assertThat(received.stream().filter(r -> r.type() == type).count()).isEqualTo(stats.published(type))
                    .isPositive();
        }
        assertEveryStreamIsInSequenceOrder();
        assertPayloadsAreExactlyWhatTheGeneratorProduces(config, start);
        assertPointcloudsCarryTheirMetadata();
        assertDroppedOutRobotWasSilentThenCameBack(start);
        assertMetersReportTheCounters(simulator, stats);
    }

    private void subscribe(PlatformEndpoints endpoints) throws Exception {
        subscriber = MqttClient.builder().useMqttVersion5().identifier("simulator-test-subscriber")
                .serverHost(endpoints.mqttHost()).serverPort(endpoints.mqttPort()).buildAsync();
        subscriber.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter("robots/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::onMessage).send().get(30, TimeUnit.SECONDS);
    }

    private void onMessage(Mqtt5Publish publish) {
        Map<String, String> properties = new LinkedHashMap<>();
        publish.getUserProperties().asList().forEach(p -> properties.put(p.getName().toString(),
                p.getValue().toString()));
        received.add(new Received(publish.getTopic().toString(), publish.getPayloadAsBytes(), properties));
    }

    /** Per robot and stream, seq is 0, 1, 2, ... in arrival order (log arrays contribute each of their lines). */
    private void assertEveryStreamIsInSequenceOrder() {
        Map<String, List<Long>> sequences = new HashMap<>();
        for (Received r : snapshot()) {
            List<Long> seqs = sequences.computeIfAbsent(r.topic(), t -> new ArrayList<>());
            if (r.type() == MessageType.POINTCLOUD) {
                seqs.add(Long.parseLong(r.userProperties().get("seq")));
            } else {
                json(r).forEach(node -> {
                    assertThat(node.get("robotId").asText()).isEqualTo(r.robotId());
                    assertThat(node.get("site").asText()).matches("site-[ab]");
                    seqs.add(node.get("seq").asLong());
                });
            }
        }
        assertThat(sequences).hasSize(ROBOTS * MessageType.values().length);
        sequences.forEach((topic, seqs) -> {
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("seq #%d on %s", i, topic).isEqualTo(i);
            }
        });
    }

    private void assertPayloadsAreExactlyWhatTheGeneratorProduces(SimulatorConfig config, long start) {
        Map<String, List<OutboundMessage>> expected = new HashMap<>();
        FleetModel.create(config.fleet(), start).advanceTo(RUN_MS + 5_000,
                m -> expected.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(m));
        Map<String, Integer> position = new HashMap<>();
        for (Received r : snapshot()) {
            int index = position.merge(r.topic(), 1, Integer::sum) - 1;
            OutboundMessage generated = expected.get(r.topic()).get(index);
            assertThat(r.payload()).as("message #%d on %s", index, r.topic()).isEqualTo(generated.payload());
            assertThat(r.userProperties()).isEqualTo(generated.userProperties());
        }
    }

    private void assertPointcloudsCarryTheirMetadata() {
        List<Received> frames = snapshot().stream().filter(r -> r.type() == MessageType.POINTCLOUD).toList();
        assertThat(frames).allSatisfy(frame -> {
            assertThat(frame.userProperties()).containsKeys("robotId", "site", "sensor", "frameId", "seq", "ts")
                    .containsEntry("robotId", frame.robotId());
            PcdDecoder.Cloud cloud = PcdDecoder.decode(frame.payload());
            assertThat(cloud.header()).containsEntry("FIELDS", "x y z intensity");
            assertThat(cloud.points()).isPositive();
        });
    }

    private void assertDroppedOutRobotWasSilentThenCameBack(long start) {
        List<JsonNode> telemetry = telemetryOf("robot-0002");
        assertThat(telemetry).noneMatch(t -> {
            long elapsed = t.get("ts").asLong() - start;
            return elapsed >= DROPOUT_FROM_MS && elapsed < DROPOUT_UNTIL_MS;
        });
        assertThat(telemetry).anyMatch(t -> t.get("ts").asLong() - start >= DROPOUT_UNTIL_MS);
        assertThat(logLinesOf("robot-0002")).anyMatch(l -> l.get("message").asText().startsWith("reconnected after"));
    }

    private static void assertMetersReportTheCounters(FleetSimulator simulator, SimulatorStats stats) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimulatorMeters.bind(registry, simulator);
        for (MessageType type : MessageType.values()) {
            assertThat(registry.get("fleetstream.simulator.published").tag("type", type.topicSuffix())
                    .functionCounter().count()).isEqualTo((double) stats.published(type));
            assertThat(registry.get("fleetstream.simulator.failed").tag("type", type.topicSuffix())
                    .functionCounter().count()).isZero();
        }
        assertThat(registry.get("fleetstream.simulator.inflight").gauge().value()).isZero();
    }

    private List<JsonNode> telemetryOf(String robotId) {
        return snapshot().stream().filter(r -> r.topic().equals(MessageType.TELEMETRY.topic(robotId)))
                .flatMap(r -> json(r).stream()).toList();
    }

    private List<JsonNode> logLinesOf(String robotId) {
        return snapshot().stream().filter(r -> r.topic().equals(MessageType.LOG.topic(robotId)))
                .flatMap(r -> json(r).stream()).toList();
    }

    private List<Received> snapshot() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    private static List<JsonNode> json(Received r) {
        try {
            JsonNode node = JSON.readTree(r.payload());
            List<JsonNode> nodes = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(nodes::add);
            } else {
                nodes.add(node);
            }
            return nodes;
        } catch (IOException e) {
            throw new AssertionError("payload on " + r.topic() + " is not JSON", e);
        }
    }
}
