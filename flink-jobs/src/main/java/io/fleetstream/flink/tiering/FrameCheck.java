package io.fleetstream.flink.tiering;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.fleetstream.connectors.bridge.PcdFile;
import io.fleetstream.connectors.bridge.RejectReason;
import io.fleetstream.connectors.bridge.RejectedInputException;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PointcloudFrame;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Checks an inline frame before it is tiered: the payload decompresses to its declared size, is a well-formed PCD
 * v0.7 file whose data section holds exactly its points (the bridge's {@link PcdFile} rules: truncation, unknown
 * header entries, bad types), and agrees with the record's own metadata (point count, layout, encoding) that
 * readers of the manifests rely on. Records can reach Kafka without passing the bridge, so nothing is trusted.
 */
final class FrameCheck {

    /** The bridge's upper bound for a PCD file; also caps what a corrupt uncompressedSize can make us allocate. */
    static final long MAX_FRAME_BYTES = 64L * 1024 * 1024;
    static final String CORRUPT_PAYLOAD = "CORRUPT_PAYLOAD";

    private FrameCheck() {
    }

    /** The frame's PCD file, as captured. */
    static byte[] pcd(PointcloudFrame frame, InlinePayload payload) throws Rejected {
        byte[] stored = bytes(payload.getData());
        byte[] pcd = switch (payload.getCodec()) {
            case NONE -> stored;
            case ZSTD -> decompress(stored, payload.getUncompressedSize());
        };
        if (pcd.length != payload.getUncompressedSize()) {
            throw new Rejected(CORRUPT_PAYLOAD, "payload holds " + pcd.length + " bytes, uncompressedSize says "
                    + payload.getUncompressedSize());
        }
        PcdFile file;
        try {
            file = PcdFile.parse(pcd);
        } catch (RejectedInputException e) {
            throw new Rejected(e.reason().name(), e.detail());
        }
        if (file.points() != frame.getPointCount()) {
            throw new Rejected(RejectReason.POINT_COUNT_MISMATCH.name(), "PCD declares " + file.points()
                    + " points, the record " + frame.getPointCount());
        }
        if (file.width() != frame.getWidth() || file.height() != frame.getHeight()
                || file.encoding() != frame.getDataEncoding() || !sameLayout(file.fields(), frame.getFields())) {
            throw new Rejected(RejectReason.INVALID_PCD.name(), "PCD header (fields " + names(file.fields())
                    + ", " + file.width() + "x" + file.height() + ", " + file.encoding()
                    + ") disagrees with the record (fields " + names(frame.getFields()) + ", " + frame.getWidth()
                    + "x" + frame.getHeight() + ", " + frame.getDataEncoding() + ")");
        }
        return pcd;
    }

    private static byte[] decompress(byte[] stored, long uncompressedSize) throws Rejected {
        if (uncompressedSize < 0 || uncompressedSize > MAX_FRAME_BYTES) {
            throw new Rejected(CORRUPT_PAYLOAD, "uncompressedSize " + uncompressedSize + " out of range");
        }
        try {
            return Zstd.decompress(stored, (int) uncompressedSize);
        } catch (ZstdException | IllegalStateException e) {
            throw new Rejected(CORRUPT_PAYLOAD, "zstd payload does not decompress: " + e.getMessage());
        }
    }

    private static boolean sameLayout(List<PcdField> a, List<PcdField> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            PcdField x = a.get(i);
            PcdField y = b.get(i);
            if (!x.getName().equals(y.getName()) || x.getType() != y.getType() || x.getSize() != y.getSize()
                    || x.getCount() != y.getCount()) {
                return false;
            }
        }
        return true;
    }

    private static String names(List<PcdField> fields) {
        return String.join(" ", fields.stream().map(PcdField::getName).toList());
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Why a frame is dead-lettered: a {@code DeadLetterRecord} reason code and detail. */
    static final class Rejected extends Exception {
        private final String code;

        Rejected(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
