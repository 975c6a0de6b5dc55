package io.fleetstream.flink.influx;

import io.fleetstream.flink.common.MetricSample;

/**
 * Min, mean, max, last and count of one metric of one robot over a time window: the accumulator of
 * {@link SummarizeMetrics} and, stamped with its window start, a downsampled point. A Flink POJO.
 */
public class MetricSummary {

    public String robotId;
    public String site;
    public String metric;
    public long windowStart;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double sum;
    public long count;
    public double last;
    public long lastTime = Long.MIN_VALUE;

    public MetricSummary() {
    }

    void add(MetricSample sample) {
        robotId = sample.robotId;
        site = sample.site;
        metric = sample.metric;
        min = Math.min(min, sample.value);
        max = Math.max(max, sample.value);
        sum += sample.value;
        count++;
        // The latest event time wins, whatever the arrival order; equal times keep the later arrival.
        if (sample.eventTime >= lastTime) {
            last = sample.value;
            lastTime = sample.eventTime;
        }
    }

    void merge(MetricSummary other) {
        if (other.count == 0) {
            return;
        }
        robotId = other.robotId;
        site = other.site;
        metric = other.metric;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        count += other.count;
        if (other.lastTime >= lastTime) {
            last = other.last;
            lastTime = other.lastTime;
        }
    }

    public double mean() {
        return sum / count;
    }
}
