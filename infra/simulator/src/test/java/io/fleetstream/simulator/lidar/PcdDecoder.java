package io.fleetstream.simulator.lidar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal independent reader of binary PCD v0.7 files, to check what the encoder writes. */
public final class PcdDecoder {

    public record Cloud(Map<String, String> header, int points, float[] data) {
    }

    private PcdDecoder() {
    }

    public static Cloud decode(byte[] pcd) {
        Map<String, String> header = new LinkedHashMap<>();
        int position = 0;
        while (!header.containsKey("DATA")) {
            int end = indexOf(pcd, (byte) '\n', position);
            String line = new String(pcd, position, end - position, StandardCharsets.US_ASCII);
            position = end + 1;
            if (!line.startsWith("#")) {
                int space = line.indexOf(' ');
                header.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        int points = Integer.parseInt(header.get("POINTS"));
        if (pcd.length - position != points * 16) {
            throw new IllegalArgumentException("binary section has " + (pcd.length - position) + " bytes, expected "
                    + points * 16);
        }
        float[] data = new float[points * 4];
        ByteBuffer.wrap(pcd, position, points * 16).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Cloud(header, points, data);
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("PCD header not terminated by a DATA line");
    }
}
