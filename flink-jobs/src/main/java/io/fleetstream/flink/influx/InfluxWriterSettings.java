package io.fleetstream.flink.influx;

import io.fleetstream.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Batching, buffering and retry behaviour of {@link InfluxDbSink}.
 *
 * @param batchSize         points per write request
 * @param flushInterval     longest time a partial batch waits before it is written
 * @param maxBufferedPoints points accepted but not yet written (in the open batch or in flight); when reached,
 *                          the writer blocks and back-pressure slows the job down
 * @param maxRetries        retries of a failed write before the job fails (and restarts from its checkpoint)
 */
public record InfluxWriterSettings(int batchSize, Duration flushInterval, int maxBufferedPoints, int maxRetries,
                                   Duration initialBackoff, Duration maxBackoff) implements Serializable {

    public InfluxWriterSettings {
        if (batchSize < 1 || maxBufferedPoints < batchSize) {
            throw new IllegalArgumentException("need batchSize >= 1 and maxBufferedPoints >= batchSize, got "
                    + batchSize + " and " + maxBufferedPoints);
        }
        if (maxRetries < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || flushInterval.isZero() || flushInterval.isNegative()) {
            throw new IllegalArgumentException("invalid retry or flush settings: " + maxRetries + ", "
                    + initialBackoff + ".." + maxBackoff + ", flush every " + flushInterval);
        }
    }

    public static InfluxWriterSettings from(Settings writer) {
        return new InfluxWriterSettings(writer.integer("batch-size"), writer.duration("flush-interval"),
                writer.integer("max-buffered-points"), writer.integer("max-retries"),
                writer.duration("initial-backoff"), writer.duration("max-backoff"));
    }
}
