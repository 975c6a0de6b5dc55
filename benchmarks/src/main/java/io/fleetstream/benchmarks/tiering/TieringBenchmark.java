package io.fleetstream.benchmarks.tiering;

import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.IndexSettings;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import io.fleetstream.connectors.retrieval.ObjectStoreSettings;
import io.fleetstream.connectors.retrieval.TierLifecycle;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.flink.tiering.PointcloudTieringJob;
import io.fleetstream.flink.tiering.PointcloudTieringSettings;
import io.fleetstream.flink.tiering.TieringSettings;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.AvroSerdeFactory;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import io.fleetstream.schemas.avro.PointcloudFrame;
import io.fleetstream.schemas.avro.TierKind;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Point cloud tiering throughput against a raw MinIO-SDK PUT loop of the same bytes to the same store, in the same
 * run, plus the codec comparison. Both sides store the same frames grouped the same way (one object per robot per
 * 10 s of frames): the raw loop PUTs the concatenated PCD files one object after the other; tiering runs the real
 * {@link PointcloudTieringJob} on a local Flink MiniCluster, bounded, reading the frames from Kafka (produced
 * beforehand, not timed): validation, per-frame shuffle+zstd (the default codec), keyed chunking with anomaly windows, multipart staging,
 * commit at checkpoints and manifest publication (Kafka + InfluxDB index), timed from the job's RUNNING state to
 * its end (the last commit). MB/s counts PCD input bytes; both sides run in this JVM against the same s3proxy.
 *
 * <pre>
 * mvn -B -q -pl benchmarks exec:exec@tiering -Dtiering.args="--frames 2000 --repetitions 2 --parallelism 1"
 * </pre>
 */
public final class TieringBenchmark {

    private static final int ROBOTS = 2;
    private static final int DISTINCT_FRAMES = 64;
    private static final long T0 = 1_764_000_000_000L;
    private static final long FRAME_INTERVAL_MS = 100;
    private static final long CHUNK_MS = 10_000;

    private final PlatformEndpoints platform;
    private final List<LidarDataset.Frame> distinct;
    private final MinioClient s3;
    private final Path work;

    private TieringBenchmark(PlatformEndpoints platform, List<LidarDataset.Frame> distinct, Path work) {
        this.platform = platform;
        this.work = work;
        this.distinct = distinct;
        this.s3 = MinioClient.builder().endpoint(platform.s3Endpoint()).region("us-east-1")
                .credentials(platform.s3AccessKey(), platform.s3SecretKey()).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int frames = Integer.parseInt(options.getOrDefault("frames", "2000"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "1"));
        int repetitions = Integer.parseInt(options.getOrDefault("repetitions", "2"));
        Path work = Files.createDirectories(Path.of(options.getOrDefault("work-dir", "target/tiering-benchmark")));

        List<LidarDataset.Frame> distinct = LidarDataset.generate(DISTINCT_FRAMES, 42);
        long distinctBytes = distinct.stream().mapToLong(f -> f.pcd().length).sum();
        System.out.printf("frames: %d distinct lidar frames (%dx%d rays), mean %.0f KB, mean %d points%n",
                DISTINCT_FRAMES, LidarDataset.RINGS, LidarDataset.COLUMNS, distinctBytes / 1e3 / DISTINCT_FRAMES,
                distinct.stream().mapToInt(LidarDataset.Frame::points).sum() / DISTINCT_FRAMES);
        System.out.println("| codec              | ratio | compress MB/s | decompress MB/s |");
        CodecComparison.run(distinct.stream().map(LidarDataset.Frame::pcd).toList()).forEach(System.out::println);

        try (LocalPlatform local = LocalPlatform.builder().workDir(work.resolve("platform"))
                .services(ServiceKind.KAFKA, ServiceKind.REGISTRY, ServiceKind.OBJECT_STORE, ServiceKind.INFLUXDB)
                .build().start()) {
            TieringBenchmark bench = new TieringBenchmark(local.endpoints(), distinct, work.toAbsolutePath());
            bench.raw(frames / 10);
            bench.tiering(frames / 10, parallelism);
            double raw = 0;
            double tiered = 0;
            for (int rep = 1; rep <= repetitions; rep++) {
                double r = bench.raw(frames);
                double t = bench.tiering(frames, parallelism);
                System.out.printf("rep %d: raw PUT %.1f MB/s, tiering %.1f MB/s%n", rep, r, t);
                raw += r;
                tiered += t;
            }
            System.out.printf("raw_put_mbps: %.1f%ntiering_mbps: %.1f%ntiering_ratio: %.2f%n", raw / repetitions,
                    tiered / repetitions, tiered / raw);
        }
    }

