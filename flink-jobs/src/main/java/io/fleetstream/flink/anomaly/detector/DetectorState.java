package io.fleetstream.flink.anomaly.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Everything {@link AnomalyDetector} remembers about one series. A plain mutable value of fixed size (see
 * {@link #SERIALIZED_BYTES}) with a versioned binary encoding, meant to live in Flink keyed state; only the detector
 * changes it.
 */
public final class DetectorState {

    static final int FORMAT_VERSION = 5;
    /** Size of {@link #toBytes()}: the same for every series, whatever it has seen. */
    public static final int SERIALIZED_BYTES = 1 + 4 * Long.BYTES + 11 * Double.BYTES
            + 3 * AnomalyDetector.CHANNELS * Double.BYTES + AnomalyDetector.DAY_BINS * Float.BYTES
            + AnomalyDetector.WEEK_BINS * Float.BYTES + (6 + AnomalyDetector.CHANNELS) * Integer.BYTES
            + RecentExtremes.SERIALIZED_BYTES + 2 * Double.BYTES;
    /**
     * Versions 4 (the detector before the sustained-drop rule) and 3 (before the recent extremes as well) are still
     * read, so a job upgraded from a savepoint keeps what its series learnt; what they lack starts empty. Each
     * version only appended fields to the one before.
     */
    static final int PREVIOUS_FORMAT_VERSION = 4;
    static final int PREVIOUS_SERIALIZED_BYTES = SERIALIZED_BYTES - 2 * Double.BYTES;
    static final int OLDEST_FORMAT_VERSION = 3;
    static final int OLDEST_SERIALIZED_BYTES = PREVIOUS_SERIALIZED_BYTES - RecentExtremes.SERIALIZED_BYTES
            - 2 * Integer.BYTES;

    long samples;
    /** Samples seen since the daily profile became trusted (the profile channel's own warm-up). */
    long seasonSamples;
    long firstTimeMillis;
    long lastTimeMillis;
    double lastValue;

    double fast;
    double slow;
    double slowScale;
    double residualScale;
    double shortResidualScale;
    double seasonScale;
    /** The ranges of values and of short-term levels covered so far (slowly relaxing towards the baseline). */
    double minValue;
    double maxValue;
    double minLevel;
    double maxLevel;
    /** Mean value per time-of-day bin; NaN until the bin is first visited. */
    final float[] dayProfile = new float[AnomalyDetector.DAY_BINS];
    /** Mean value per hour of the week; NaN until the bin is first visited. */
    final float[] weekProfile = new float[AnomalyDetector.WEEK_BINS];

    final double[] surpriseShort = new double[AnomalyDetector.CHANNELS];
    final double[] surpriseMean = new double[AnomalyDetector.CHANNELS];
    final double[] surpriseVar = new double[AnomalyDetector.CHANNELS];

    int flatRun;
    int longestFlatRun;
    int sinceAlarm = Integer.MAX_VALUE;
    /** Alarms raised after warm-up, in total and by the surprise channel that raised them (the alarm budgets). */
    int alarms;
    final int[] channelAlarms = new int[AnomalyDetector.CHANNELS];
    /** The recent-extremes detector beside the channels: its memory. */
    final RecentExtremes recent = new RecentExtremes();
    /** Alarms raised by the two rules beside the channels, recent extremes and sustained drops (their budget). */
    int sideAlarms;
    /** Samples since the detector as a whole (channels, rules, recent extremes or sustained drops) last alarmed. */
    int sinceOverallAlarm = Integer.MAX_VALUE;
    /** Average error below the time-of-day (or hour-of-week) profile in seasonal scales; negative when above it. */
    double profileDeficit;
    /** Average share of the profile's height above the covered range's floor that the values lacked. */
    double dormancy;

    public DetectorState() {
    }

    /** Samples seen so far, warm-up included. */
    public long samples() {
        return samples;
    }

    /** Event time of the last sample, 0 before the first. */
    public long lastTimeMillis() {
        return lastTimeMillis;
    }

    /** Writes exactly {@link #toBytes()}. */
    public void writeTo(DataOutput out) throws IOException {
        out.write(toBytes());
    }

    /** Reads what {@link #writeTo} wrote, or one of the two previous format versions; fails on any other. */
    public static DetectorState readFrom(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        byte[] bytes = new byte[serializedBytes(version)];
        bytes[0] = (byte) version;
        in.readFully(bytes, 1, bytes.length - 1);
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * The state in its versioned big-endian encoding (the layout {@link DataOutput} would produce). Encoded through a
     * {@link ByteBuffer} because Flink's RocksDB backend pays this on every record.
     */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(SERIALIZED_BYTES);
        out.put((byte) FORMAT_VERSION);
        out.putLong(samples);
        out.putLong(seasonSamples);
        out.putLong(firstTimeMillis);
        out.putLong(lastTimeMillis);
        out.putDouble(lastValue);
        out.putDouble(fast);
        out.putDouble(slow);
        out.putDouble(slowScale);
        out.putDouble(residualScale);
        out.putDouble(shortResidualScale);
        out.putDouble(seasonScale);
        out.putDouble(minValue);
        out.putDouble(maxValue);
        out.putDouble(minLevel);
        out.putDouble(maxLevel);
        putFloats(out, dayProfile);
        putFloats(out, weekProfile);
        putDoubles(out, surpriseShort);
        putDoubles(out, surpriseMean);
        putDoubles(out, surpriseVar);
        out.putInt(flatRun);
        out.putInt(longestFlatRun);
        out.putInt(sinceAlarm);
        out.putInt(alarms);
        for (int v : channelAlarms) {
            out.putInt(v);
        }
        recent.writeTo(out);
        out.putInt(sideAlarms);
        out.putInt(sinceOverallAlarm);
        out.putDouble(profileDeficit);
        out.putDouble(dormancy);
        return out.array();
    }

    /** Encoded size of a state of format {@code version}; that of the current format for an unknown version. */
    private static int serializedBytes(int version) {
        return version == OLDEST_FORMAT_VERSION ? OLDEST_SERIALIZED_BYTES
                : version == PREVIOUS_FORMAT_VERSION ? PREVIOUS_SERIALIZED_BYTES : SERIALIZED_BYTES;
    }

    public static DetectorState fromBytes(byte[] bytes) {
        if (bytes.length != SERIALIZED_BYTES && bytes.length != PREVIOUS_SERIALIZED_BYTES
                && bytes.length != OLDEST_SERIALIZED_BYTES) {
            throw new IllegalArgumentException("Corrupt detector state: " + bytes.length + " bytes, expected "
                    + SERIALIZED_BYTES);
        }
        try {
            return decode(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("Corrupt detector state", e);
        }
    }

    private static DetectorState decode(ByteBuffer in) throws IOException {
        int version = Byte.toUnsignedInt(in.get());
        if (version != FORMAT_VERSION && version != PREVIOUS_FORMAT_VERSION && version != OLDEST_FORMAT_VERSION
                || in.capacity() != serializedBytes(version)) {
            throw new IOException("Unsupported detector state format " + version + " of " + in.capacity()
                    + " bytes, expected " + FORMAT_VERSION + " (" + SERIALIZED_BYTES + " bytes), "
                    + PREVIOUS_FORMAT_VERSION + " (" + PREVIOUS_SERIALIZED_BYTES + " bytes) or "
                    + OLDEST_FORMAT_VERSION + " (" + OLDEST_SERIALIZED_BYTES + " bytes)");
        }
        DetectorState s = new DetectorState();
        s.samples = in.getLong();
        s.seasonSamples = in.getLong();
        s.firstTimeMillis = in.getLong();
        s.lastTimeMillis = in.getLong();
        s.lastValue = in.getDouble();
        s.fast = in.getDouble();
        s.slow = in.getDouble();
        s.slowScale = in.getDouble();
        s.residualScale = in.getDouble();
        s.shortResidualScale = in.getDouble();
        s.seasonScale = in.getDouble();
        s.minValue = in.getDouble();
        s.maxValue = in.getDouble();
        s.minLevel = in.getDouble();
        s.maxLevel = in.getDouble();
        getFloats(in, s.dayProfile);
        getFloats(in, s.weekProfile);
        getDoubles(in, s.surpriseShort);
        getDoubles(in, s.surpriseMean);
        getDoubles(in, s.surpriseVar);
        s.flatRun = in.getInt();
        s.longestFlatRun = in.getInt();
        s.sinceAlarm = in.getInt();
        s.alarms = in.getInt();
        for (int i = 0; i < s.channelAlarms.length; i++) {
            s.channelAlarms[i] = in.getInt();
        }
        if (version == OLDEST_FORMAT_VERSION) {
            s.sinceOverallAlarm = s.sinceAlarm;
            return s;
        }
        s.recent.readFrom(in);
        s.sideAlarms = in.getInt();
        s.sinceOverallAlarm = in.getInt();
        if (version == FORMAT_VERSION) {
            s.profileDeficit = in.getDouble();
            s.dormancy = in.getDouble();
        }
        return s;
    }

    private static void putFloats(ByteBuffer out, float[] values) {
        for (float v : values) {
            out.putFloat(v);
        }
    }

    private static void getFloats(ByteBuffer in, float[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.getFloat();
        }
    }

    private static void putDoubles(ByteBuffer out, double[] values) {
        for (double v : values) {
            out.putDouble(v);
        }
    }

    private static void getDoubles(ByteBuffer in, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.getDouble();
        }
    }
}
