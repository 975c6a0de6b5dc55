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
        results.add(measure("zstd level 3", frames, FrameCodec.ZSTD::compress, CodecComparison::unzstd));
        results.add(measure("zstd level 9", frames, f -> Zstd.compress(f, 9), CodecComparison::unzstd));
        results.add(measure("gzip level 6", frames, FrameCodec.GZIP::compress, CodecComparison::gunzip));
        results.add(measure("shuffle-zstd (job)", frames, FrameCodec.SHUFFLE_ZSTD::compress,
                c -> decode(FrameCodec.SHUFFLE_ZSTD, c)));
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

    static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static byte[] unzstd(byte[] c) {
        return decode(FrameCodec.ZSTD, c);
    }

    private static byte[] gunzip(byte[] c) {
        return decode(FrameCodec.GZIP, c);
    }

    private static byte[] decode(FrameCodec codec, byte[] c) {
        try (var in = codec.decompress(new ByteArrayInputStream(c))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
