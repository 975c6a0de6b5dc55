package io.fleetstream.connectors.retrieval;

import com.github.luben.zstd.ZstdInputStream;
import io.fleetstream.connectors.retrieval.ManifestIndex.IndexedManifest;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one robot's tiered data back for a time range, found through the {@link ManifestIndex}, and streams it:
 * at most one log file's read buffer or one frame is in memory at a time, whatever the range. Objects that the
 * retention rules already expired (the hot tier after its window) are skipped: their frames are gone by design.
 */
public final class TieredDataReader {

    private static final Logger LOG = LoggerFactory.getLogger(TieredDataReader.class);

    private final ManifestIndex index;
    private final MinioClient s3;

    public TieredDataReader(ManifestIndex index, MinioClient s3) {
        this.index = index;
        this.s3 = s3;
    }

    /** Receives frames with their original bytes. */
    @FunctionalInterface
    public interface FrameConsumer {
        void accept(FrameStream.Frame frame, byte[] data) throws IOException;
    }

    /** Receives log lines. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(String line) throws IOException;
    }

    /**
     * Streams the log lines of {@code robot} with event time in {@code [from, to]} (epoch ms), file by file in
     * the order of their first record, each file's lines in the order they were written.
     *
     * @return the number of lines streamed
     */
    public long streamLogs(String robot, long from, long to, LineConsumer out) throws IOException {
        long lines = 0;
        for (IndexedManifest indexed : index.find(robot, TierKind.LOGS, null, from, to)) {
            TierManifest m = indexed.manifest();
            try (InputStream object = get(m.getBucket(), m.getObjectKey(), null, null)) {
                if (object == null) {
                    continue;
                }
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(new ZstdInputStream(object), StandardCharsets.UTF_8), 64 * 1024);
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    long t = LogLines.eventTime(line);
                    if (t >= from && t <= to) {
                        out.accept(line);
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /**
     * Streams the frames of {@code robot} (of one sensor, unless null) captured in {@code [from, to]} in event-time
     * order, each with its original bytes.
     *
     * @return the number of frames streamed
     */
    public long streamFrames(String robot, String sensor, long from, long to, FrameConsumer out)
            throws IOException {
        List<FrameRef> frames = new ArrayList<>();
        for (IndexedManifest indexed : index.find(robot, TierKind.POINTCLOUD, sensor, from, to)) {
            for (TierFrameEntry entry : indexed.manifest().getFrames()) {
                long t = entry.getEventTime().toEpochMilli();
                if (t >= from && t <= to) {
                    frames.add(new FrameRef(indexed, entry));
                }
            }
        }
        frames.sort(Comparator.comparing((FrameRef f) -> f.entry().getEventTime())
                .thenComparing(f -> f.entry().getFrameId()));
        Set<String> missing = new HashSet<>();
        long sent = 0;
        for (FrameRef ref : frames) {
            TierManifest m = ref.indexed().manifest();
            String location = m.getBucket() + "/" + m.getObjectKey();
            if (missing.contains(location)) {
                continue;
            }
            byte[] data;
            try (InputStream compressed = get(m.getBucket(), m.getObjectKey(), ref.entry().getOffset(),
                    ref.entry().getLength())) {
                if (compressed == null) {
                    missing.add(location);
                    continue;
                }
                data = FrameCodec.fromManifestCodec(m.getCodec()).decompress(compressed).readAllBytes();
            }
            out.accept(new FrameStream.Frame(m.getRobotId(), m.getSite(), m.getSensor(), ref.entry().getFrameId(),
                    ref.entry().getEventTime().toEpochMilli(), ref.entry().getFullResolution(), ref.indexed().tier(),
                    m.getObjectKey()), data);
            sent++;
        }
        return sent;
    }

    /** The object (or a byte range of it), or null when it no longer exists. */
    private InputStream get(String bucket, String key, Long offset, Long length) throws IOException {
        try {
            GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
            if (offset != null) {
                args.offset(offset).length(length);
            }
            return s3.getObject(args.build());
        } catch (MinioException e) {
            if (S3Errors.is(e, S3Errors.NO_SUCH_KEY)) {
                LOG.debug("{}/{} is indexed but expired", bucket, key);
                return null;
            }
            throw new IOException("cannot read " + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private record FrameRef(IndexedManifest indexed, TierFrameEntry entry) {
    }
}
