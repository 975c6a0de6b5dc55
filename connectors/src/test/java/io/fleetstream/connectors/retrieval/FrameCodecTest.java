package io.fleetstream.connectors.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void everyCodecGivesBackTheOriginalBytesOfBinaryAsciiAndForeignPayloads() throws Exception {
        for (byte[] original : List.of(binaryPcd(500), binaryPcd(1),
                "VERSION 0.7\nFIELDS x\nSIZE 4\nTYPE F\nCOUNT 1\nWIDTH 2\nHEIGHT 1\nPOINTS 2\nDATA ascii\n1.5\n2.5\n"
                        .getBytes(StandardCharsets.US_ASCII),
                "not a point cloud".getBytes(StandardCharsets.US_ASCII))) {
            for (FrameCodec codec : FrameCodec.values()) {
                byte[] stored = codec.compress(original);
                assertThat(codec.decompress(new ByteArrayInputStream(stored)).readAllBytes())
                        .as(codec + " of " + original.length + " bytes").isEqualTo(original);
                assertThat(FrameCodec.fromManifestCodec(codec.manifestCodec())).isEqualTo(codec);
            }
        }
    }

    @Test
    void shufflingBinaryPointsMakesThemSmaller() {
        byte[] pcd = binaryPcd(4_000);
        assertThat(FrameCodec.SHUFFLE_ZSTD.compress(pcd).length).isLessThan(FrameCodec.ZSTD.compress(pcd).length);
        assertThat(FrameCodec.SHUFFLE_ZSTD.manifestCodec()).isEqualTo("pcd-frames+shuffle-zstd");
    }

    @Test
    void zstdChunksDecodeWholeToTheConcatenatedFrames() throws Exception {
        byte[] a = binaryPcd(10);
        byte[] b = binaryPcd(20);
        byte[] chunk = concat(FrameCodec.ZSTD.compress(a), FrameCodec.ZSTD.compress(b));
        assertThat(FrameCodec.ZSTD.decompress(new ByteArrayInputStream(chunk)).readAllBytes())
                .isEqualTo(concat(a, b));
    }

    private static byte[] binaryPcd(int points) {
        byte[] header = ("VERSION 0.7\nFIELDS x y z intensity\nSIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH "
                + points + "\nHEIGHT 1\nPOINTS " + points + "\nDATA binary\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(header.length + points * 16).order(ByteOrder.LITTLE_ENDIAN);
        data.put(header);
        java.util.Random random = new java.util.Random(points);
        for (int i = 0; i < points; i++) {
            double r = 5 + random.nextGaussian() * 0.02;
            data.putFloat((float) (r * Math.cos(i * 0.01))).putFloat((float) (r * Math.sin(i * 0.01)))
                    .putFloat((float) random.nextGaussian()).putFloat((float) random.nextInt(255));
        }
        return data.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
