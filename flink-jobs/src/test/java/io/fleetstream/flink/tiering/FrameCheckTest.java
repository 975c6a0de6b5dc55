package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import io.fleetstream.schemas.avro.PointcloudFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCheckTest {

    @Test
    void acceptsAConsistentFrameAndReturnsItsPcdFile() throws Exception {
        byte[] pcd = PcdFrames.pcd(10, 1);
        PointcloudFrame frame = PcdFrames.inline("r", "s", 1, 0, pcd, 10, PayloadCodec.ZSTD);
        assertThat(FrameCheck.pcd(frame, (InlinePayload) frame.getPayload())).isEqualTo(pcd);
    }

    @Test
    void rejectsAFieldLayoutThatDisagreesWithTheRecord() {
        PointcloudFrame frame = PcdFrames.inline("r", "s", 1, 0, PcdFrames.pcd(10, 1), 10, PayloadCodec.NONE);
        List<PcdField> fields = new ArrayList<>(PcdFrames.FIELDS);
        fields.set(3, new PcdField("rgb", PcdFieldType.FLOAT, 4, 1));
        frame.setFields(fields);
        assertThatThrownBy(() -> FrameCheck.pcd(frame, (InlinePayload) frame.getPayload()))
                .isInstanceOfSatisfying(FrameCheck.Rejected.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_PCD");
                    assertThat(e.getMessage()).contains("x y z intensity", "x y z rgb");
                });
    }

    @Test
    void rejectsAnUncompressedSizeThatDoesNotMatch() {
        byte[] pcd = PcdFrames.pcd(10, 1);
        PointcloudFrame frame = PcdFrames.inline("r", "s", 1, 0, pcd, 10, PayloadCodec.NONE);
        frame.setPayload(new InlinePayload(PayloadCodec.NONE, ByteBuffer.wrap(pcd), pcd.length + 1L));
        assertThatThrownBy(() -> FrameCheck.pcd(frame, (InlinePayload) frame.getPayload()))
                .isInstanceOfSatisfying(FrameCheck.Rejected.class,
                        e -> assertThat(e.code()).isEqualTo(FrameCheck.CORRUPT_PAYLOAD));
    }
}
