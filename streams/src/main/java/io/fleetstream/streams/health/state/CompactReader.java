package io.fleetstream.streams.health.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link CompactWriter} wrote; truncated or malformed input is a {@link SerializationException}. */
public final class CompactReader {

    private final byte[] data;
    private int position;

    public CompactReader(byte[] data) {
        this.data = data;
    }

    public int readByte() {
        require(1);
        return data[position++];
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new SerializationException("varint longer than 10 bytes at offset " + position);
    }

    public int readInt() {
        long value = readLong();
        if (value != (int) value) {
            throw new SerializationException("int out of range: " + value);
        }
        return (int) value;
    }

    public double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (data[position++] & 0xFFL) << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        long lengthPlusOne = readLong();
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = Math.toIntExact(lengthPlusOne - 1);
        require(length);
        String value = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    private void require(int bytes) {
        if (bytes < 0 || position + bytes > data.length) {
            throw new SerializationException("truncated state record: need " + bytes + " bytes at offset "
                    + position + " of " + data.length);
        }
    }
}
