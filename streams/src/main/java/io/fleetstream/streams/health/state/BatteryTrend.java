package io.fleetstream.streams.health.state;

/**
 * Battery charge trend of one robot: a least-squares slope over readings from the last trend window. At most
 * {@code maxPoints} readings are kept, at least {@code window / maxPoints} apart, so the state stays bounded at
 * any telemetry rate while the fit still spans the whole window; the newest reading always takes part in the fit.
 */
public final class BatteryTrend {

    private final long windowMillis;
    private final long spacingMillis;
    private final long minSpanMillis;
    private final long[] times;
    private final double[] levels;
    private int size;

    public BatteryTrend(long windowMillis, int maxPoints, long minSpanMillis) {
        this.windowMillis = windowMillis;
        this.spacingMillis = windowMillis / maxPoints;
        this.minSpanMillis = minSpanMillis;
        this.times = new long[maxPoints];
        this.levels = new double[maxPoints];
    }

    /** Adds a reading newer than every reading added before. */
    public void add(long eventTime, double pct) {
        int expired = 0;
        while (expired < size && times[expired] < eventTime - windowMillis) {
            expired++;
        }
        drop(expired);
        if (size > 0 && eventTime - times[size - 1] < spacingMillis) {
            return;
        }
        if (size == times.length) {
            drop(1);
        }
        times[size] = eventTime;
        levels[size] = pct;
        size++;
    }

    /**
     * Slope in percentage points per minute through the kept readings and the newest one, or NaN while fewer
     * than three readings or less than the minimum span are available.
     */
    public double pctPerMinute(long newestTime, double newestPct) {
        boolean newestKept = size > 0 && times[size - 1] == newestTime;
        int n = size + (newestKept ? 0 : 1);
        if (n < 3 || size == 0 || newestTime - times[0] < minSpanMillis) {
            return Double.NaN;
        }
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < size; i++) {
            sumX += minutesSince(times[i]);
            sumY += levels[i];
        }
        if (!newestKept) {
            sumX += minutesSince(newestTime);
            sumY += newestPct;
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < size; i++) {
            double dx = minutesSince(times[i]) - meanX;
            covariance += dx * (levels[i] - meanY);
            variance += dx * dx;
        }
        if (!newestKept) {
            double dx = minutesSince(newestTime) - meanX;
            covariance += dx * (newestPct - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? Double.NaN : covariance / variance;
    }

    private double minutesSince(long time) {
        return (time - times[0]) / 60_000.0;
    }

    private void drop(int count) {
        if (count == 0) {
            return;
        }
        System.arraycopy(times, count, times, 0, size - count);
        System.arraycopy(levels, count, levels, 0, size - count);
        size -= count;
    }

    void writeTo(CompactWriter out) {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(i == 0 ? times[0] : times[i] - times[i - 1]).writeDouble(levels[i]);
        }
    }

    /** Restores readings written by {@link #writeTo}; if fewer points are configured now, the newest are kept. */
    void readFrom(CompactReader in) {
        int written = in.readInt();
        long time = 0;
        for (int i = 0; i < written; i++) {
            time = i == 0 ? in.readLong() : time + in.readLong();
            double pct = in.readDouble();
            if (size == times.length) {
                drop(1);
            }
            times[size] = time;
            levels[size] = pct;
            size++;
        }
    }
}
