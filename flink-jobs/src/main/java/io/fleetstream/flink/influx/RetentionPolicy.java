package io.fleetstream.flink.influx;

import java.io.Serializable;
import java.time.Duration;

/** A retention policy of the Fleetstream database; exactly one is the database's default. */
public record RetentionPolicy(String name, Duration duration, boolean isDefault) implements Serializable {

    /** Raw points; the default policy, so ad-hoc queries without a policy see them. */
    public static final String RAW = "raw";
    public static final String DOWNSAMPLED_10S = "ds_10s";
    public static final String DOWNSAMPLED_1M = "ds_1m";

    /** The duration in InfluxQL syntax, whole hours (the smallest unit InfluxDB accepts for retention is 1h). */
    String influxQlDuration() {
        long hours = duration.toHours();
        if (hours < 1 || !duration.equals(Duration.ofHours(hours))) {
            throw new IllegalArgumentException("Retention of " + name + " must be whole hours, at least 1h: "
                    + duration);
        }
        return hours + "h";
    }
}
