package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated PCD v0.7 point cloud file (Point Cloud Library format): the header is parsed and the data section
 * is checked to hold exactly the declared number of points, so consumers never receive a truncated frame.
 *
 * <p>Accepted: {@code DATA ascii} (one point per line, whitespace-separated values), {@code DATA binary}
 * (points packed back to back, {@code POINTS x point size} bytes) and {@code DATA binary_compressed} (whose
 * 8-byte size prefix must be consistent with the declared points; the LZF body itself is not decompressed).
 */
public final class PcdFile {

    /** A header longer than this is treated as garbage rather than scanned to the end of a large payload. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final Set<String> VERSIONS = Set.of("0.7", ".7");
    private static final List<String> REQUIRED = List.of("VERSION", "FIELDS", "SIZE", "TYPE", "WIDTH", "HEIGHT",
            "POINTS", "DATA");
    private static final Set<String> KNOWN = Set.of("VERSION", "FIELDS", "SIZE", "TYPE", "COUNT", "WIDTH", "HEIGHT",
            "VIEWPOINT", "POINTS", "DATA");

    private final List<PcdField> fields;
    private final int width;
    private final int height;
    private final long points;
    private final PcdDataEncoding encoding;

    private PcdFile(List<PcdField> fields, int width, int height, long points, PcdDataEncoding encoding) {
        this.fields = List.copyOf(fields);
        this.width = width;
        this.height = height;
        this.points = points;
        this.encoding = encoding;
    }

    public static PcdFile parse(byte[] bytes) throws RejectedInputException {
        if (bytes.length == 0) {
            throw new RejectedInputException(RejectReason.EMPTY_PAYLOAD, "empty pointcloud payload");
        }
        Map<String, String[]> entries = new HashMap<>();
        int offset = 0;
        while (!entries.containsKey("DATA")) {
            int end = lineEnd(bytes, offset);
            String line = new String(bytes, offset, end - offset, StandardCharsets.US_ASCII).strip();
            offset = Math.min(end + 1, bytes.length);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tokens = line.split("\\s+");
            String key = tokens[0].toUpperCase(Locale.ROOT);
            if (!KNOWN.contains(key)) {
                throw invalid("unknown header entry '" + abbreviate(line) + "'");
            }
            if (entries.put(key, Arrays.copyOfRange(tokens, 1, tokens.length)) != null) {
                throw invalid("duplicate header entry " + key);
            }
        }
        for (String key : REQUIRED) {
            if (!entries.containsKey(key)) {
                throw invalid("header entry " + key + " is missing");
            }
        }
        PcdFile file = fromHeader(entries);
        file.checkData(bytes, offset);
        return file;
    }

    private static int lineEnd(byte[] bytes, int offset) throws RejectedInputException {
        for (int i = offset; i < bytes.length; i++) {
            if (i >= MAX_HEADER_BYTES) {
                throw invalid("no DATA entry within the first " + MAX_HEADER_BYTES + " bytes");
            }
            byte b = bytes[i];
            if (b == '\n') {
                return i;
            }
            if (b == 0 || b < 0) {
                throw invalid("binary content in header at byte " + i);
            }
        }
        if (offset >= bytes.length) {
            throw invalid("header ends without a DATA entry");
        }
        return bytes.length;
    }

    private static PcdFile fromHeader(Map<String, String[]> entries) throws RejectedInputException {
        String[] version = entries.get("VERSION");
        if (version.length != 1 || !VERSIONS.contains(version[0])) {
            throw invalid("unsupported VERSION " + String.join(" ", version) + " (expected 0.7)");
        }
        String[] names = entries.get("FIELDS");
        String[] sizes = entries.get("SIZE");
        String[] types = entries.get("TYPE");
        String[] counts = entries.getOrDefault("COUNT", null);
        if (names.length == 0) {
            throw invalid("FIELDS is empty");
        }
        if (sizes.length != names.length || types.length != names.length
                || (counts != null && counts.length != names.length)) {
            throw invalid("FIELDS, SIZE, TYPE and COUNT must list the same number of entries");
        }
        List<PcdField> fields = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            int size = positiveInt("SIZE", sizes[i]);
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw invalid("SIZE of field " + names[i] + " must be 1, 2, 4 or 8: " + size);
            }
            PcdFieldType type = fieldType(names[i], types[i], size);
            int count = counts == null ? 1 : positiveInt("COUNT", counts[i]);
            fields.add(new PcdField(names[i], type, size, count));
        }
        int width = positiveInt("WIDTH", single(entries, "WIDTH"));
        int height = positiveInt("HEIGHT", single(entries, "HEIGHT"));
        long points = nonNegativeLong("POINTS", single(entries, "POINTS"));
        if ((long) width * height != points) {
            throw invalid("WIDTH x HEIGHT = " + (long) width * height + " but POINTS = " + points);
        }
        if (entries.containsKey("VIEWPOINT")) {
            String[] viewpoint = entries.get("VIEWPOINT");
            if (viewpoint.length != 7) {
                throw invalid("VIEWPOINT needs 7 numbers, got " + viewpoint.length);
            }
            for (String v : viewpoint) {
                number("VIEWPOINT", v);
            }
        }
        return new PcdFile(fields, width, height, points, encoding(single(entries, "DATA")));
    }

    private void checkData(byte[] bytes, int dataOffset) throws RejectedInputException {
        int available = bytes.length - dataOffset;
        switch (encoding) {
            case BINARY -> {
                long expected = points * pointSize();
                if (available != expected) {
                    throw mismatch("binary data holds " + available + " bytes, " + points + " points of "
                            + pointSize() + " bytes need " + expected);
                }
            }
            case BINARY_COMPRESSED -> {
                if (available < 8) {
                    throw mismatch("binary_compressed data lacks its 8-byte size prefix");
                }
                ByteBuffer prefix = ByteBuffer.wrap(bytes, dataOffset, 8).order(ByteOrder.LITTLE_ENDIAN);
                long compressed = Integer.toUnsignedLong(prefix.getInt());
                long uncompressed = Integer.toUnsignedLong(prefix.getInt());
                if (uncompressed != points * pointSize()) {
                    throw mismatch("binary_compressed declares " + uncompressed + " uncompressed bytes, " + points
                            + " points need " + points * pointSize());
                }
                if (compressed != available - 8) {
                    throw mismatch("binary_compressed declares " + compressed + " compressed bytes, "
                            + (available - 8) + " present");
                }
            }
            case ASCII -> checkAsciiData(bytes, dataOffset);
            default -> throw new IllegalStateException(String.valueOf(encoding));
        }
    }

    private void checkAsciiData(byte[] bytes, int dataOffset) throws RejectedInputException {
        int valuesPerPoint = fields.stream().mapToInt(PcdField::getCount).sum();
        String data = new String(bytes, dataOffset, bytes.length - dataOffset, StandardCharsets.US_ASCII);
        long lines = 0;
        for (String line : data.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            lines++;
            String[] values = trimmed.split("\\s+");
            if (values.length != valuesPerPoint) {
                throw mismatch("ascii point " + lines + " has " + values.length + " values, expected "
                        + valuesPerPoint);
            }
            for (String value : values) {
                if (!value.equalsIgnoreCase("nan")) {
                    number("ascii data", value);
                }
            }
        }
        if (lines != points) {
            throw mismatch("ascii data holds " + lines + " points, header declares " + points);
        }
    }

    public List<PcdField> fields() {
        return fields;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long points() {
        return points;
    }

    public PcdDataEncoding encoding() {
        return encoding;
    }

    /** Bytes of one point in the binary encodings. */
    public long pointSize() {
        return fields.stream().mapToLong(f -> (long) f.getSize() * f.getCount()).sum();
    }

