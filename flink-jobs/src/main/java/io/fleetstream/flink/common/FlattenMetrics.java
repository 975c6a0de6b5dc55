package io.fleetstream.flink.common;

import io.fleetstream.schemas.avro.TelemetrySample;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits a telemetry sample into one {@link MetricSample} per metric. Non-finite readings (NaN, infinities) carry
 * no measurement, cannot be stored in InfluxDB and would poison detector state, so they are left out. Each sample
 * carries the trace context of its record across the shuffle that follows ({@link RecordTraceContext}).
 */
public final class FlattenMetrics implements FlatMapFunction<TelemetrySample, MetricSample> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(TelemetrySample sample, Collector<MetricSample> out) {
        String traceParent = RecordTraceContext.current();
        for (Map.Entry<String, Double> metric : sample.getMetrics().entrySet()) {
            Double value = metric.getValue();
            if (value != null && Double.isFinite(value)) {
                MetricSample flat = new MetricSample(sample.getRobotId(), sample.getSite(), metric.getKey(),
                        sample.getEventTime().toEpochMilli(), value);
                flat.traceParent = traceParent;
                out.collect(flat);
            }
        }
    }
}
