package io.fleetstream.streams.health.state;

/**
 * The configured dimensions of a robot's state: rate-window buckets and battery-trend readings. Part of the
 * serde because the stored arrays are sized by them.
 */
public record StateLayout(long bucketMillis, int buckets, long trendWindowMillis, int trendPoints,
        long trendMinSpanMillis) {
}
