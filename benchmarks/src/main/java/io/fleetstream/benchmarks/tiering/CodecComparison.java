package io.fleetstream.benchmarks.tiering;

import com.github.luben.zstd.Zstd;
import io.fleetstream.connectors.retrieval.FrameCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compression ratio and single-thread speed of the frame codecs on realistic frames, each frame compressed on its
 * own as the tiering job does. Speeds are MB of PCD input per second; the first of the passes is a JIT warm-up.
 */
final class CodecComparison {

    private static final int PASSES = 4;

    private CodecComparison() {
    }

    record Result(String codec, double ratio, double compressMBps, double decompressMBps) {
        @Override
        public String toString() {
            return String.format("| %-18s | %5.2f | %8.1f | %8.1f |", codec, ratio, compressMBps, decompressMBps);
        }
    }

    static List<Result> run(List<byte[]> frames) {
        List<Result> results = new ArrayList<>();
        results.add(measure("zstd level 1", frames, f -> Zstd.compress(f, 1), CodecComparison::unzstd));
        results.add(measure("zstd level 3 (job)", frames, FrameCodec.ZSTD::compress, CodecComparison::unzstd));
        results.add(measure("zstd level 9", frames, f -> Zstd.compress(f, 9), CodecComparison::unzstd));
        results.add(measure("gzip level 6", frames, FrameCodec.GZIP::compress, CodecComparison::gunzip));
        results.add(measure("shuffle+zstd 3 (*)", frames, f -> Zstd.compress(shuffle(f, true), 3),
                c -> shuffle(unzstd(c), false)));
        return results;
    }

    private static Result measure(String name, List<byte[]> frames, Function<byte[], byte[]> compress,
            Function<byte[], byte[]> decompress) {
        long in = 0;
        long out = 0;
        long compressNanos = 0;
        long decompressNanos = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (byte[] frame : frames) {
                long t0 = System.nanoTime();
                byte[] c = compress.apply(frame);
                long t1 = System.nanoTime();
                byte[] d = decompress.apply(c);
                long t2 = System.nanoTime();
                if (d.length != frame.length) {
                    throw new IllegalStateException(name + " did not round-trip");
                }
                if (pass > 0) {
                    in += frame.length;
                    out += c.length;
                    compressNanos += t1 - t0;
                    decompressNanos += t2 - t1;
                }
            }
        }
        return new Result(name, (double) in / out, mbps(in, compressNanos), mbps(in, decompressNanos));
    }

    /**
     * (*) Not a job codec (yet): the data section transposed into byte planes (byte j of every point together,
     * as Blosc's shuffle does), which groups the float exponents; measured to show what a PCD-aware codec gains.
     */
    static byte[] shuffle(byte[] pcd, boolean forward) {
        int data = dataOffset(pcd);
        int pointSize = 16;
        int points = (pcd.length - data) / pointSize;
        byte[] out = pcd.clone();
        for (int p = 0; p < points; p++) {
            for (int b = 0; b < pointSize; b++) {
                int interleaved = data + p * pointSize + b;
                int planar = data + b * points + p;
                if (forward) {
                    out[planar] = pcd[interleaved];
                } else {
                    out[interleaved] = pcd[planar];
                }
            }
        }
        return out;
    }

    private static int dataOffset(byte[] pcd) {
        byte[] marker = "DATA binary\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + marker.length <= pcd.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (pcd[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i + marker.length;
        }
        throw new IllegalArgumentException("not a binary PCD file");
    }

    static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static byte[] unzstd(byte[] c) {
        try (var in = FrameCodec.ZSTD.decompress(new ByteArrayInputStream(c))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(byte[] c) {
        try (var in = FrameCodec.GZIP.decompress(new ByteArrayInputStream(c))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
