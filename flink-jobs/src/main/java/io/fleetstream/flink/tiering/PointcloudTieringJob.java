package io.fleetstream.flink.tiering;

import io.fleetstream.flink.common.DeadLetterSplitter;
import io.fleetstream.flink.common.EventTimeWatermarks;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.JobRunner;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.PointcloudFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Tiers point clouds into the object store: frames of {@code robots.pointclouds} are validated (bad ones to the
 * dead-letter topic), compressed per frame, and batched per robot and sensor into chunk objects of
 * {@code chunk-duration} event time (split at {@code chunk-max-bytes}) under one prefix per retention tier:
 * {@code pointclouds/full/} for frames within the anomaly window of an anomaly of {@code fleet.anomalies},
 * {@code pointclouds/thinned/} for every k-th other frame, {@code pointclouds/hot/} for the rest, which the
 * lifecycle rules expire after the hot window. Objects appear when the covering checkpoint completes; each gets a
 * {@code TierManifest} (per-frame offsets and full-resolution flags) on {@code tier.manifests} and in the manifest
 * index. Frames the bridge already stored are referenced by their manifest, not copied.
 */
public final class PointcloudTieringJob implements StreamingJob {

    public static final String NAME = "fleetstream-pointcloud-tiering";

    private final Source<Either<PointcloudFrame, DeadLetterRecord>, ?, ?> frames;
    private final Source<Either<AnomalyEvent, DeadLetterRecord>, ?, ?> anomalies;
    private final FrameValidator validator;
    private final ChunkAssembler assembler;
    private final Sink<FrameChunk> chunks;
    private final Sink<DeadLetterRecord> deadLetters;
    private final PointcloudTieringSettings settings;

    PointcloudTieringJob(Source<Either<PointcloudFrame, DeadLetterRecord>, ?, ?> frames,
            Source<Either<AnomalyEvent, DeadLetterRecord>, ?, ?> anomalies, FrameValidator validator,
            ChunkAssembler assembler, Sink<FrameChunk> chunks, Sink<DeadLetterRecord> deadLetters,
            PointcloudTieringSettings settings) {
        this.frames = frames;
        this.anomalies = anomalies;
        this.validator = validator;
        this.assembler = assembler;
        this.chunks = chunks;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** The production wiring; {@code bounded} reads the topics up to their current end (replays, tests). */
    public static PointcloudTieringJob fromSettings(KafkaConnectors kafka, TieringSettings tiering,
            PointcloudTieringSettings settings, boolean bounded) {
        String group = settings.groupId();
        return new PointcloudTieringJob(
                bounded ? kafka.boundedSource(tiering.pointcloudsTopic(), PointcloudFrame.class, group)
                        : kafka.source(tiering.pointcloudsTopic(), PointcloudFrame.class, group),
                bounded ? kafka.boundedSource(tiering.anomaliesTopic(), AnomalyEvent.class, group)
                        : kafka.source(tiering.anomaliesTopic(), AnomalyEvent.class, group),
                new FrameValidator(settings.codec(), tiering.objectStore(), tiering.pointcloudsTopic(), group),
                new ChunkAssembler(settings.chunkDuration().toMillis(), settings.chunkMaxBytes(),
                        new RetentionClassifier(settings.anomalyWindow().toMillis(), settings.keepEvery())),
                new FrameChunkSink(tiering.objectStore(), settings.codec(), (int) settings.partSize(),
                        new ManifestPublisher(kafka.settings(), tiering.manifestsTopic(), tiering.index())),
                kafka.deadLetterSink(tiering.deadLetterTopic(), DeliveryGuarantee.EXACTLY_ONCE,
                        settings.transactionalIdPrefix() + "-dlq", tiering.transactionTimeout()),
                settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void define(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<PointcloudFrame> records = env
                .fromSource(frames, EventTimeWatermarks.boundedOutOfOrderness(
                        (PointcloudFrame f) -> f.getEventTime().toEpochMilli(), settings.maxOutOfOrderness(),
                        settings.idleness()), "pointclouds").uid("pointclouds-source")
                .process(DeadLetterSplitter.forAvro(PointcloudFrame.class)).name("split-frame-dead-letters")
                .uid("split-frame-dead-letters");
        SingleOutputStreamOperator<AnomalyEvent> anomalyEvents = env
                .fromSource(anomalies, EventTimeWatermarks.boundedOutOfOrderness(
                        (AnomalyEvent a) -> a.getEventTime().toEpochMilli(), settings.maxOutOfOrderness(),
                        settings.idleness()), "anomalies").uid("anomalies-source")
                .process(DeadLetterSplitter.forAvro(AnomalyEvent.class)).name("split-anomaly-dead-letters")
                .uid("split-anomaly-dead-letters");
        SingleOutputStreamOperator<TieredFrame> valid = records
                .process(validator).returns(TypeInformation.of(TieredFrame.class)).name("validate-frames")
                .uid("validate-frames");

        DataStream<DeadLetterRecord> rejected = records.getSideOutput(DeadLetterSplitter.DEAD_LETTERS)
                .union(anomalyEvents.getSideOutput(DeadLetterSplitter.DEAD_LETTERS),
                        valid.getSideOutput(DeadLetterSplitter.DEAD_LETTERS));
        rejected.sinkTo(deadLetters).name("dead-letters").uid("dead-letter-sink");

        valid.keyBy(f -> f.robotId, Types.STRING)
                .connect(anomalyEvents.keyBy(AnomalyEvent::getRobotId, Types.STRING))
                .process(assembler).returns(TypeInformation.of(FrameChunk.class)).name("cut-chunks")
                .uid("cut-chunks")
                .sinkTo(chunks).name("pointcloud-chunks").uid("pointcloud-chunk-sink");
    }

    public static void main(String[] args) throws Exception {
        FlinkJobsConfig config = TieringSettings.loadConfig();
        TieringSettings tiering = TieringSettings.from(config.job("tiering"));
        PointcloudTieringSettings settings = PointcloudTieringSettings.from(
                config.job("tiering").section("pointclouds"));
        TieringSetup.prepare(tiering);
        PointcloudTieringJob job = fromSettings(new KafkaConnectors(config.kafka()), tiering, settings, false);
        JobRunner.run(job, config.runtime(), config.opsHost(), settings.opsPort());
    }
}
