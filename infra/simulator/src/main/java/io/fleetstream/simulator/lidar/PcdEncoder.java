package io.fleetstream.simulator.lidar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Encodes a {@link LidarFrame} as a PCD v0.7 file with {@code DATA binary}: fields x y z intensity as little-endian
 * 32-bit floats, an unorganised cloud (HEIGHT 1), and the sensor pose as VIEWPOINT (translation, then the yaw
 * quaternion w x y z), so consumers can place the sensor-frame points in the site frame.
 */
public final class PcdEncoder {

    private PcdEncoder() {
    }

    public static byte[] encode(LidarFrame frame) {
        int n = frame.pointCount();
        double half = frame.yaw() / 2;
        String header = String.format(Locale.ROOT, """
                # .PCD v0.7 - Point Cloud Data file format
                VERSION 0.7
                FIELDS x y z intensity
                SIZE 4 4 4 4
                TYPE F F F F
                COUNT 1 1 1 1
                WIDTH %d
                HEIGHT 1
                VIEWPOINT %.3f %.3f %.3f %.6f 0 0 %.6f
                POINTS %d
                DATA binary
                """, n, frame.sensorX(), frame.sensorY(), frame.sensorZ(),
                StrictMath.cos(half), StrictMath.sin(half), n);
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(headerBytes.length + n * LidarFrame.FIELDS * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(headerBytes);
        buffer.asFloatBuffer().put(frame.points(), 0, n * LidarFrame.FIELDS);
        return buffer.array();
    }
}
