package io.fleetstream.flink.influx;

import io.fleetstream.flink.common.MetricSample;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Incrementally summarizes the samples of one series in one window; keeps one small accumulator per window. */
public final class SummarizeMetrics implements AggregateFunction<MetricSample, MetricSummary, MetricSummary> {

    private static final long serialVersionUID = 1L;

    @Override
    public MetricSummary createAccumulator() {
        return new MetricSummary();
    }

    @Override
    public MetricSummary add(MetricSample sample, MetricSummary summary) {
        summary.add(sample);
        return summary;
    }

    @Override
    public MetricSummary getResult(MetricSummary summary) {
        return summary;
    }

    @Override
    public MetricSummary merge(MetricSummary a, MetricSummary b) {
        a.merge(b);
        return a;
    }

    /** Stamps a window's summary with the window's start, the timestamp of the downsampled point. */
    public static final class StampWindowStart
            extends ProcessWindowFunction<MetricSummary, MetricSummary, String, TimeWindow> {

        private static final long serialVersionUID = 1L;

        @Override
        public void process(String series, Context context, Iterable<MetricSummary> summaries,
                Collector<MetricSummary> out) {
            for (MetricSummary summary : summaries) {
                summary.windowStart = context.window().getStart();
                out.collect(summary);
            }
        }
    }
}
