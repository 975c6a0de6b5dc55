package io.fleetstream.flink.common;

import java.util.Objects;

/**
 * One metric of one telemetry sample: the unit the jobs key by (robot and metric), detect anomalies on and
 * downsample. A Flink POJO (public fields, no-arg constructor) so Flink serializes it without Kryo.
 */
public class MetricSample {

    public String robotId;
    public String site;
    public String metric;
    public long eventTime;
    public double value;
    /**
     * W3C trace context of the telemetry record this sample came from, null when tracing is off; transport
     * metadata, so not part of equality.
     */
    public String traceParent;

    public MetricSample() {
    }

    public MetricSample(String robotId, String site, String metric, long eventTime, double value) {
        this.robotId = robotId;
        this.site = site;
        this.metric = metric;
        this.eventTime = eventTime;
        this.value = value;
    }

    /** The key of the series this sample belongs to: robot and metric. */
    public String seriesKey() {
        return seriesKey(robotId, metric);
    }

    public static String seriesKey(String robotId, String metric) {
        return robotId + '/' + metric;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSample m && eventTime == m.eventTime
                && Double.compare(value, m.value) == 0 && Objects.equals(robotId, m.robotId)
                && Objects.equals(site, m.site) && Objects.equals(metric, m.metric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(robotId, site, metric, eventTime, value);
    }

    @Override
    public String toString() {
        return robotId + "@" + site + " " + metric + "=" + value + " t=" + eventTime;
    }
}
