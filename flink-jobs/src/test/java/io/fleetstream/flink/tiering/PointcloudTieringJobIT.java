package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.connectors.bridge.RejectReason;
import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.FrameStream;
import io.fleetstream.connectors.retrieval.RetentionTier;
import io.fleetstream.connectors.retrieval.RetrievalMain;
import io.fleetstream.connectors.retrieval.RetrievalSettings;
import io.fleetstream.connectors.retrieval.TierLayout;
import io.fleetstream.flink.common.RegistryAvroDeserializationSchema;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import io.minio.PutObjectArgs;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(LocalPlatformExtension.class)
class PointcloudTieringJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    /** An hour ago, on a chunk boundary. */
    private static final long T0 = (System.currentTimeMillis() / 2_000 - 1_800) * 2_000;
    private static final String ROBOT = "robot-0001";
    private static final String SENSOR = "lidar-front";
    private static final int POINTS = 400;
    /** Anomaly between frames 60 and 61; with a 1 s window it claims frames 51..70 (10 Hz). */
    private static final long ANOMALY = T0 + 6_050;
    private static final long REFERENCED_SEQ = 200;

    private TieringFixture fixture;

    @BeforeEach
    void setUp(PlatformEndpoints platform) throws Exception {
        fixture = new TieringFixture(platform);
    }

    @Test
    void tiersChunksWithManifestsKeepsAnomalyFramesAtFullResolutionAndThinsTheRest() throws Exception {
        List<PointcloudFrame> frames = new ArrayList<>();
        Map<String, byte[]> originals = new HashMap<>();
        for (long seq = 0; seq < 120; seq++) {
            byte[] pcd = PcdFrames.pcd(POINTS, seq);
            originals.put(PcdFrames.frameId(SENSOR, seq), pcd);
            frames.add(PcdFrames.inline(ROBOT, SENSOR, seq, T0 + seq * 100, pcd, POINTS,
                    seq % 2 == 0 ? PayloadCodec.ZSTD : PayloadCodec.NONE));
        }
        byte[] large = PcdFrames.pcd(POINTS * 4, REFERENCED_SEQ);
        originals.put(PcdFrames.frameId(SENSOR, REFERENCED_SEQ), large);
        frames.add(PcdFrames.referenced(ROBOT, SENSOR, REFERENCED_SEQ, T0 + 20_000, POINTS * 4,
                storeLikeTheBridge("bridge/" + ROBOT + "/" + SENSOR + "/frame-200.pcd", large)));
        fixture.kafka.produce(fixture.tiering.pointcloudsTopic(), PointcloudFrame.class, frames,
                PointcloudFrame::getRobotId);
        fixture.kafka.produce(fixture.tiering.anomaliesTopic(), AnomalyEvent.class, List.of(anomaly(ROBOT, ANOMALY),
                anomaly("robot-0002", T0)), AnomalyEvent::getRobotId);

        PointcloudTieringJob.fromSettings(fixture.connectors, fixture.tiering, settings(), true)
                .execute(FlinkTestEnvironments.checkpointed());

        List<TierManifest> manifests = manifests();
        List<String> chunkKeys = fixture.keys(TierLayout.POINTCLOUDS_PREFIX);
        assertThat(manifests.stream().filter(m -> m.getBucket().equals(fixture.store.bucket())
                && m.getObjectKey().startsWith(TierLayout.POINTCLOUDS_PREFIX)).map(TierManifest::getObjectKey))
                .as("one manifest per chunk object").containsExactlyInAnyOrderElementsOf(chunkKeys);
        long framesInChunks = 0;
        for (TierManifest m : manifests) {
            assertThat(m.getKind()).isEqualTo(TierKind.POINTCLOUD);
            assertThat(m.getSensor()).isEqualTo(SENSOR);
            assertThat(m.getFrames()).hasSize((int) m.getRecordCount());
            byte[] object = fixture.object(m.getObjectKey());
            assertThat(object).hasSize((int) m.getByteSize());
            assertThat(m.getSha256()).isEqualTo(sha256(object));
            FrameCodec codec = FrameCodec.fromManifestCodec(m.getCodec());
            for (TierFrameEntry entry : m.getFrames()) {
                byte[] slice = Arrays.copyOfRange(object, (int) entry.getOffset(),
                        (int) (entry.getOffset() + entry.getLength()));
                byte[] frame = codec.decompress(new java.io.ByteArrayInputStream(slice)).readAllBytes();
                assertThat(frame).as(entry.getFrameId()).isEqualTo(originals.get(entry.getFrameId()));
                long seq = seq(entry.getFrameId());
                assertThat(entry.getFullResolution()).as(entry.getFrameId()).isEqualTo(seq >= 51 && seq <= 70);
                assertThat(m.getObjectKey()).startsWith(entry.getFullResolution()
                        ? TierLayout.tierPrefix(RetentionTier.FULL)
                        : seq % 5 == 0 ? (codec == FrameCodec.NONE ? "bridge/" : TierLayout.tierPrefix(
                                RetentionTier.THINNED)) : TierLayout.tierPrefix(RetentionTier.HOT));
            }
            if (codec == FrameCodec.NONE) {
                assertThat(m.getObjectKey()).as("the bridge's frame is referenced, not copied")
                        .isEqualTo("bridge/" + ROBOT + "/" + SENSOR + "/frame-200.pcd");
            } else {
                assertThat(m.getEndTime().toEpochMilli() - m.getStartTime().toEpochMilli())
                        .as("a chunk spans at most its 2 s").isLessThan(2_000);
                framesInChunks += m.getRecordCount();
            }
        }
        assertThat(framesInChunks).isEqualTo(120);

        try (RetrievalMain retrieval = RetrievalMain.start(retrievalSettings())) {
            List<FrameStream.ReadFrame> all = retrieve(retrieval, T0, T0 + 30_000);
            assertThat(all).extracting(f -> seq(f.frame().frameId())).as("every frame while hot, in time order")
                    .containsExactlyElementsOf(LongStream.concat(LongStream.range(0, 120),
                            LongStream.of(REFERENCED_SEQ)).boxed().toList());
            assertThat(all).allSatisfy(f -> assertThat(f.data()).isEqualTo(originals.get(f.frame().frameId())));

            List<String> expired = fixture.tiering.retention().sweep(fixture.s3, fixture.store.bucket(),
                    Instant.now().plus(Duration.ofDays(2)));
            assertThat(expired).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(
                    TierLayout.tierPrefix(RetentionTier.HOT)));

            List<FrameStream.ReadFrame> kept = retrieve(retrieval, T0, T0 + 30_000);
            List<Long> fullSeqs = LongStream.rangeClosed(51, 70).boxed().toList();
            assertThat(kept).filteredOn(f -> f.frame().fullResolution()).extracting(f -> seq(f.frame().frameId()))
                    .as("every frame within 1 s of the anomaly survives").containsExactlyElementsOf(fullSeqs);
            assertThat(kept).filteredOn(f -> !f.frame().fullResolution())
                    .extracting(f -> seq(f.frame().frameId())).as("elsewhere every 5th frame survives")
                    .containsExactlyElementsOf(LongStream.concat(LongStream.range(0, 120)
                            .filter(s -> s % 5 == 0 && !fullSeqs.contains(s)), LongStream.of(REFERENCED_SEQ))
                            .boxed().toList());
            assertThat(kept).allSatisfy(f -> assertThat(f.data()).isEqualTo(originals.get(f.frame().frameId())));
        }
    }

    @Test
    void sendsCorruptTruncatedAndInconsistentFramesToTheDeadLetterTopicAndKeepsTiering() throws Exception {
        String robot = "robot-0003";
        byte[] good = PcdFrames.pcd(POINTS, 0);
        byte[] truncated = Arrays.copyOf(good, good.length - 10);
        List<PointcloudFrame> frames = List.of(
                PcdFrames.inline(robot, SENSOR, 0, T0, good, POINTS, PayloadCodec.ZSTD),
                PcdFrames.inline(robot, SENSOR, 1, T0 + 100, truncated, POINTS, PayloadCodec.NONE),
                PcdFrames.inline(robot, SENSOR, 2, T0 + 200, good, POINTS + 1, PayloadCodec.NONE),
                PcdFrames.inline(robot, SENSOR, 3, T0 + 300, PcdFrames.pcd(POINTS, 3, "COLOR red\n", POINTS),
                        POINTS, PayloadCodec.NONE),
                corruptZstd(PcdFrames.inline(robot, SENSOR, 4, T0 + 400, good, POINTS, PayloadCodec.ZSTD)),
                PcdFrames.referenced(robot, SENSOR, 5, T0 + 500, POINTS, new ObjectStoreReference(
                        fixture.store.bucket(), "bridge/never-stored.pcd", 100L, "00")),
                PcdFrames.inline(robot, SENSOR, 6, T0 + 600, PcdFrames.pcd(POINTS, 6), POINTS, PayloadCodec.NONE));
        fixture.kafka.produce(fixture.tiering.pointcloudsTopic(), PointcloudFrame.class, frames,
                PointcloudFrame::getRobotId);
        fixture.kafka.produceRaw(fixture.tiering.pointcloudsTopic(), robot, "garbage".getBytes(StandardCharsets.UTF_8));

        PointcloudTieringJob.fromSettings(fixture.connectors, fixture.tiering, settings(), true)
                .execute(FlinkTestEnvironments.checkpointed());

        Map<String, String> reasons = fixture.kafka.readCommitted(fixture.tiering.deadLetterTopic(),
                DeadLetterRecord.class).stream().map(ConsumerRecord::value).collect(Collectors.toMap(
                        d -> d.getHeaders().getOrDefault("frameId", "undecodable"), DeadLetterRecord::getReasonCode));
        assertThat(reasons).containsOnly(
                Map.entry(PcdFrames.frameId(SENSOR, 1), RejectReason.POINT_COUNT_MISMATCH.name()),
                Map.entry(PcdFrames.frameId(SENSOR, 2), RejectReason.POINT_COUNT_MISMATCH.name()),
                Map.entry(PcdFrames.frameId(SENSOR, 3), RejectReason.INVALID_PCD.name()),
                Map.entry(PcdFrames.frameId(SENSOR, 4), FrameCheck.CORRUPT_PAYLOAD),
                Map.entry(PcdFrames.frameId(SENSOR, 5), FrameValidator.MISSING_OBJECT),
                Map.entry("undecodable", RegistryAvroDeserializationSchema.DESERIALIZATION_FAILED));
        assertThat(manifests()).flatExtracting(TierManifest::getFrames).extracting(TierFrameEntry::getFrameId)
                .as("the good frames are tiered all the same")
                .containsExactlyInAnyOrder(PcdFrames.frameId(SENSOR, 0), PcdFrames.frameId(SENSOR, 6));
    }

    private List<FrameStream.ReadFrame> retrieve(RetrievalMain retrieval, long from, long to) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                retrieval.baseUrl() + "/api/v1/robots/" + ROBOT + "/pointclouds?from=" + from + "&to=" + to))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(FrameStream.CONTENT_TYPE);
        List<FrameStream.ReadFrame> frames = new ArrayList<>();
        try (InputStream body = response.body()) {
            FrameStream.Reader reader = new FrameStream.Reader(body);
            for (FrameStream.ReadFrame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
            assertThat(reader.declaredFrames()).isEqualTo(frames.size());
        }
        return frames;
    }

    private RetrievalSettings retrievalSettings() {
        return new RetrievalSettings("127.0.0.1", 0, 2, fixture.store, fixture.index, fixture.tiering.retention(),
                TracingSettings.disabled());
    }

    private ObjectStoreReference storeLikeTheBridge(String key, byte[] pcd) throws Exception {
        fixture.s3.putObject(PutObjectArgs.builder().bucket(fixture.store.bucket()).object(key)
                .data(pcd, pcd.length).build());
        return new ObjectStoreReference(fixture.store.bucket(), key, (long) pcd.length, sha256(pcd));
    }

    private static PointcloudFrame corruptZstd(PointcloudFrame frame) {
        InlinePayload payload = (InlinePayload) frame.getPayload();
        byte[] data = FrameCheck.bytes(payload.getData());
        for (int i = 8; i < data.length; i += 7) {
            data[i] ^= 0x5a;
        }
        frame.setPayload(new InlinePayload(payload.getCodec(), ByteBuffer.wrap(data), payload.getUncompressedSize()));
        return frame;
    }

    private static AnomalyEvent anomaly(String robot, long eventTime) {
        return AnomalyEvent.newBuilder().setRobotId(robot).setSite("site-a").setMetric("motor_temp_c")
                .setEventTime(Instant.ofEpochMilli(eventTime)).setValue(93.1).setScore(0.97)
                .setDetector("test/1").setReason("spike").build();
    }

    private List<TierManifest> manifests() {
        return fixture.kafka.readCommitted(fixture.tiering.manifestsTopic(), TierManifest.class).stream()
                .map(ConsumerRecord::value).toList();
    }

    private static long seq(String frameId) {
        return Long.parseLong(frameId.substring(frameId.lastIndexOf('-') + 1));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** 2 s chunks, every 5th frame thinned, 1 s anomaly window, the default codec. */
    private static PointcloudTieringSettings settings() {
        return new PointcloudTieringSettings(0, "pointcloud-it", "pointcloud-it-" + System.nanoTime(),
                Duration.ofSeconds(2), 1024 * 1024, FrameCodec.SHUFFLE_ZSTD, 5, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(30), LogTieringSettings.MIN_PART_SIZE);
    }
}
