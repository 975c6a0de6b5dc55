package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.RetentionTier;
import io.fleetstream.connectors.retrieval.TierLayout;
import io.fleetstream.flink.tiering.PendingObject.UploadedPart;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Stages each chunk as one multipart upload: the frames' compressed bytes laid end to end (so a frame is one
 * ranged GET of its manifest entry's offset and length), uploaded in parts of {@code partSize} while the chunk is
 * written. At most {@value #IN_FLIGHT_PARTS} parts are on the wire at once; beyond that the writer waits, which
 * back-pressures the job when the store is slower than the input. Frames the bridge already stored are not copied: each becomes a committable of its own that only
 * publishes a manifest pointing at the bridge's object. Nothing is kept across checkpoints: a chunk not yet
 * committed at a failure is cut again from the restored assembler state.
 */
final class FrameChunkWriter implements CommittingSinkWriter<FrameChunk, PendingObject> {

    static final int IN_FLIGHT_PARTS = 4;

    private final String bucket;
    private final FrameCodec codec;
    private final int partSize;
    private final ObjectUploads uploads;
    private final ProcessingTimeService clock;
    private final List<StagedChunk> staged = new ArrayList<>();
    private final List<PendingObject> referenced = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<UploadedPart>> inFlight = new ArrayDeque<>();
    private final Counter frames;
    private final Counter bytesStored;
    private final Counter chunks;

    FrameChunkWriter(String bucket, FrameCodec codec, int partSize, ObjectUploads uploads,
            ProcessingTimeService clock, SinkWriterMetricGroup metrics) {
        this.bucket = bucket;
        this.codec = codec;
        this.partSize = partSize;
        this.uploads = uploads;
        this.clock = clock;
        this.frames = metrics.getNumRecordsSendCounter();
        this.bytesStored = metrics.getNumBytesSendCounter();
        this.chunks = metrics.counter("chunksStaged");
    }

    @Override
    public void write(FrameChunk chunk, Context context) throws IOException {
        List<TieredFrame> inline = new ArrayList<>();
        for (TieredFrame frame : chunk.frames) {
            if (frame.isReferenced()) {
                referenced.add(referencedObject(chunk, frame));
            } else {
                inline.add(frame);
            }
            frames.inc();
        }
        if (!inline.isEmpty()) {
            staged.add(stage(chunk, inline));
            chunks.inc();
        }
    }

    private StagedChunk stage(FrameChunk chunk, List<TieredFrame> inline) throws IOException {
        TieredFrame first = inline.get(0);
        TieredFrame last = inline.get(inline.size() - 1);
        String key = TierLayout.chunkObjectKey(RetentionTier.fromSegment(chunk.tier), chunk.site, chunk.robotId,
                chunk.sensor, first.eventTime, first.seq, last.seq, codec);
        String uploadId = uploads.create(bucket, key);
        MessageDigest sha256 = sha256();
        List<CompletableFuture<UploadedPart>> parts = new ArrayList<>();
        List<TierFrameEntry> entries = new ArrayList<>(inline.size());
        long total = inline.stream().mapToLong(TieredFrame::storedSize).sum();
        byte[] part = new byte[(int) Math.min(partSize, total)];
        int partLength = 0;
        long offset = 0;
        long written = 0;
        boolean full = chunk.tier.equals(RetentionTier.FULL.segment());
        for (TieredFrame frame : inline) {
            entries.add(new TierFrameEntry(frame.frameId, Instant.ofEpochMilli(frame.eventTime), offset,
                    (long) frame.data.length, full));
            sha256.update(frame.data);
            offset += frame.data.length;
            for (int copied = 0; copied < frame.data.length; ) {
                int n = Math.min(frame.data.length - copied, part.length - partLength);
                System.arraycopy(frame.data, copied, part, partLength, n);
                copied += n;
                partLength += n;
                written += n;
                if (partLength == part.length && written < total) {
                    parts.add(upload(key, uploadId, parts.size() + 1, part, partLength));
                    part = new byte[(int) Math.min(partSize, total - written)];
                    partLength = 0;
                }
            }
        }
        if (partLength > 0 || parts.isEmpty()) {
            parts.add(upload(key, uploadId, parts.size() + 1, part, partLength));
        }
        bytesStored.inc(offset);
        TierManifest manifest = TierManifest.newBuilder()
                .setBucket(bucket).setObjectKey(key).setRobotId(chunk.robotId).setSite(chunk.site)
                .setKind(TierKind.POINTCLOUD).setSensor(chunk.sensor)
                .setStartTime(Instant.ofEpochMilli(first.eventTime)).setEndTime(Instant.ofEpochMilli(last.eventTime))
                .setRecordCount(inline.size()).setByteSize(offset).setCodec(codec.manifestCodec())
                .setSha256(HexFormat.of().formatHex(sha256.digest())).setFrames(entries)
                .setCreatedAt(Instant.ofEpochMilli(clock.getCurrentProcessingTime()))
                .build();
        return new StagedChunk(uploadId, parts, chunk.tier, manifest);
    }

    private CompletableFuture<UploadedPart> upload(String key, String uploadId, int number, byte[] data, int length)
            throws IOException {
        while (inFlight.size() >= IN_FLIGHT_PARTS) {
            ObjectUploads.await(inFlight.removeFirst(), "upload part of " + key);
        }
        CompletableFuture<UploadedPart> part = uploads.uploadPart(bucket, key, uploadId, number, data, length);
        inFlight.addLast(part);
        return part;
    }

    private PendingObject referencedObject(FrameChunk chunk, TieredFrame frame) {
        TierManifest manifest = TierManifest.newBuilder()
                .setBucket(frame.refBucket).setObjectKey(frame.refKey).setRobotId(chunk.robotId)
                .setSite(chunk.site).setKind(TierKind.POINTCLOUD).setSensor(chunk.sensor)
                .setStartTime(Instant.ofEpochMilli(frame.eventTime)).setEndTime(Instant.ofEpochMilli(frame.eventTime))
                .setRecordCount(1).setByteSize(frame.originalSize).setCodec(FrameCodec.NONE.manifestCodec())
                .setSha256(frame.refSha256)
                .setFrames(List.of(new TierFrameEntry(frame.frameId, Instant.ofEpochMilli(frame.eventTime), 0L,
                        frame.originalSize, chunk.tier.equals(RetentionTier.FULL.segment()))))
                .setCreatedAt(Instant.ofEpochMilli(clock.getCurrentProcessingTime()))
                .build();
        return PendingObject.referenced(chunk.tier, manifest);
    }

    @Override
    public void flush(boolean endOfInput) {
    }

    /** Waits until every staged part is uploaded, then hands over all chunks staged since the last checkpoint. */
    @Override
    public Collection<PendingObject> prepareCommit() throws IOException {
        List<PendingObject> committables = new ArrayList<>(staged.size() + referenced.size());
        for (StagedChunk chunk : staged) {
            List<UploadedPart> parts = new ArrayList<>(chunk.parts().size());
            for (CompletableFuture<UploadedPart> part : chunk.parts()) {
                parts.add(ObjectUploads.await(part, "upload part of " + chunk.manifest().getObjectKey()));
            }
            committables.add(PendingObject.staged(chunk.uploadId(), parts, chunk.tier(), chunk.manifest()));
        }
        committables.addAll(referenced);
        inFlight.clear();
        staged.clear();
        referenced.clear();
        return committables;
    }

    @Override
    public void close() {
        // Staged uploads of an interrupted attempt are never completed; the abandoned-uploads rule removes them.
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private record StagedChunk(String uploadId, List<CompletableFuture<UploadedPart>> parts, String tier,
                               TierManifest manifest) {
    }
}
