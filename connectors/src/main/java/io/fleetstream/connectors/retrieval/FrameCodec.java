package io.fleetstream.connectors.retrieval;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compression of tiered point cloud frames. Each frame is compressed on its own, so a frame can be read back with
 * one ranged GET of {@code [offset, offset + length)} from the manifest. For {@link #ZSTD} and {@link #GZIP}, since
 * concatenated zstd frames (and gzip members) form one valid stream, a whole chunk object also decompresses with
 * the stock tools ({@code zstd -d}, {@code gunzip}) to the concatenated original PCD files; {@link #SHUFFLE_ZSTD}
 * frames must be decoded one by one (or unshuffled after {@code zstd -d}).
 */
public enum FrameCodec {
    /** zstd level 3: about as fast as the network on one core, the default. */
    ZSTD("zst"),
    /** gzip (deflate level 6): for consumers without zstd; slower and larger, kept for comparison. */
    GZIP("gz"),
    /**
     * zstd level 3 after transposing binary point data into byte planes ({@link PcdByteShuffle}): about a quarter
     * fewer bytes than plain zstd on lidar floats, at half its (still > 500 MB/s) speed.
     */
    SHUFFLE_ZSTD("szst"),
    /** Stored as is: the bridge's claim-check objects, referenced by manifests. */
    NONE("pcd");

    /** Manifest codec of chunk objects: frames laid end to end, each compressed on its own. */
    public static final String CHUNK_FORMAT = "pcd-frames";
    private static final int ZSTD_LEVEL = 3;

    private final String extension;

    FrameCodec(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The {@code TierManifest.codec} of a chunk object written with this codec, e.g. {@code pcd-frames+zstd}. */
    public String manifestCodec() {
        return this == NONE ? CHUNK_FORMAT
                : CHUNK_FORMAT + "+" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FrameCodec fromManifestCodec(String codec) {
        if (codec.equals(CHUNK_FORMAT)) {
            return NONE;
        }
        if (!codec.startsWith(CHUNK_FORMAT + "+")) {
            throw new IllegalArgumentException("not a point cloud chunk codec: " + codec);
        }
        return valueOf(codec.substring(CHUNK_FORMAT.length() + 1).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public byte[] compress(byte[] data) {
        return switch (this) {
            case ZSTD -> Zstd.compress(data, ZSTD_LEVEL);
            case GZIP -> gzip(data);
            case SHUFFLE_ZSTD -> Zstd.compress(PcdByteShuffle.shuffle(data), ZSTD_LEVEL);
            case NONE -> data;
        };
    }

    /**
     * Decompresses one frame (for {@link #ZSTD}, {@link #GZIP} and {@link #NONE} also a whole chunk object into the
     * concatenated frames).
     */
    public InputStream decompress(InputStream compressed) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(compressed);
            case GZIP -> new GZIPInputStream(compressed, 64 * 1024);
            case SHUFFLE_ZSTD -> {
                try (InputStream zstd = new ZstdInputStream(compressed)) {
                    yield new ByteArrayInputStream(PcdByteShuffle.unshuffle(zstd.readAllBytes()));
                }
            }
            case NONE -> compressed;
        };
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip cannot fail", e);
        }
        return out.toByteArray();
    }
}
