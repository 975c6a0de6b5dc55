package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.fleetstream.connectors.retrieval.TierLayout;
import io.fleetstream.flink.common.RegistryAvroDeserializationSchema;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(LocalPlatformExtension.class)
class LogTieringJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    /** Two hours ago, on the hour, so records fall into two hour partitions. */
    private static final long T0 = (System.currentTimeMillis() / 3_600_000L - 2) * 3_600_000L;
    private static final List<String> ROBOTS = List.of("robot-0001", "robot-0002");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TieringFixture fixture;

    @BeforeEach
    void setUp(PlatformEndpoints platform) throws Exception {
        fixture = new TieringFixture(platform);
    }

    @Test
    void tiersEveryRecordExactlyOnceAcrossAFailureWithOnlyCompleteObjectsVisible() throws Exception {
        // 3.6 s apart: 1000 records per robot span one hour, i.e. two hour partitions from T0 + 30 min.
        long start = T0 + 1_800_000L;
        FailOnceDeserializer<Either<LogRecord, DeadLetterRecord>> failing = new FailOnceDeserializer<>(
                new RegistryAvroDeserializationSchema<>(LogRecord.class, fixture.connectors.settings(), "log-it"));
        LogTieringJob job = LogTieringJob.fromSettings(fixture.connectors, fixture.tiering, settings(),
                source(failing));
        JobClient client = job.executeAsync(FlinkTestEnvironments.checkpointed());
        try {
            fixture.kafka.produce(fixture.tiering.logsTopic(), LogRecord.class,
                    LogSamples.fleet(ROBOTS, start, 0, 500, 3_600), LogRecord::getRobotId);
            await().atMost(Duration.ofMinutes(2)).until(() -> committedRecords() == 1_000);
            List<String> beforeFailure = fixture.keys(TierLayout.LOGS_PREFIX);

            failing.arm(500);
            fixture.kafka.produce(fixture.tiering.logsTopic(), LogRecord.class,
                    LogSamples.fleet(ROBOTS, start, 500, 500, 3_600), LogRecord::getRobotId);
            await().atMost(Duration.ofMinutes(2)).until(() -> failing.failed() && committedRecords() >= 2_000);

            assertThat(failing.recordsRead()).as("records after the last checkpoint were read twice")
                    .isGreaterThan(2_000);
            assertThat(fixture.keys(TierLayout.LOGS_PREFIX)).containsAll(beforeFailure);
        } finally {
            client.cancel().get();
        }

        List<TierManifest> manifests = manifests();
        Map<String, TierManifest> byKey = manifests.stream()
                .collect(Collectors.toMap(TierManifest::getObjectKey, Function.identity()));
        assertThat(byKey).as("one manifest per object").hasSize(manifests.size());
        List<String> keys = fixture.keys(TierLayout.LOGS_PREFIX);
        assertThat(keys).as("every visible object is a complete, announced file").containsExactlyInAnyOrderElementsOf(
                byKey.keySet());

        List<String> seen = new ArrayList<>();
        for (String key : keys) {
            byte[] object = fixture.object(key);
            TierManifest m = byKey.get(key);
            assertThat(m.getKind()).isEqualTo(TierKind.LOGS);
            assertThat(m.getByteSize()).isEqualTo(object.length);
            assertThat(m.getSha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(object)));
            List<String> lines = TieringFixture.zstdLines(object);
            assertThat(lines).hasSize((int) m.getRecordCount());
            for (String line : lines) {
                JsonNode record = JSON.readTree(line);
                long ts = record.get("ts").asLong();
                assertThat(key).as("partition of " + line).startsWith(TierLayout.logHourPrefix("site-a",
                        record.get("robotId").asText(), ts));
                assertThat(ts).isBetween(m.getStartTime().toEpochMilli(), m.getEndTime().toEpochMilli());
                seen.add(record.get("robotId").asText() + "#" + record.get("seq").asLong());
            }
        }
        List<String> expected = new ArrayList<>();
        for (String robot : ROBOTS) {
            for (long seq = 0; seq < 1_000; seq++) {
                expected.add(robot + "#" + seq);
            }
        }
        assertThat(seen).as("no duplicate, no missing record").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(keys.stream().map(k -> k.substring(0, k.lastIndexOf('/'))).distinct())
                .as("two hour partitions per robot").hasSize(4);

        ManifestIndex index = new ManifestIndex(fixture.index);
        assertThat(index.find("robot-0001", TierKind.LOGS, null, start, start + 3_600_000L))
                .extracting(m -> m.manifest().getObjectKey())
                .containsExactlyInAnyOrderElementsOf(keys.stream().filter(k -> k.contains("robot=robot-0001/"))
                        .toList());
    }

    @Test
    void sendsUndecodableRecordsToTheDeadLetterTopicAndKeepsTiering() throws Exception {
        fixture.kafka.produceRaw(fixture.tiering.logsTopic(), "robot-0009",
                "not avro".getBytes(StandardCharsets.UTF_8));
        fixture.kafka.produce(fixture.tiering.logsTopic(), LogRecord.class,
                LogSamples.fleet(List.of("robot-0009"), T0, 0, 20, 1_000), LogRecord::getRobotId);

        LogTieringJob.fromSettings(fixture.connectors, fixture.tiering, settings(),
                fixture.connectors.boundedSource(fixture.tiering.logsTopic(), LogRecord.class, "log-dlq-it"))
                .execute(FlinkTestEnvironments.checkpointed());

        assertThat(fixture.kafka.readCommitted(fixture.tiering.deadLetterTopic(), DeadLetterRecord.class))
                .singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo("robot-0009");
                    assertThat(r.value().getReasonCode())
                            .isEqualTo(RegistryAvroDeserializationSchema.DESERIALIZATION_FAILED);
                    assertThat(new String(r.value().getOriginalBytes().array(), StandardCharsets.UTF_8))
                            .isEqualTo("not avro");
                });
        assertThat(manifests()).singleElement().satisfies(m -> assertThat(m.getRecordCount()).isEqualTo(20));
    }

    private long committedRecords() {
        return manifests().stream().mapToLong(TierManifest::getRecordCount).sum();
    }

    private List<TierManifest> manifests() {
        return fixture.kafka.readCommitted(fixture.tiering.manifestsTopic(), TierManifest.class).stream()
                .map(ConsumerRecord::value).toList();
    }

    private KafkaSource<Either<LogRecord, DeadLetterRecord>> source(
            FailOnceDeserializer<Either<LogRecord, DeadLetterRecord>> deserializer) {
        return KafkaSource.<Either<LogRecord, DeadLetterRecord>>builder()
                .setBootstrapServers(fixture.platform.kafkaBootstrapServers())
                .setTopics(fixture.tiering.logsTopic())
                .setGroupId("log-it")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(deserializer)
                .build();
    }

    /** Small parts are not allowed (5 MiB minimum); files roll after 1 s without records. */
    private static LogTieringSettings settings() {
        return new LogTieringSettings(0, "log-it", "log-it-" + System.nanoTime(), LogTieringSettings.MIN_PART_SIZE,
                64L * 1024 * 1024, Duration.ofSeconds(1), Duration.ofMinutes(10));
    }
}
