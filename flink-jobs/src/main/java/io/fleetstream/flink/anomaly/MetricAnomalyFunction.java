package io.fleetstream.flink.anomaly;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.AnomalyResult;
import io.fleetstream.flink.anomaly.detector.DetectorState;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.schemas.avro.AnomalyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * <p>The detector learns from the order it sees samples in, so samples are buffered until the watermark passes
 * them and then scored in event-time order: out-of-order arrival within the watermark bound changes nothing, and a
 * replayed sample with the same event time replaces the buffered one instead of being scored twice. Samples that
 * arrive behind the watermark are scored at once (counted as {@code lateSamples}) rather than dropped.
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
    private transient MapState<Long, MetricSample> pending;
    private transient Counter scored;
    private transient Counter anomalies;
    private transient Counter late;

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
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-samples", Types.LONG, TypeInformation.of(MetricSample.class)));
        scored = getRuntimeContext().getMetricGroup().counter("samplesScored");
        anomalies = getRuntimeContext().getMetricGroup().counter("anomaliesEmitted");
        late = getRuntimeContext().getMetricGroup().counter("lateSamples");
    }

    @Override
    public void processElement(MetricSample sample, Context ctx, Collector<AnomalyEvent> out) throws Exception {
        if (sample.eventTime <= ctx.timerService().currentWatermark()) {
            late.inc();
            score(sample, ctx, out);
            return;
        }
        pending.put(sample.eventTime, sample);
        ctx.timerService().registerEventTimeTimer(sample.eventTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyEvent> out) throws Exception {
        MetricSample sample = pending.get(timestamp);
        if (sample != null) {
            pending.remove(timestamp);
            score(sample, ctx, out);
        }
    }

    private void score(MetricSample sample, Context ctx, Collector<AnomalyEvent> out) throws Exception {
        byte[] stored = detectorState.value();
        DetectorState state = stored == null ? detector.newState() : DetectorState.fromBytes(stored);
        AnomalyResult result = detector.update(state, sample.eventTime, sample.value);
        detectorState.update(state.toBytes());
        scored.inc();
        String reason = describe(sample, result);
        ctx.output(SCORES, new MetricScore(sample.robotId, sample.site, sample.metric, sample.eventTime,
                sample.value, result.score(), reason));
        if (result.score() >= threshold) {
            anomalies.inc();
            out.collect(AnomalyEvent.newBuilder()
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
                    .build());
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
