package io.fleetstream.streams.health.state;

import java.util.Arrays;

/**
 * Counts of one robot's messages over a sliding event-time window, kept as a ring of fixed-width buckets so the
 * state stays small and constant per robot however many messages arrive. The window ends at the robot's newest
 * event time and slides one bucket at a time; an event older than the window's first bucket is late and not
 * counted. Out-of-order events inside the window land in their own bucket.
 */
public final class RateWindow {

    /** What a bucket counts. */
    public enum Counter { TELEMETRY, WARN_LOGS, ERROR_LOGS }

    private static final long NO_BUCKET = Long.MIN_VALUE;
    private static final Counter[] COUNTERS = Counter.values();

    private final long bucketMillis;
    private final int buckets;
    private final long[] slotBucket;
    private final int[][] counts;
    private long newestBucket = NO_BUCKET;

    public RateWindow(long bucketMillis, int buckets) {
        this.bucketMillis = bucketMillis;
        this.buckets = buckets;
        this.slotBucket = new long[buckets];
        this.counts = new int[COUNTERS.length][buckets];
        Arrays.fill(slotBucket, NO_BUCKET);
    }

    /**
     * Moves the window's end forward to {@code eventTime} if it is newer.
     *
     * @return false when the event is older than the window (late) and must not be counted
     */
    public boolean advance(long eventTime) {
        long bucket = Math.floorDiv(eventTime, bucketMillis);
        if (newestBucket != NO_BUCKET && bucket <= newestBucket - buckets) {
            return false;
        }
        newestBucket = Math.max(newestBucket, bucket);
        return true;
    }

    /** Counts an event that {@link #advance} accepted. */
    public void count(long eventTime, Counter counter) {
        long bucket = Math.floorDiv(eventTime, bucketMillis);
        int slot = (int) Math.floorMod(bucket, (long) buckets);
        if (slotBucket[slot] != bucket) {
            slotBucket[slot] = bucket;
            for (int[] perCounter : counts) {
                perCounter[slot] = 0;
            }
        }
        counts[counter.ordinal()][slot]++;
    }

    /** Events of {@code counter} inside the window. */
    public int total(Counter counter) {
        int total = 0;
        int[] perSlot = counts[counter.ordinal()];
        for (int slot = 0; slot < buckets; slot++) {
            if (isLive(slotBucket[slot])) {
                total += perSlot[slot];
            }
        }
        return total;
    }

    /** Event time where the window starts: the start of its oldest bucket; Long.MIN_VALUE before any event. */
    public long start() {
        return newestBucket == NO_BUCKET ? Long.MIN_VALUE : (newestBucket - buckets + 1) * bucketMillis;
    }

    public long windowMillis() {
        return bucketMillis * buckets;
    }

    private boolean isLive(long bucket) {
        return bucket != NO_BUCKET && bucket > newestBucket - buckets && bucket <= newestBucket;
    }

    void writeTo(CompactWriter out) {
        out.writeLong(bucketMillis).writeLong(newestBucket);
        int live = 0;
        for (int slot = 0; slot < buckets; slot++) {
            if (isLive(slotBucket[slot])) {
                live++;
            }
        }
        out.writeInt(live);
        for (int slot = 0; slot < buckets; slot++) {
            if (isLive(slotBucket[slot])) {
                out.writeLong(newestBucket - slotBucket[slot]);
                for (int[] perCounter : counts) {
                    out.writeInt(perCounter[slot]);
                }
            }
        }
    }

    /**
     * Restores a window written by {@link #writeTo}. Buckets written with another bucket width cannot be mapped
     * onto this one and are dropped (the rates restart); a changed bucket count keeps what still fits.
     */
    void readFrom(CompactReader in) {
        long writtenBucketMillis = in.readLong();
        long writtenNewest = in.readLong();
        int live = in.readInt();
        boolean compatible = writtenBucketMillis == bucketMillis;
        if (compatible) {
            newestBucket = writtenNewest;
        }
        for (int i = 0; i < live; i++) {
            long age = in.readLong();
            int[] values = new int[COUNTERS.length];
            for (int c = 0; c < values.length; c++) {
                values[c] = in.readInt();
            }
            if (compatible && age < buckets) {
                long bucket = writtenNewest - age;
                int slot = (int) Math.floorMod(bucket, (long) buckets);
                slotBucket[slot] = bucket;
                for (int c = 0; c < values.length; c++) {
                    counts[c][slot] = values[c];
                }
            }
        }
    }
}
