package io.fleetstream.connectors.retrieval;

import io.fleetstream.connectors.bridge.PcdFile;
import io.fleetstream.connectors.bridge.RejectedInputException;
import io.fleetstream.schemas.avro.PcdDataEncoding;
import java.nio.charset.StandardCharsets;

/**
 * The byte-plane transposition of {@link FrameCodec#SHUFFLE_ZSTD}: in a {@code DATA binary} PCD file, byte j of
 * every point is moved next to byte j of the other points (as Blosc's shuffle does). Sensor floats then line up
 * their sign/exponent bytes, which are nearly constant within a scan, so zstd finds them; noisy low mantissa bytes
 * stay incompressible either way. The header is left as is and tells the inverse the layout; files in other
 * encodings (ascii, binary_compressed) pass unchanged.
 */
final class PcdByteShuffle {

    private PcdByteShuffle() {
    }

    static byte[] shuffle(byte[] pcd) {
        return transpose(pcd, true);
    }

    static byte[] unshuffle(byte[] shuffled) {
        return transpose(shuffled, false);
    }

    private static byte[] transpose(byte[] pcd, boolean forward) {
        PcdFile file;
        try {
            file = PcdFile.parse(pcd);
        } catch (RejectedInputException e) {
            return pcd;
        }
        if (file.encoding() != PcdDataEncoding.BINARY || file.points() < 2) {
            return pcd;
        }
        int pointSize = (int) file.pointSize();
        int points = (int) file.points();
        int data = dataOffset(pcd);
        byte[] out = pcd.clone();
        for (int b = 0; b < pointSize; b++) {
            int plane = data + b * points;
            for (int p = 0, interleaved = data + b; p < points; p++, interleaved += pointSize) {
                if (forward) {
                    out[plane + p] = pcd[interleaved];
                } else {
                    out[interleaved] = pcd[plane + p];
                }
            }
        }
        return out;
    }

    /** Where the data section starts: after the line of the DATA entry (PcdFile accepted the header). */
    private static int dataOffset(byte[] pcd) {
        int lineStart = 0;
        for (int i = 0; i < pcd.length; i++) {
            if (pcd[i] == '\n') {
                String line = new String(pcd, lineStart, i - lineStart, StandardCharsets.US_ASCII).strip();
                if (line.regionMatches(true, 0, "DATA", 0, 4)) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        throw new IllegalStateException("PCD file without a DATA line passed validation");
    }
}
