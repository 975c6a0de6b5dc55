package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every MQTT payload type of the contract reaches its Kafka topic through the configured routes. */
@ExtendWith(LocalPlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeRoutesTest {

    private PlatformEndpoints endpoints;
    private Topics topics;
    private String clientId;
    private Bridge bridge;
    private TestRobot robot;

    @BeforeAll
    void startBridge(PlatformEndpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        this.topics = Topics.forRegistry(endpoints.registryApiUrl());
        this.clientId = BridgeFixture.uniqueClientId("routes");
        bridge = new Bridge(BridgeFixture.config(endpoints, clientId, Map.of()), new SimpleMeterRegistry());
        bridge.start();
        robot = TestRobot.connect(endpoints);
    }

    @AfterAll
    void stopBridge() {
        robot.close();
        bridge.stop();
        BridgeFixture.discardSessions(endpoints, clientId, 1);
    }

    @Test
    void heartbeatGoesToTheHeartbeatsTopic() {
        String robotId = uniqueRobot();
        long ts = System.currentTimeMillis();
        robot.publish("robots/" + robotId + "/heartbeat", Payloads.heartbeat(robotId, 7, ts));

        try (TopicReader<Heartbeat> reader = TopicReader.open(endpoints, topics.heartbeats(),
                r -> robotId.equals(r.key()))) {
            Heartbeat heartbeat = reader.readUntil(r -> !r.isEmpty()).get(0).value();
            assertThat(heartbeat.getSeq()).isEqualTo(7);
            assertThat(heartbeat.getStatus()).isEqualTo("OK");
            assertThat(heartbeat.getUptimeSeconds()).isEqualTo(360);
            assertThat(heartbeat.getErrorCodes()).containsExactly("E12");
        }
    }

    @Test
    void logObjectAndLogBatchBecomeOneRecordPerLine() {
        String robotId = uniqueRobot();
        long ts = System.currentTimeMillis();
        robot.publish("robots/" + robotId + "/logs", Payloads.logLine(robotId, 0, ts, "INFO", "booted"));
        robot.publish("robots/" + robotId + "/logs", "[" + Payloads.logLine(robotId, 1, ts, "WARN", "path blocked")
                + "," + Payloads.logLine(robotId, 2, ts, "ERROR", "motor stall") + "]");

        try (TopicReader<LogRecord> reader = TopicReader.open(endpoints, topics.logs(),
                r -> robotId.equals(r.key()))) {
            List<ConsumerRecord<String, LogRecord>> lines = reader.readUntil(r -> r.size() >= 3);
            assertThat(lines).extracting(r -> r.value().getSeq()).containsExactly(0L, 1L, 2L);
            assertThat(lines).extracting(r -> r.value().getLevel())
                    .containsExactly(LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR);
            assertThat(lines.get(2).value().getMessage()).isEqualTo("motor stall");
        }
    }

    @Test
    void smallPointcloudsTravelInline() {
        String robotId = uniqueRobot();
        byte[] binary = Pcd.binary(1000);
        byte[] ascii = Pcd.ascii(20);
        robot.publish("robots/" + robotId + "/pointcloud", binary, pointcloudProperties(robotId, "f-0", 0));
        robot.publish("robots/" + robotId + "/pointcloud", ascii, pointcloudProperties(robotId, "f-1", 1));

        try (TopicReader<PointcloudFrame> reader = TopicReader.open(endpoints, topics.pointclouds(),
                r -> robotId.equals(r.key()))) {
            List<ConsumerRecord<String, PointcloudFrame>> frames = reader.readUntil(r -> r.size() >= 2);
            PointcloudFrame first = frames.get(0).value();
            assertThat(first.getFrameId()).isEqualTo("f-0");
            assertThat(first.getPointCount()).isEqualTo(1000);
            assertThat(first.getDataEncoding()).isEqualTo(PcdDataEncoding.BINARY);
            assertThat(first.getPayload()).isInstanceOfSatisfying(InlinePayload.class,
                    inline -> assertThat(bytes(inline.getData())).isEqualTo(binary));
            PointcloudFrame second = frames.get(1).value();
            assertThat(second.getDataEncoding()).isEqualTo(PcdDataEncoding.ASCII);
            assertThat(second.getPointCount()).isEqualTo(20);
        }
    }

    @Test
    void pointcloudAboveTheKafkaLimitIsStoredInTheObjectStoreAndReferenced() throws Exception {
        String robotId = uniqueRobot();
        byte[] large = Pcd.binary(80_000);
        robot.publish("robots/" + robotId + "/pointcloud", large, pointcloudProperties(robotId, "big-1", 0));

        ObjectStoreReference reference;
        try (TopicReader<PointcloudFrame> reader = TopicReader.open(endpoints, topics.pointclouds(),
                r -> robotId.equals(r.key()))) {
            PointcloudFrame frame = reader.readUntil(r -> !r.isEmpty()).get(0).value();
            assertThat(frame.getPointCount()).isEqualTo(80_000);
            assertThat(frame.getPayload()).isInstanceOf(ObjectStoreReference.class);
            reference = (ObjectStoreReference) frame.getPayload();
        }
        assertThat(reference.getSize()).isEqualTo(large.length);
        assertThat(reference.getSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(large)));
        MinioClient s3 = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        try (InputStream stored = s3.getObject(GetObjectArgs.builder()
                .bucket(reference.getBucket()).object(reference.getKey()).build())) {
            assertThat(stored.readAllBytes()).isEqualTo(large);
        }
    }

    static Map<String, String> pointcloudProperties(String robotId, String frameId, long seq) {
        return Map.of("robotId", robotId, "site", "site-a", "sensor", "lidar-front", "frameId", frameId,
                "seq", String.valueOf(seq), "ts", String.valueOf(System.currentTimeMillis()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String uniqueRobot() {
        return "robot-r" + UUID.randomUUID().toString().substring(0, 8);
    }
}
