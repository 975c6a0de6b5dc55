package io.fleetstream.flink.tiering;

import com.github.luben.zstd.ZstdOutputStream;
import io.fleetstream.connectors.retrieval.LogLines;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.fleetstream.flink.tiering.PendingObject.UploadedPart;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * One log file being written: a multipart upload whose full parts are already uploaded, plus the compressed tail
 * not yet big enough for a part. Records are zstd-compressed as they come. At a checkpoint the current zstd frame
 * is closed, so the bytes so far are a complete zstd stream and the state ({@link LogFileState}) needs no
 * compressor internals; after a restore compression continues in a new frame (concatenated frames decode as one
 * stream). The SHA-256 of the object is computed incrementally and its intermediate state checkpointed too.
 */
final class OpenLogFile {

    static final String CODEC = "jsonl+zstd";
    private static final int ZSTD_LEVEL = 3;

    private final String bucket;
    private final String key;
    private final String site;
    private final String robot;
    private final String uploadId;
    private final int partSize;
    private final List<UploadedPart> parts = new ArrayList<>();
    private final List<CompletableFuture<UploadedPart>> inFlight = new ArrayList<>();
    private final SHA256Digest digest;
    private byte[] tail;
    private int tailLength;
    private ZstdOutputStream compressor;
    private long records;
    private long startTime;
    private long endTime;
    private long storedBytes;
    private final long openedAt;
    private long lastWriteAt;

    private OpenLogFile(String bucket, String key, String site, String robot, String uploadId, int partSize,
            SHA256Digest digest, long openedAt) {
        this.bucket = bucket;
        this.key = key;
        this.site = site;
        this.robot = robot;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.digest = digest;
        this.tail = new byte[Math.min(partSize, 64 * 1024)];
        this.openedAt = openedAt;
        this.lastWriteAt = openedAt;
    }

    static OpenLogFile open(String bucket, String key, String site, String robot, String uploadId, int partSize,
            long now) {
        OpenLogFile file = new OpenLogFile(bucket, key, site, robot, uploadId, partSize, new SHA256Digest(), now);
        file.startTime = Long.MAX_VALUE;
        file.endTime = Long.MIN_VALUE;
        return file;
    }

    /** A file restored from a checkpoint; compression continues in a new zstd frame. */
    static OpenLogFile restore(LogFileState state, int partSize, long now) {
        OpenLogFile file = new OpenLogFile(state.bucket(), state.key(), state.site(), state.robot(),
                state.uploadId(), partSize, new SHA256Digest(state.digestState()), now);
        file.parts.addAll(state.parts());
        file.tail = new byte[Math.max(state.tail().length, Math.min(partSize, 64 * 1024))];
        System.arraycopy(state.tail(), 0, file.tail, 0, state.tail().length);
        file.tailLength = state.tail().length;
        file.records = state.records();
        file.startTime = state.startTime();
        file.endTime = state.endTime();
        file.storedBytes = state.storedBytes();
        return file;
    }

    void write(LogRecord record, ObjectUploads uploads, long now) throws IOException {
        if (compressor == null) {
            compressor = new ZstdOutputStream(new TailSink(uploads), ZSTD_LEVEL);
            compressor.setCloseFrameOnFlush(true);
        }
        LogLines.write(record, compressor);
        long t = record.getEventTime().toEpochMilli();
        startTime = Math.min(startTime, t);
        endTime = Math.max(endTime, t);
        records++;
        lastWriteAt = now;
    }

    /** Ends the current zstd frame and waits for the parts in flight: the state is then a consistent cut. */
    LogFileState snapshot() throws IOException {
        if (compressor != null) {
            compressor.flush();
        }
        awaitParts();
        byte[] tailCopy = new byte[tailLength];
        System.arraycopy(tail, 0, tailCopy, 0, tailLength);
        return new LogFileState(bucket, key, site, robot, uploadId, List.copyOf(parts), tailCopy,
                digest.getEncodedState(), records, startTime, endTime, storedBytes);
    }

    /** Ends compression, uploads the tail as the last part and describes the finished object. */
    PendingObject finish(ObjectUploads uploads, Instant now) throws IOException {
        if (compressor != null) {
            compressor.close();
            compressor = null;
        }
        if (tailLength > 0 || parts.isEmpty() && inFlight.isEmpty()) {
            uploadTail(uploads);
        }
        awaitParts();
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        TierManifest manifest = TierManifest.newBuilder()
                .setBucket(bucket).setObjectKey(key).setRobotId(robot).setSite(site).setKind(TierKind.LOGS)
                .setSensor(null)
                .setStartTime(Instant.ofEpochMilli(startTime)).setEndTime(Instant.ofEpochMilli(endTime))
                .setRecordCount(records).setByteSize(storedBytes).setCodec(CODEC)
                .setSha256(HexFormat.of().formatHex(hash)).setFrames(List.of()).setCreatedAt(now)
                .build();
        return PendingObject.staged(uploadId, parts, ManifestIndex.LOGS_TIER, manifest);
    }

    boolean isEmpty() {
        return records == 0;
    }

    long storedBytes() {
        return storedBytes;
    }

    long openedAt() {
        return openedAt;
    }

    long lastWriteAt() {
        return lastWriteAt;
    }

    String key() {
        return key;
    }

    private void uploadTail(ObjectUploads uploads) {
        byte[] data = tail;
        int length = tailLength;
        inFlight.add(uploads.uploadPart(bucket, key, uploadId, parts.size() + inFlight.size() + 1, data, length));
        tail = new byte[Math.min(partSize, 64 * 1024)];
        tailLength = 0;
    }

    private void awaitParts() throws IOException {
        for (CompletableFuture<UploadedPart> part : inFlight) {
            parts.add(ObjectUploads.await(part, "upload part of " + key));
        }
        inFlight.clear();
    }

    /** Receives the compressor's output: hashes it, buffers it and hands full parts to the uploader. */
    private final class TailSink extends OutputStream {
        private final ObjectUploads uploads;

        TailSink(ObjectUploads uploads) {
            this.uploads = uploads;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            storedBytes += len;
            if (tailLength + len > tail.length) {
                byte[] bigger = new byte[Math.max(tail.length * 2, tailLength + len)];
                System.arraycopy(tail, 0, bigger, 0, tailLength);
                tail = bigger;
            }
            System.arraycopy(b, off, tail, tailLength, len);
            tailLength += len;
            if (tailLength >= partSize) {
                uploadTail(uploads);
            }
        }

        @Override
        public void close() {
            // The compressor closes its sink when the file finishes; the tail stays for the last part.
        }
    }
}
