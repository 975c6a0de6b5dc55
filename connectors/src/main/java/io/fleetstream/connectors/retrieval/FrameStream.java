package io.fleetstream.connectors.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of point cloud retrieval ({@value #CONTENT_TYPE}): a sequence of records, each
 * <pre>
 *   u32 header length | header (UTF-8 JSON) | u64 data length | data
 * </pre>
 * all integers big-endian. A frame's header is {@code {"robotId","site","sensor","frameId","eventTime",
 * "fullResolution","tier","objectKey"}} and its data the original PCD file, byte for byte. The stream always ends
 * with a record without data whose header is {@code {"end":true,"frames":N}}, or {@code {"error":"..."}} when the
 * server failed midway (the HTTP status is already sent by then), so a client can tell a complete answer from a
 * truncated one. {@code python: struct.unpack(">I", ...)} reads it as easily as Java.
 */
public final class FrameStream {

    public static final String CONTENT_TYPE = "application/vnd.fleetstream.frames";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameStream() {
    }

    /** One frame as it appears on the wire. */
    public record Frame(String robotId, String site, String sensor, String frameId, long eventTime,
                        boolean fullResolution, String tier, String objectKey) {
    }

    /** Writes records to a stream; not thread-safe. */
    public static final class Writer {
        private final DataOutputStream out;
        private long frames;

        public Writer(OutputStream out) {
            this.out = new DataOutputStream(out);
        }

        public void frame(Frame frame, byte[] data) throws IOException {
            record(JSON.writeValueAsBytes(frame), data);
            frames++;
        }

        public void end() throws IOException {
            ObjectNode end = JSON.createObjectNode().put("end", true).put("frames", frames);
            record(JSON.writeValueAsBytes(end), new byte[0]);
            out.flush();
        }

        public void error(String message) throws IOException {
            record(JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)), new byte[0]);
            out.flush();
        }

        private void record(byte[] header, byte[] data) throws IOException {
            out.writeInt(header.length);
            out.write(header);
            out.writeLong(data.length);
            out.write(data);
        }
    }

    /** Reads records written by {@link Writer}. */
    public static final class Reader {
        private final DataInputStream in;
        private boolean ended;
        private long declaredFrames = -1;

        public Reader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /**
         * The next frame and its data, or null after the end record.
         *
         * @throws IOException when the stream ends without its end record, or reports a server error
         */
        public ReadFrame next() throws IOException {
            if (ended) {
                return null;
            }
            int headerLength;
            try {
                headerLength = in.readInt();
            } catch (EOFException e) {
                throw new IOException("frame stream truncated: no end record", e);
            }
            byte[] header = in.readNBytes(headerLength);
            long dataLength = in.readLong();
            if (header.length != headerLength || dataLength < 0 || dataLength > Integer.MAX_VALUE) {
                throw new IOException("corrupt frame stream record");
            }
            byte[] data = in.readNBytes((int) dataLength);
            if (data.length != dataLength) {
                throw new IOException("frame stream truncated inside a frame");
            }
            ObjectNode node = (ObjectNode) JSON.readTree(new String(header, StandardCharsets.UTF_8));
            if (node.has("error")) {
                throw new IOException("server failed while streaming: " + node.get("error").asText());
            }
            if (node.path("end").asBoolean(false)) {
                ended = true;
                declaredFrames = node.get("frames").asLong();
                return null;
            }
            return new ReadFrame(JSON.treeToValue(node, Frame.class), data);
        }

        /** Frames the server said it sent; -1 before the end record was read. */
        public long declaredFrames() {
            return declaredFrames;
        }
    }

    public record ReadFrame(Frame frame, byte[] data) {
    }
}
