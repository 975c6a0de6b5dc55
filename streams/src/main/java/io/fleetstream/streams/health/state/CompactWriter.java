package io.fleetstream.streams.health.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the compact binary form of the app's internal state: zig-zag varints for counters and timestamps, which
 * keeps a robot's changelog record small (state size is what bounds how many robots one instance can hold).
 */
public final class CompactWriter {

    private byte[] buffer = new byte[128];
    private int size;

    public CompactWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public CompactWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    /** Zig-zag varint: small magnitudes of either sign take one byte. */
    public CompactWriter writeLong(long value) {
        long v = (value << 1) ^ (value >> 63);
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
        return this;
    }

    public CompactWriter writeInt(int value) {
        return writeLong(value);
    }

    public CompactWriter writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (bits >>> (8 * i));
        }
        return this;
    }

    /** A nullable string: length + 1 (0 for null), then UTF-8 bytes. */
    public CompactWriter writeString(String value) {
        if (value == null) {
            return writeLong(0);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLong(bytes.length + 1L);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