    private static PcdFieldType fieldType(String name, String type, int size) throws RejectedInputException {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "I" -> PcdFieldType.SIGNED_INT;
            case "U" -> PcdFieldType.UNSIGNED_INT;
            case "F" -> {
                if (size != 4 && size != 8) {
                    throw invalid("float field " + name + " must have SIZE 4 or 8: " + size);
                }
                yield PcdFieldType.FLOAT;
            }
            default -> throw invalid("TYPE of field " + name + " must be I, U or F: " + type);
        };
    }

    private static PcdDataEncoding encoding(String value) throws RejectedInputException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "ascii" -> PcdDataEncoding.ASCII;
            case "binary" -> PcdDataEncoding.BINARY;
            case "binary_compressed" -> PcdDataEncoding.BINARY_COMPRESSED;
            default -> throw invalid("unknown DATA encoding " + value);
        };
    }

    private static String single(Map<String, String[]> entries, String key) throws RejectedInputException {
        String[] values = entries.get(key);
        if (values.length != 1) {
            throw invalid(key + " needs exactly one value, got " + values.length);
        }
        return values[0];
    }

    private static int positiveInt(String key, String value) throws RejectedInputException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw invalid(key + " must be positive: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(key + " is not an integer: " + abbreviate(value));
        }
    }

    private static long nonNegativeLong(String key, String value) throws RejectedInputException {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw invalid(key + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(key + " is not an integer: " + abbreviate(value));
        }
    }

    private static void number(String where, String value) throws RejectedInputException {
        try {
            Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(where + " value is not a number: " + abbreviate(value));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static RejectedInputException invalid(String detail) {
        return new RejectedInputException(RejectReason.INVALID_PCD, detail);
    }

    private static RejectedInputException mismatch(String detail) {
        return new RejectedInputException(RejectReason.POINT_COUNT_MISMATCH, detail);
    }
}
