package io.fleetstream.flink.tiering;

import io.fleetstream.flink.common.DeadLetterSplitter;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.JobRunner;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.LogRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Tiers robot logs into the object store: reads {@code robots.logs} and writes every record exactly once into
 * zstd-compressed JSON-lines files {@code logs/site=/robot=/date=/hour=/...jsonl.zst}, rolled per hour (by event
 * time) and on size, visible only once the checkpoint covering them completed ({@link LogFileSink}). Each file's
 * {@code TierManifest} goes to {@code tier.manifests} and to the manifest index. Undecodable records go to the
 * dead-letter topic.
 */
public final class LogTieringJob implements StreamingJob {

    public static final String NAME = "fleetstream-log-tiering";

    private final Source<Either<LogRecord, DeadLetterRecord>, ?, ?> logs;
    private final Sink<LogRecord> files;
    private final Sink<DeadLetterRecord> deadLetters;

    public LogTieringJob(Source<Either<LogRecord, DeadLetterRecord>, ?, ?> logs, Sink<LogRecord> files,
            Sink<DeadLetterRecord> deadLetters) {
        this.logs = logs;
        this.files = files;
        this.deadLetters = deadLetters;
    }

    /** The production wiring: Kafka in, object store, exactly-once manifests and dead letters out. */
    public static LogTieringJob fromSettings(KafkaConnectors kafka, TieringSettings tiering,
            LogTieringSettings settings, Source<Either<LogRecord, DeadLetterRecord>, ?, ?> logs) {
        return new LogTieringJob(logs,
                new LogFileSink(tiering.objectStore(), settings,
                        new ManifestPublisher(kafka.settings(), tiering.manifestsTopic(), tiering.index())),
                kafka.deadLetterSink(tiering.deadLetterTopic(), DeliveryGuarantee.EXACTLY_ONCE,
                        settings.transactionalIdPrefix() + "-dlq", tiering.transactionTimeout()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void define(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<LogRecord> records = env
                .fromSource(logs, WatermarkStrategy.noWatermarks(), "logs").uid("logs-source")
                .process(DeadLetterSplitter.forAvro(LogRecord.class)).name("split-dead-letters")
                .uid("split-dead-letters");
        records.getSideOutput(DeadLetterSplitter.DEAD_LETTERS).sinkTo(deadLetters).name("dead-letters")
                .uid("dead-letter-sink");
        // One writer per robot, so each robot's hour is one file rather than one per subtask.
        records.keyBy(LogRecord::getRobotId, Types.STRING).sinkTo(files).name("log-files").uid("log-file-sink");
    }

    public static void main(String[] args) throws Exception {
        FlinkJobsConfig config = TieringSettings.loadConfig();
        TieringSettings tiering = TieringSettings.from(config.job("tiering"));
        LogTieringSettings settings = LogTieringSettings.from(config.job("tiering").section("logs"));
        TieringSetup.prepare(tiering);
        KafkaConnectors kafka = new KafkaConnectors(config.kafka());
        LogTieringJob job = fromSettings(kafka, tiering, settings,
                kafka.source(tiering.logsTopic(), LogRecord.class, settings.groupId()));
        JobRunner.run(job, config.runtime(), config.opsHost(), settings.opsPort());
    }
}
