package io.fleetstream.flink.tiering;

import com.github.luben.zstd.Zstd;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import io.fleetstream.schemas.avro.PointcloudFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** PCD v0.7 files (x y z intensity floats, a ring of a lidar sweep) and the records the bridge makes of them. */
final class PcdFrames {

    static final List<PcdField> FIELDS = List.of(field("x"), field("y"), field("z"), field("intensity"));

    private PcdFrames() {
    }

    /** A binary PCD file of {@code points} points, different for each {@code seq}. */
    static byte[] pcd(int points, long seq) {
        return pcd(points, seq, "", points);
    }

    /**
     * @param extraHeader header lines inserted before DATA
     * @param declared    the POINTS (and WIDTH) the header claims
     */
    static byte[] pcd(int points, long seq, String extraHeader, int declared) {
        String header = "# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\nFIELDS x y z intensity\n"
                + "SIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH " + declared + "\nHEIGHT 1\n"
                + "VIEWPOINT 0 0 0 1 0 0 0\nPOINTS " + declared + "\n" + extraHeader + "DATA binary\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(head.length + points * 16).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(head);
        for (int i = 0; i < points; i++) {
            double azimuth = 2 * Math.PI * i / points;
            double range = 5 + Math.sin(azimuth * 3 + seq * 0.1) + (i % 7) * 0.01;
            buffer.putFloat((float) (range * Math.cos(azimuth)));
            buffer.putFloat((float) (range * Math.sin(azimuth)));
            buffer.putFloat((float) (0.9 - (i % 16) * 0.05));
            buffer.putFloat((float) ((i * 37 + seq) % 255));
        }
        return buffer.array();
    }

    static PointcloudFrame inline(String robot, String sensor, long seq, long eventTime, byte[] pcd, long points,
            PayloadCodec codec) {
        byte[] data = codec == PayloadCodec.ZSTD ? Zstd.compress(pcd) : pcd;
        return builder(robot, sensor, seq, eventTime, points)
                .setPayload(new InlinePayload(codec, ByteBuffer.wrap(data), (long) pcd.length)).build();
    }

    static PointcloudFrame referenced(String robot, String sensor, long seq, long eventTime, long points,
            ObjectStoreReference reference) {
        return builder(robot, sensor, seq, eventTime, points).setPayload(reference).build();
    }

    static String frameId(String sensor, long seq) {
        return sensor + "-" + seq;
    }

    private static PointcloudFrame.Builder builder(String robot, String sensor, long seq, long eventTime,
            long points) {
        return PointcloudFrame.newBuilder()
                .setFrameId(frameId(sensor, seq)).setRobotId(robot).setSite("site-a").setSensor(sensor)
                .setEventTime(Instant.ofEpochMilli(eventTime)).setSeq(seq).setPointCount(points)
                .setWidth((int) points).setHeight(1).setFields(FIELDS).setDataEncoding(PcdDataEncoding.BINARY)
                .setIngestTime(Instant.ofEpochMilli(eventTime + 20));
    }

    private static PcdField field(String name) {
        return new PcdField(name, PcdFieldType.FLOAT, 4, 1);
    }
}
