package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.RetentionTier;
import io.fleetstream.schemas.avro.AnomalyEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Cuts one robot's frames (first input) into chunks of {@code chunkMillis} event time per sensor and retention
 * tier, using the robot's anomalies (second input) to decide each frame's tier ({@link RetentionClassifier}).
 *
 * <p>A chunk is cut when event time (the watermark over both inputs) passes its end plus the anomaly window: only
 * then is every anomaly that can claim one of its frames known. Until then the frames wait, compressed, in keyed
 * state, which is therefore about rate x (chunk + window + out-of-orderness) per robot. A frame that arrives after
 * its chunk was cut goes into a chunk of its own at the next watermark; an anomaly that arrives later than that can
 * no longer promote frames already stored (raise max-out-of-orderness if the detector lags more).
 */
final class ChunkAssembler extends KeyedCoProcessFunction<String, TieredFrame, AnomalyEvent, FrameChunk> {

    private static final long serialVersionUID = 1L;

    private final long chunkMillis;
    private final long chunkMaxBytes;
    private final RetentionClassifier classifier;
    private transient ListState<TieredFrame> pending;
    private transient ListState<Long> anomalies;

    ChunkAssembler(long chunkMillis, long chunkMaxBytes, RetentionClassifier classifier) {
        this.chunkMillis = chunkMillis;
        this.chunkMaxBytes = chunkMaxBytes;
        this.classifier = classifier;
    }

    @Override
    public void open(OpenContext context) {
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-frames",
                TypeInformation.of(TieredFrame.class)));
        anomalies = getRuntimeContext().getListState(new ListStateDescriptor<>("anomaly-times", Types.LONG));
    }

    @Override
    public void processElement1(TieredFrame frame, Context ctx, Collector<FrameChunk> out) throws Exception {
        pending.add(frame);
        ctx.timerService().registerEventTimeTimer(cutTime(frame.eventTime));
    }

    @Override
    public void processElement2(AnomalyEvent anomaly, Context ctx, Collector<FrameChunk> out) throws Exception {
        long t = anomaly.getEventTime().toEpochMilli();
        anomalies.add(t);
        // Dropped once no frame can be within its window any more.
        ctx.timerService().registerEventTimeTimer(expiry(t));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FrameChunk> out) throws Exception {
        List<TieredFrame> due = new ArrayList<>();
        List<TieredFrame> waiting = new ArrayList<>();
        for (TieredFrame frame : pending.get()) {
            (cutTime(frame.eventTime) <= timestamp ? due : waiting).add(frame);
        }
        List<Long> known = new ArrayList<>();
        for (Long t : anomalies.get()) {
            known.add(t);
        }
        if (!due.isEmpty()) {
            pending.update(waiting);
            cut(due, known, out);
        }
        List<Long> live = known.stream().filter(t -> expiry(t) > timestamp).toList();
        if (live.size() != known.size()) {
            anomalies.update(live);
        }
    }

    private void cut(List<TieredFrame> frames, List<Long> anomalyTimes, Collector<FrameChunk> out) {
        frames.sort(Comparator.comparingLong((TieredFrame f) -> f.eventTime).thenComparingLong(f -> f.seq));
        Map<String, List<TieredFrame>> groups = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (TieredFrame frame : frames) {
            if (!seen.add(frame.sensor + '\n' + frame.frameId)) {
                continue; // a redelivered frame
            }
            RetentionTier tier = classifier.classify(frame.eventTime, frame.seq, anomalyTimes);
            frame.tier = tier.segment();
            long chunkStart = Math.floorDiv(frame.eventTime, chunkMillis) * chunkMillis;
            groups.computeIfAbsent(chunkStart + "\n" + frame.sensor + "\n" + frame.tier, k -> new ArrayList<>())
                    .add(frame);
        }
        for (List<TieredFrame> group : groups.values()) {
            List<TieredFrame> chunk = new ArrayList<>();
            long bytes = 0;
            for (TieredFrame frame : group) {
                if (!chunk.isEmpty() && bytes + frame.storedSize() > chunkMaxBytes) {
                    emit(chunk, out);
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(frame);
                bytes += frame.storedSize();
            }
            emit(chunk, out);
        }
    }

    private static void emit(List<TieredFrame> frames, Collector<FrameChunk> out) {
        TieredFrame first = frames.get(0);
        out.collect(new FrameChunk(first.robotId, first.site, first.sensor, first.tier,
                frames.toArray(new TieredFrame[0])));
    }

    /** When the chunk of a frame captured at {@code eventTime} is complete and every anomaly near it known. */
    private long cutTime(long eventTime) {
        return Math.floorDiv(eventTime, chunkMillis) * chunkMillis + chunkMillis - 1 + classifier.windowMillis();
    }

    private long expiry(long anomalyTime) {
        return anomalyTime + 2 * classifier.windowMillis() + chunkMillis;
    }
}