    /** The raw loop: one PUT per robot and 10 s of frames, the PCD files concatenated; returns MB/s. */
    private double raw(int frames) throws Exception {
        ObjectStoreSettings store = store();
        store.ensureBucket(s3);
        List<List<byte[]>> chunks = new ArrayList<>();
        for (int robot = 0; robot < ROBOTS; robot++) {
            List<byte[]> chunk = new ArrayList<>();
            for (int i = robot; i < frames; i += ROBOTS) {
                long t = T0 + (long) (i / ROBOTS) * FRAME_INTERVAL_MS;
                if (!chunk.isEmpty() && t % CHUNK_MS == 0) {
                    chunks.add(chunk);
                    chunk = new ArrayList<>();
                }
                chunk.add(distinct.get(i % DISTINCT_FRAMES).pcd());
            }
            chunks.add(chunk);
        }
        long bytes = 0;
        long start = System.nanoTime();
        int n = 0;
        for (List<byte[]> chunk : chunks) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] pcd : chunk) {
                body.write(pcd);
            }
            byte[] data = body.toByteArray();
            s3.putObject(PutObjectArgs.builder().bucket(store.bucket()).object("raw/chunk-" + n++ + ".pcd")
                    .data(data, data.length).build());
            bytes += data.length;
        }
        return CodecComparison.mbps(bytes, System.nanoTime() - start);
    }

    /** The tiering job over the same frames, read from Kafka; returns MB/s of PCD input. */
    private double tiering(int frames, int parallelism) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ObjectStoreSettings store = store();
        IndexSettings index = IndexSettings.of(platform.influxUrl(), "bench_" + suffix);
        TieringSettings tiering = new TieringSettings(store, index, new TierLifecycle(Duration.ofDays(1),
                Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(1)),
                "logs-" + suffix, "pointclouds-" + suffix, "anomalies-" + suffix, "manifests-" + suffix,
                "dlq-" + suffix, Duration.ofMinutes(5));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(tiering.pointcloudsTopic(), 2, (short) 1),
                    new NewTopic(tiering.anomaliesTopic(), 2, (short) 1),
                    new NewTopic(tiering.manifestsTopic(), 1, (short) 1),
                    new NewTopic(tiering.deadLetterTopic(), 1, (short) 1))).all().get();
        }
        long bytes = produce(tiering.pointcloudsTopic(), frames);
        PointcloudTieringSettings settings = new PointcloudTieringSettings(0, "bench-" + suffix,
                "bench-" + suffix, Duration.ofMillis(CHUNK_MS), 64L * 1024 * 1024, FrameCodec.SHUFFLE_ZSTD, 10,
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 8L * 1024 * 1024);
        KafkaConnectors kafka = new KafkaConnectors(KafkaSettings.of(platform.kafkaBootstrapServers(),
                platform.registryApiUrl()));
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        // The production default (flink-jobs.runtime.checkpoint-interval).
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        // Frames wait in state for their chunk and anomaly window: far above the 5 MB of in-memory checkpoints.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobClient job = PointcloudTieringJob.fromSettings(kafka, tiering, settings, true)
                .executeAsync(StreamExecutionEnvironment.getExecutionEnvironment(conf));
        // Timed from RUNNING: a streaming job pays MiniCluster start-up and deployment once, not per megabyte.
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        job.getJobExecutionResult().get();
        long nanos = System.nanoTime() - start;

        long tiered = 0;
        for (int robot = 0; robot < ROBOTS; robot++) {
            tiered += new ManifestIndex(index).find(robot(robot), TierKind.POINTCLOUD, null, T0, T0 + Duration.ofDays(1).toMillis())
                    .stream().mapToLong(m -> m.manifest().getRecordCount()).sum();
        }
        if (tiered != frames) {
            throw new IllegalStateException("tiered " + tiered + " of " + frames + " frames");
        }
        return CodecComparison.mbps(bytes, nanos);
    }

    private long produce(String topic, int frames) throws Exception {
        List<PcdField> fields = List.of(field("x"), field("y"), field("z"), field("intensity"));
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        long bytes = 0;
        try (KafkaProducer<String, PointcloudFrame> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdeFactory.forRegistry(platform.registryApiUrl()).valueSerde(PointcloudFrame.class)
                        .serializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                if (sent.size() == 64) {
                    for (java.util.concurrent.Future<?> f : sent) {
                        f.get();
                    }
                    sent.clear();
                }
                LidarDataset.Frame frame = distinct.get(i % DISTINCT_FRAMES);
                long seq = i / ROBOTS;
                String robot = robot(i % ROBOTS);
                sent.add(producer.send(new ProducerRecord<>(topic, robot, PointcloudFrame.newBuilder()
                        .setFrameId("lidar-" + seq).setRobotId(robot).setSite("site-bench").setSensor("lidar-top")
                        .setEventTime(Instant.ofEpochMilli(T0 + seq * FRAME_INTERVAL_MS)).setSeq(seq)
                        .setPointCount(frame.points()).setWidth(frame.points()).setHeight(1).setFields(fields)
                        .setDataEncoding(PcdDataEncoding.BINARY)
                        .setPayload(new InlinePayload(PayloadCodec.NONE, ByteBuffer.wrap(frame.pcd()),
                                (long) frame.pcd().length))
                        .setIngestTime(Instant.ofEpochMilli(T0 + seq * FRAME_INTERVAL_MS + 5)).build())));
                bytes += frame.pcd().length;
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
        return bytes;
    }

    private ObjectStoreSettings store() {
        return new ObjectStoreSettings(platform.s3Endpoint(), "us-east-1", platform.s3AccessKey(),
                platform.s3SecretKey(), "bench-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String robot(int i) {
        return String.format("robot-%04d", i + 1);
    }

    private static PcdField field(String name) {
        return new PcdField(name, PcdFieldType.FLOAT, 4, 1);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
