package io.fleetstream.connectors.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestIndexTest {

    @Test
    void frameIndexSurvivesIdsWithSeparators() {
        List<TierFrameEntry> frames = List.of(
                new TierFrameEntry("front;1,a b", Instant.ofEpochMilli(5), 0L, 100L, true),
                new TierFrameEntry("f-2", Instant.ofEpochMilli(6), 100L, 50L, false));
        assertThat(ManifestIndex.decodeFrames(ManifestIndex.encodeFrames(frames))).isEqualTo(frames);
        assertThat(ManifestIndex.decodeFrames("")).isEmpty();
    }

    @Test
    void linesEscapeTagsAndStringsAndKeepDistinctObjectsApart() {
        TierManifest a = manifest("pointclouds/full/a \"1\".pcd.zst");
        TierManifest b = manifest("pointclouds/full/b.pcd.zst");
        String line = ManifestIndex.line(a, "full");
        assertThat(line).startsWith("tier_manifests,robot=robot\\ 1,site=site\\,a,kind=POINTCLOUD,sensor=lidar,"
                + "tier=full ").contains("object_key=\"pointclouds/full/a \\\"1\\\".pcd.zst\"");
        String timeA = line.substring(line.lastIndexOf(' ') + 1);
        String lineB = ManifestIndex.line(b, "full");
        assertThat(lineB.substring(lineB.lastIndexOf(' ') + 1)).isNotEqualTo(timeA).startsWith("1000");
    }

    private static TierManifest manifest(String key) {
        return TierManifest.newBuilder().setBucket("b").setObjectKey(key).setRobotId("robot 1").setSite("site,a")
                .setKind(TierKind.POINTCLOUD).setSensor("lidar").setStartTime(Instant.ofEpochMilli(1_000))
                .setEndTime(Instant.ofEpochMilli(2_000)).setRecordCount(1).setByteSize(1).setCodec("c")
                .setSha256("s").setFrames(List.of()).setCreatedAt(Instant.ofEpochMilli(3)).build();
    }
}
