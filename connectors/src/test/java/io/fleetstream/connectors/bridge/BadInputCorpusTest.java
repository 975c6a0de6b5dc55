package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A corpus of malformed, hostile and out-of-contract inputs, interleaved with good telemetry: each bad input lands
 * in the dead-letter topic with its original bytes and the right reason, the good traffic arrives complete, and the
 * metrics count every dead letter by reason.
 */
@ExtendWith(LocalPlatformExtension.class)
class BadInputCorpusTest {

    private static final int GOOD_MESSAGES = 300;
    private static final int DLQ_ORIGINAL_LIMIT = 64 * 1024;

    private record BadInput(String name, String topic, byte[] payload, Map<String, String> properties,
            RejectReason expected) {
    }

    @Test
    void everyBadInputIsDeadLetteredWithItsReasonWhileGoodTrafficFlows(PlatformEndpoints endpoints) throws Exception {
        String clientId = BridgeFixture.uniqueClientId("corpus");
        List<BadInput> corpus = corpus();
        String goodRobot = robot();
        Map<String, Object> limits = Map.of(
                "bridge.pointcloud.max-bytes", "3MiB",
                // Above the producer's 1 MiB request limit on purpose: such a frame is refused by Kafka itself.
                "bridge.pointcloud.inline-max-bytes", "2MiB",
                "bridge.dead-letter.max-original-bytes", DLQ_ORIGINAL_LIMIT);
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        Set<String> corpusTopics = corpus.stream().map(BadInput::topic).collect(Collectors.toSet());
        try (Bridge bridge = new Bridge(BridgeFixture.config(endpoints, clientId, limits), new SimpleMeterRegistry());
                TestRobot robot = TestRobot.connect(endpoints)) {
            bridge.start();
            long ts = System.currentTimeMillis();
            int good = 0;
            for (int i = 0; i < GOOD_MESSAGES; i++) {
                robot.publish(Payloads.telemetryTopic(goodRobot), Payloads.telemetry(goodRobot, good++, ts + i));
                if (i % 10 == 0 && i / 10 < corpus.size()) {
                    BadInput bad = corpus.get(i / 10);
                    robot.publish(bad.topic(), bad.payload(), bad.properties());
                }
            }

            try (TopicReader<DeadLetterRecord> dlq = TopicReader.open(endpoints, topics.deadLetters(),
                    r -> corpusTopics.contains(r.value().getSourceTopic()));
                    TopicReader<TelemetrySample> telemetry = TopicReader.open(endpoints, topics.telemetry(),
                            r -> goodRobot.equals(r.key()))) {
                Map<String, DeadLetterRecord> byTopic = dlq.readUntil(r -> r.size() >= corpus.size()).stream()
                        .collect(Collectors.toMap(r -> r.value().getSourceTopic(), ConsumerRecord::value));
                for (BadInput bad : corpus) {
                    DeadLetterRecord letter = byTopic.get(bad.topic());
                    assertThat(letter).as(bad.name()).isNotNull();
                    assertThat(letter.getReasonCode()).as(bad.name()).isEqualTo(bad.expected().name());
                    assertThat(letter.getSourceKind()).isEqualTo(DeadLetterSource.MQTT);
                    assertThat(letter.getReasonDetail()).as(bad.name()).isNotBlank();
                    byte[] expectedOriginal = bad.payload().length > DLQ_ORIGINAL_LIMIT
                            ? Arrays.copyOf(bad.payload(), DLQ_ORIGINAL_LIMIT) : bad.payload();
                    assertThat(bytes(letter.getOriginalBytes())).as(bad.name()).isEqualTo(expectedOriginal);
                    assertThat(letter.getHeaders()).as(bad.name()).containsAllEntriesOf(bad.properties());
                }
                assertThat(byTopic.get(find(corpus, "robot id differs from topic").topic()).getRobotId())
                        .as("dead letters are keyed by the topic's robot").isNotNull();

                List<ConsumerRecord<String, TelemetrySample>> delivered =
                        telemetry.readUntil(r -> r.size() >= GOOD_MESSAGES);
                assertThat(delivered).extracting(r -> r.value().getSeq())
                        .containsExactlyInAnyOrderElementsOf(sequence(GOOD_MESSAGES));
            }

            Map<String, Long> expectedByReason = corpus.stream()
                    .collect(Collectors.groupingBy(b -> b.expected().name(), TreeMap::new, Collectors.counting()));
            BridgeMetrics.Snapshot snapshot = bridge.metrics().snapshot();
            assertThat(snapshot.deadLetteredByReason()).isEqualTo(expectedByReason);
            assertThat(snapshot.produced()).isEqualTo(GOOD_MESSAGES);
            assertThat(snapshot.messagesIn()).isEqualTo(GOOD_MESSAGES + corpus.size());
        } finally {
            BridgeFixture.discardSessions(endpoints, clientId, 1);
        }
    }

