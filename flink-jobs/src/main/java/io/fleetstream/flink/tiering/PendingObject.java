package io.fleetstream.flink.tiering;

import io.fleetstream.schemas.avro.TierManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The committable of the tiering sinks: an object whose bytes are staged as the parts of a multipart upload,
 * invisible until {@link MultipartCommitter} completes the upload when the checkpoint that covers it completes,
 * together with the manifest that is published once it is visible. An object without upload id is already stored
 * (a frame the bridge put in the store, referenced rather than copied): committing it only publishes its
 * manifest.
 */
public final class PendingObject {

    private final String bucket;
    private final String key;
    private final String uploadId;
    private final List<UploadedPart> parts;
    private final String tier;
    private final TierManifest manifest;

    private PendingObject(String bucket, String key, String uploadId, List<UploadedPart> parts, String tier,
            TierManifest manifest) {
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.parts = List.copyOf(parts);
        this.tier = tier;
        this.manifest = manifest;
    }

    public static PendingObject staged(String uploadId, List<UploadedPart> parts, String tier,
            TierManifest manifest) {
        return new PendingObject(manifest.getBucket(), manifest.getObjectKey(), uploadId, parts, tier, manifest);
    }

    public static PendingObject referenced(String tier, TierManifest manifest) {
        return new PendingObject(manifest.getBucket(), manifest.getObjectKey(), null, List.of(), tier, manifest);
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** Null when the object is already stored. */
    public String uploadId() {
        return uploadId;
    }

    public List<UploadedPart> parts() {
        return parts;
    }

    /** The index tier: {@code logs}, or the retention tier of the frames. */
    public String tier() {
        return tier;
    }

    public TierManifest manifest() {
        return manifest;
    }

    @Override
    public String toString() {
        return bucket + "/" + key + (uploadId == null ? " (referenced)" : " upload " + uploadId + " " + parts.size()
                + " parts");
    }

    /** A part of a multipart upload: its number and the ETag S3 returned for it. */
    public record UploadedPart(int number, String etag) {

        static void write(List<UploadedPart> parts, DataOutputStream out) throws IOException {
            out.writeInt(parts.size());
            for (UploadedPart part : parts) {
                out.writeInt(part.number());
                out.writeUTF(part.etag());
            }
        }

        static List<UploadedPart> read(DataInputStream in) throws IOException {
            int count = in.readInt();
            List<UploadedPart> parts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                parts.add(new UploadedPart(in.readInt(), in.readUTF()));
            }
            return parts;
        }
    }

    /** Version 1: bucket, key, upload id (empty when referenced), parts, tier, Avro single-object manifest. */
    public static final class Serializer implements SimpleVersionedSerializer<PendingObject> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PendingObject object) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(object.bucket);
                out.writeUTF(object.key);
                out.writeUTF(object.uploadId == null ? "" : object.uploadId);
                UploadedPart.write(object.parts, out);
                out.writeUTF(object.tier);
                ByteBuffer manifest = object.manifest.toByteBuffer();
                out.writeInt(manifest.remaining());
                out.write(manifest.array(), manifest.arrayOffset() + manifest.position(), manifest.remaining());
            }
            return bytes.toByteArray();
        }

        @Override
        public PendingObject deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown PendingObject serializer version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                String bucket = in.readUTF();
                String key = in.readUTF();
                String uploadId = in.readUTF();
                List<UploadedPart> parts = UploadedPart.read(in);
                String tier = in.readUTF();
                byte[] manifest = in.readNBytes(in.readInt());
                return new PendingObject(bucket, key, uploadId.isEmpty() ? null : uploadId, parts, tier,
                        TierManifest.fromByteBuffer(ByteBuffer.wrap(manifest)));
            }
        }
    }
}
