package io.fleetstream.flink.anomaly.detector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything {@link AnomalyDetector} remembers about one series. A plain mutable value of fixed size (see
 * {@link #SERIALIZED_BYTES}) with a versioned binary encoding, meant to live in Flink keyed state; only the detector
 * changes it.
 */
public final class DetectorState {

    static final int FORMAT_VERSION = 2;
    /** Size of {@link #toBytes()}: the same for every series, whatever it has seen. */
    public static final int SERIALIZED_BYTES = 1 + 3 * Long.BYTES + 7 * Double.BYTES
            + 3 * AnomalyDetector.CHANNELS * Double.BYTES + AnomalyDetector.DAY_BINS * Float.BYTES
            + 3 * Integer.BYTES + Long.BYTES;

    long samples;
    /** Samples seen since the daily profile became trusted. */
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
    /** Mean value per time-of-day bin; NaN until the bin is first visited. */
    final float[] dayProfile = new float[AnomalyDetector.DAY_BINS];

    final double[] surpriseShort = new double[AnomalyDetector.CHANNELS];
    final double[] surpriseMean = new double[AnomalyDetector.CHANNELS];
    final double[] surpriseVar = new double[AnomalyDetector.CHANNELS];

    final float[] tailCounts = new float[AnomalyDetector.CHANNELS * AnomalyDetector.HBINS];
    final double[] tailTotals = new double[AnomalyDetector.CHANNELS];
    double tailIncrement = 1.0;
    double alarmPressure;
    double logC;
    final float[] recurring = new float[AnomalyDetector.FINE_BINS];
    int flatRun;
    int longestFlatRun;
    int sinceAlarm = Integer.MAX_VALUE;

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

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(samples);
        out.writeLong(seasonSamples);
        out.writeLong(firstTimeMillis);
        out.writeLong(lastTimeMillis);
        out.writeDouble(lastValue);
        out.writeDouble(fast);
        out.writeDouble(slow);
        out.writeDouble(slowScale);
        out.writeDouble(residualScale);
        out.writeDouble(shortResidualScale);
        out.writeDouble(seasonScale);
        for (float v : dayProfile) {
            out.writeFloat(v);
        }
        writeDoubles(out, surpriseShort);
        writeDoubles(out, surpriseMean);
        writeDoubles(out, surpriseVar);
        out.writeInt(flatRun);
        out.writeInt(longestFlatRun);
        out.writeInt(sinceAlarm);
    }

    public static DetectorState readFrom(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("Unsupported detector state format " + version + ", expected " + FORMAT_VERSION);
        }
        DetectorState s = new DetectorState();
        s.samples = in.readLong();
        s.seasonSamples = in.readLong();
        s.firstTimeMillis = in.readLong();
        s.lastTimeMillis = in.readLong();
        s.lastValue = in.readDouble();
        s.fast = in.readDouble();
        s.slow = in.readDouble();
        s.slowScale = in.readDouble();
        s.residualScale = in.readDouble();
        s.shortResidualScale = in.readDouble();
        s.seasonScale = in.readDouble();
        for (int i = 0; i < s.dayProfile.length; i++) {
            s.dayProfile[i] = in.readFloat();
        }
        readDoubles(in, s.surpriseShort);
        readDoubles(in, s.surpriseMean);
        readDoubles(in, s.surpriseVar);
        s.flatRun = in.readInt();
        s.longestFlatRun = in.readInt();
        s.sinceAlarm = in.readInt();
        return s;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(SERIALIZED_BYTES);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory write cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static DetectorState fromBytes(byte[] bytes) {
        try {
            return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalArgumentException("Corrupt detector state", e);
        }
    }

    private static void writeDoubles(DataOutput out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static void readDoubles(DataInput in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readDouble();
        }
    }
}