    private static List<BadInput> corpus() {
        long now = System.currentTimeMillis();
        List<BadInput> corpus = new ArrayList<>();
        json(corpus, "empty payload", "telemetry", id -> "", RejectReason.EMPTY_PAYLOAD);
        json(corpus, "truncated JSON", "telemetry", id -> Payloads.telemetry(id, 1, now).substring(0, 50),
                RejectReason.INVALID_JSON);
        json(corpus, "trailing garbage", "telemetry", id -> Payloads.telemetry(id, 1, now) + "}}",
                RejectReason.INVALID_JSON);
        json(corpus, "duplicate key", "telemetry", id -> Payloads.telemetry(id, 1, now)
                .replace("\"status\"", "\"seq\":2,\"status\""), RejectReason.INVALID_JSON);
        String invalidUtf8Robot = robot();
        byte[] invalidUtf8 = Payloads.telemetry(invalidUtf8Robot, 1, now).getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 5] = (byte) 0xFE;
        corpus.add(new BadInput("invalid UTF-8", "robots/" + invalidUtf8Robot + "/telemetry", invalidUtf8, Map.of(),
                RejectReason.INVALID_UTF8));
        json(corpus, "array instead of object", "telemetry", id -> "[1,2,3]", RejectReason.WRONG_TYPE);
        json(corpus, "string sequence number", "telemetry", id -> Payloads.telemetry(id, 1, now)
                .replace("\"seq\":1", "\"seq\":\"one\""), RejectReason.WRONG_TYPE);
        json(corpus, "missing timestamp", "telemetry", id -> Payloads.telemetry(id, 1, now)
                .replace(",\"ts\":" + now, ""), RejectReason.MISSING_FIELD);
        json(corpus, "NaN metric", "telemetry", id -> Payloads.telemetry(id, 1, now).replace("41.2", "NaN"),
                RejectReason.NON_FINITE_NUMBER);
        json(corpus, "Infinity metric", "telemetry", id -> Payloads.telemetry(id, 1, now).replace("0.8", "Infinity"),
                RejectReason.NON_FINITE_NUMBER);
        json(corpus, "battery above 100 %", "telemetry", id -> Payloads.telemetry(id, 1, now)
                .replace("87.5", "250"), RejectReason.OUT_OF_RANGE);
        json(corpus, "timestamp a day ahead", "telemetry", id -> Payloads.telemetry(id, 1, now + 86_400_000L),
                RejectReason.TIMESTAMP_IN_FUTURE);
        json(corpus, "timestamp in 1970", "telemetry", id -> Payloads.telemetry(id, 1, 42),
                RejectReason.TIMESTAMP_TOO_OLD);
        json(corpus, "robot id differs from topic", "telemetry", id -> Payloads.telemetry("robot-0001", 1, now),
                RejectReason.ROBOT_ID_MISMATCH);
        json(corpus, "oversize JSON", "telemetry", id -> Payloads.telemetry(id, 1, now)
                .replace("ACTIVE", "A".repeat(300 * 1024)), RejectReason.PAYLOAD_TOO_LARGE);
        json(corpus, "unknown topic", "firmware", id -> "{\"version\":\"2.0\"}", RejectReason.UNKNOWN_TOPIC);
        json(corpus, "negative uptime", "heartbeat", id -> Payloads.heartbeat(id, 1, now)
                .replace("\"uptimeS\":360", "\"uptimeS\":-5"), RejectReason.INVALID_VALUE);
        json(corpus, "unknown log level", "logs", id -> Payloads.logLine(id, 1, now, "LOUD", "x"),
                RejectReason.INVALID_VALUE);
        json(corpus, "empty log batch", "logs", id -> "[]", RejectReason.EMPTY_PAYLOAD);
        pointcloud(corpus, "PCD with a garbage header", "GARBAGE\n".getBytes(StandardCharsets.US_ASCII), true,
                RejectReason.INVALID_PCD);
        byte[] truncated = Pcd.binary(100);
        pointcloud(corpus, "PCD with missing points", Arrays.copyOf(truncated, truncated.length - 16), true,
                RejectReason.POINT_COUNT_MISMATCH);
        pointcloud(corpus, "PCD without frame metadata", Pcd.binary(10), false, RejectReason.MISSING_FIELD);
        pointcloud(corpus, "PCD above the pointcloud limit", Pcd.binary(220_000), true,
                RejectReason.PAYLOAD_TOO_LARGE);
        pointcloud(corpus, "PCD Kafka refuses", Pcd.binary(90_000), true, RejectReason.KAFKA_REJECTED);
        return corpus;
    }

    private static void json(List<BadInput> corpus, String name, String stream, Function<String, String> payload,
            RejectReason expected) {
        String robotId = robot();
        corpus.add(new BadInput(name, "robots/" + robotId + "/" + stream,
                payload.apply(robotId).getBytes(StandardCharsets.UTF_8), Map.of(), expected));
    }

    private static void pointcloud(List<BadInput> corpus, String name, byte[] pcd, boolean withMetadata,
            RejectReason expected) {
        String robotId = robot();
        Map<String, String> properties = withMetadata
                ? BridgeRoutesTest.pointcloudProperties(robotId, "frame-" + corpus.size(), 0)
                : new HashMap<>(Map.of("robotId", robotId));
        corpus.add(new BadInput(name, "robots/" + robotId + "/pointcloud", pcd, properties, expected));
    }

    private static BadInput find(List<BadInput> corpus, String name) {
        return corpus.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Long> sequence(int n) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            seqs.add(i);
        }
        return seqs;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String robot() {
        return "robot-b" + UUID.randomUUID().toString().substring(0, 8);
    }
}
