package io.fleetstream.benchmarks.latency;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.traces.Span;
import org.apache.flink.traces.reporter.TraceReporter;
import org.apache.flink.traces.reporter.TraceReporterFactory;

/**
 * What the benchmark reads from inside an embedded job: Flink's metrics (counters and gauges by operator) and its
 * checkpoint traces (one span per checkpoint, start to completion), collected by a metric and a trace reporter that
 * Flink instantiates in the job's MiniCluster. Each job gets its own probe, named in the reporter configuration.
 */
public final class JobProbe {

    private static final Map<String, JobProbe> PROBES = new ConcurrentHashMap<>();
    private static final String REPORTER = "latency-probe";
    private static final String PROBE_KEY = "probe";

    /** Metrics by the identifier of their group (operator or task instance), then by name. */
    private final Map<String, Map<String, Metric>> metrics = new ConcurrentHashMap<>();
    private final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();

    /** A completed checkpoint: when it was triggered and how long it took until the job manager completed it. */
    public record Checkpoint(long startMillis, long durationMillis) {
    }

    public static JobProbe named(String name) {
        return PROBES.computeIfAbsent(name, n -> new JobProbe());
    }

    /** Adds the reporters that feed the probe {@code name} to a job's configuration. */
    public static void install(Configuration conf, String name) {
        conf.setString("metrics.reporter." + REPORTER + ".factory.class", Factory.class.getName());
        conf.setString("metrics.reporter." + REPORTER + "." + PROBE_KEY, name);
        conf.setString("traces.reporter." + REPORTER + ".factory.class", Factory.class.getName());
        conf.setString("traces.reporter." + REPORTER + "." + PROBE_KEY, name);
    }

    /** Completed checkpoints triggered within [from, until). */
    public List<Checkpoint> checkpoints(long from, long until) {
        return checkpoints.stream().filter(c -> c.startMillis >= from && c.startMillis < until).toList();
    }

    /**
     * The sum of the numeric metric {@code name} (counter count or gauge value) over the groups that also have a
     * metric {@code sibling} (e.g. only the InfluxDB writers' {@code numRecordsSend}, not the Kafka sinks').
     */
    public double sum(String name, String sibling) {
        double sum = 0;
        for (Map<String, Metric> group : metrics.values()) {
            Metric metric = group.get(name);
            if (metric != null && group.containsKey(sibling)) {
                sum += value(metric);
            }
        }
        return sum;
    }

    private static double value(Metric metric) {
        if (metric instanceof Counter c) {
            return c.getCount();
        }
        if (metric instanceof Gauge<?> g && g.getValue() instanceof Number n) {
            return n.doubleValue();
        }
        return 0;
    }

    /** Instantiated by Flink (by class name) as both a metric and a trace reporter. */
    public static final class Factory implements MetricReporterFactory, TraceReporterFactory {

        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            JobProbe probe = named(properties.getProperty(PROBE_KEY));
            return new MetricReporter() {
                @Override
                public void open(MetricConfig config) {
                }

                @Override
                public void close() {
                }

                @Override
                public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                    probe.metrics.computeIfAbsent(group.getMetricIdentifier(""), g -> new ConcurrentHashMap<>())
                            .put(name, metric);
                }

                @Override
                public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
                    Map<String, Metric> byName = probe.metrics.get(group.getMetricIdentifier(""));
                    if (byName != null) {
                        byName.remove(name, metric);
                    }
                }
            };
        }

        @Override
        public TraceReporter createTraceReporter(Properties properties) {
            JobProbe probe = named(properties.getProperty(PROBE_KEY));
            return new TraceReporter() {
                @Override
                public void open(MetricConfig config) {
                }

                @Override
                public void close() {
                }

                @Override
                public void notifyOfAddedSpan(Span span) {
                    if ("Checkpoint".equals(span.getName())
                            && "COMPLETED".equals(String.valueOf(span.getAttributes().get("checkpointStatus")))) {
                        probe.checkpoints.add(new Checkpoint(span.getStartTsMillis(),
                                span.getEndTsMillis() - span.getStartTsMillis()));
                    }
                }
            };
        }
    }
}
