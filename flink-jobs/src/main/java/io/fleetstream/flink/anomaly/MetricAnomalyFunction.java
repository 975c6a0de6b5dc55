package io.fleetstream.flink.anomaly;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.AnomalyResult;
import io.fleetstream.flink.anomaly.detector.DetectorState;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.flink.common.RecordTraceContext;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Scores every sample of one series (key: robot and metric, see {@link MetricSample#seriesKey()}) with the
 * streaming {@link AnomalyDetector}, whose per-series memory lives in keyed state, and emits an
 * {@link AnomalyEvent} for each score at or above the threshold. Every score also goes to the {@link #SCORES}
 * side output.
 *
 * <p>Samples are scored on arrival, in the order they arrive: the Kafka key of telemetry is the robot id, so the
 * samples of one series come from one partition in the order the robot published them, and scoring needs no
 * event-time buffer (whose wait for the watermark was most of an anomaly's latency). The detector's state records
 * the event time of the last sample it learned from, which decides what happens to the rest:
 * <ul>
 *   <li>the same event time again (an MQTT or producer redelivery) is a duplicate and is not scored a second
 *   time ({@code duplicateSamples});</li>
 *   <li>an older event time (a sample overtaken by a newer one, e.g. a robot resending a buffered backlog) is scored
 *   against the current state without updating it, so the series' memory stays in event-time order and a late
 *   spike is still reported ({@code lateSamples}).</li>
 * </ul>
 * A replay after a restore starts from the checkpointed state and offsets, so it scores exactly as the first run.
 */
public final class MetricAnomalyFunction extends KeyedProcessFunction<String, MetricSample, AnomalyEvent> {

    /** Every score, anomalous or not. */
    public static final OutputTag<MetricScore> SCORES =
            new OutputTag<>("scores", TypeInformation.of(MetricScore.class));

    /** Written to {@link AnomalyEvent#getDetector()}; bump the version when the detector's scoring changes. */
    public static final String DETECTOR_NAME = "fleetstream-adaptive/1";

    private static final long serialVersionUID = 1L;

    private final DetectorTuning tuning;
    private final double threshold;
    private final Duration seriesTtl;

    private transient AnomalyDetector detector;
    private transient ValueState<byte[]> detectorState;
    private transient Counter scored;
    private transient Counter anomalies;
    private transient Counter late;
    private transient Counter duplicates;

    /**
     * @param threshold score from which a sample is reported as an anomaly, in (0, 1]
     * @param seriesTtl how long the state of a series that receives no samples is kept (robots get retired)
     */
    public MetricAnomalyFunction(DetectorTuning tuning, double threshold, Duration seriesTtl) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        this.tuning = tuning;
        this.threshold = threshold;
        this.seriesTtl = seriesTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new AnomalyDetector(tuning.toConfig());
        ValueStateDescriptor<byte[]> stateDescriptor =
                new ValueStateDescriptor<>("detector-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        stateDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(seriesTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        detectorState = getRuntimeContext().getState(stateDescriptor);
        scored = getRuntimeContext().getMetricGroup().counter("samplesScored");
        anomalies = getRuntimeContext().getMetricGroup().counter("anomaliesEmitted");
        late = getRuntimeContext().getMetricGroup().counter("lateSamples");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateSamples");
    }

    @Override
    public void processElement(MetricSample sample, Context ctx, Collector<AnomalyEvent> out) throws Exception {
        byte[] stored = detectorState.value();
        DetectorState state = stored == null ? detector.newState() : DetectorState.fromBytes(stored);
        boolean inOrder = state.samples() == 0 || sample.eventTime > state.lastTimeMillis();
        if (!inOrder && sample.eventTime == state.lastTimeMillis()) {
            duplicates.inc();
            return;
        }
        AnomalyResult result = detector.update(state, sample.eventTime, sample.value);
        if (inOrder) {
            detectorState.update(state.toBytes());
        } else {
            late.inc();
        }
        scored.inc();
        String reason = describe(sample, result);
        ctx.output(SCORES, new MetricScore(sample.robotId, sample.site, sample.metric, sample.eventTime,
                sample.value, result.score(), reason));
        if (result.score() >= threshold) {
            anomalies.inc();
            AnomalyEvent event = AnomalyEvent.newBuilder()
                    .setRobotId(sample.robotId)
                    .setSite(sample.site)
                    .setMetric(sample.metric)
                    .setEventTime(Instant.ofEpochMilli(sample.eventTime))
                    .setValue(sample.value)
                    .setScore(result.score())
                    .setExpectedLow(finiteOrNull(result.expectedLow()))
                    .setExpectedHigh(finiteOrNull(result.expectedHigh()))
                    .setDetector(DETECTOR_NAME)
                    .setReason(reason)
                    .setDetectionTime(Instant.now())
                    .build();
            // the chained Kafka sink writes the sample's trace context into the event's headers
            try (Scope ignored = RecordTraceContext.resume(sample.traceParent)) {
                out.collect(event);
            }
        }
    }

    private static String describe(MetricSample sample, AnomalyResult result) {
        String kind = result.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (Double.isNaN(result.expectedLow())) {
            return String.format(Locale.ROOT, "%s: %s=%.6g", kind, sample.metric, sample.value);
        }
        return String.format(Locale.ROOT, "%s: %s=%.6g, expected %.6g..%.6g", kind, sample.metric, sample.value,
                result.expectedLow(), result.expectedHigh());
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
