package io.fleetstream.flink.tiering;

import io.fleetstream.flink.tiering.PendingObject.UploadedPart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The checkpointed state of an open log file: its multipart upload and uploaded parts, the compressed tail not yet
 * uploaded (a sequence of complete zstd frames), the SHA-256 state over everything so far, and the statistics of
 * its manifest.
 */
record LogFileState(String bucket, String key, String site, String robot, String uploadId, List<UploadedPart> parts,
                    byte[] tail, byte[] digestState, long records, long startTime, long endTime, long storedBytes) {

    static final class Serializer implements SimpleVersionedSerializer<LogFileState> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(LogFileState s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.tail().length + 512);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(s.bucket());
                out.writeUTF(s.key());
                out.writeUTF(s.site());
                out.writeUTF(s.robot());
                out.writeUTF(s.uploadId());
                UploadedPart.write(s.parts(), out);
                out.writeInt(s.tail().length);
                out.write(s.tail());
                out.writeInt(s.digestState().length);
                out.write(s.digestState());
                out.writeLong(s.records());
                out.writeLong(s.startTime());
                out.writeLong(s.endTime());
                out.writeLong(s.storedBytes());
            }
            return bytes.toByteArray();
        }

        @Override
        public LogFileState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown LogFileState serializer version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new LogFileState(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                        UploadedPart.read(in), in.readNBytes(in.readInt()), in.readNBytes(in.readInt()),
                        in.readLong(), in.readLong(), in.readLong(), in.readLong());
            }
        }
    }
}
