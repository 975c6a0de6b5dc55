package io.fleetstream.connectors.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** PCD v0.7 files for tests: x y z intensity float fields, unorganised. */
final class Pcd {

    private Pcd() {
    }

    static String header(long points, String data) {
        return String.format(Locale.ROOT, """
                # .PCD v0.7 - Point Cloud Data file format
                VERSION 0.7
                FIELDS x y z intensity
                SIZE 4 4 4 4
                TYPE F F F F
                COUNT 1 1 1 1
                WIDTH %d
                HEIGHT 1
                VIEWPOINT 0 0 0 1 0 0 0
                POINTS %d
                DATA %s
                """, points, points, data);
    }

    static byte[] binary(int points) {
        return binaryWithBody(header(points, "binary"), points);
    }

    /** A binary file whose data section holds {@code actualPoints}, whatever the header declares. */
    static byte[] binaryWithBody(String header, int actualPoints) {
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(head.length + actualPoints * 16).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(head);
        for (int i = 0; i < actualPoints; i++) {
            buffer.putFloat(i * 0.01f).putFloat(-i * 0.02f).putFloat(0.5f).putFloat(i % 255);
        }
        return buffer.array();
    }

    static byte[] ascii(int points) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(points, "ascii").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < points; i++) {
            out.writeBytes(String.format(Locale.ROOT, "%.3f %.3f 0.5 %d%n", i * 0.01, -i * 0.02, i % 255)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
