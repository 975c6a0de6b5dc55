package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.flink.tiering.PendingObject.UploadedPart;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Committables and writer state survive a checkpoint byte for byte. */
class TieringSerializersTest {

    @Test
    void pendingObjectsRoundTrip() throws Exception {
        TierManifest manifest = TierManifest.newBuilder().setBucket("b").setObjectKey("pointclouds/full/k")
                .setRobotId("robot-0001").setSite("site-a").setKind(TierKind.POINTCLOUD).setSensor("lidar")
                .setStartTime(Instant.ofEpochMilli(1)).setEndTime(Instant.ofEpochMilli(2)).setRecordCount(1)
                .setByteSize(10).setCodec("pcd-frames+zstd").setSha256("ab")
                .setFrames(List.of(new TierFrameEntry("f-1", Instant.ofEpochMilli(1), 0L, 10L, true)))
                .setCreatedAt(Instant.ofEpochMilli(3)).build();
        PendingObject.Serializer serializer = new PendingObject.Serializer();
        for (PendingObject object : List.of(
                PendingObject.staged("upload-1", List.of(new UploadedPart(1, "\"etag-1\"")), "full", manifest),
                PendingObject.referenced("thinned", manifest))) {
            PendingObject copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(object));
            assertThat(copy.uploadId()).isEqualTo(object.uploadId());
            assertThat(copy.parts()).isEqualTo(object.parts());
            assertThat(copy.tier()).isEqualTo(object.tier());
            assertThat(copy.manifest()).isEqualTo(manifest);
            assertThat(copy.key()).isEqualTo("pointclouds/full/k");
        }
    }

    @Test
    void logFileStateRoundTrips() throws Exception {
        LogFileState state = new LogFileState("b", "logs/k", "site-a", "robot-0001", "upload-2",
                List.of(new UploadedPart(1, "e1"), new UploadedPart(2, "e2")), new byte[] {1, 2, 3},
                new byte[] {9, 8}, 42, 1_000, 2_000, 5_242_883);
        LogFileState.Serializer serializer = new LogFileState.Serializer();
        LogFileState copy = serializer.deserialize(1, serializer.serialize(state));
        assertThat(copy).usingRecursiveComparison().isEqualTo(state);
    }
}
