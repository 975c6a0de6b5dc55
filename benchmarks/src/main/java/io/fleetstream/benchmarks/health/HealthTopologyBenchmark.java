package io.fleetstream.benchmarks.health;

import com.typesafe.config.ConfigFactory;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.DeadLetterHandler;
import io.fleetstream.streams.health.FleetHealthConfig;
import io.fleetstream.streams.health.FleetHealthTopology;
import io.fleetstream.streams.health.HealthMetrics;
import io.fleetstream.streams.health.HealthRules;
import io.fleetstream.streams.health.HealthSerdes;
import io.fleetstream.streams.health.state.RobotState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Throughput of the fleet health topology against a pass-through topology (deserialize and re-serialize every
 * input, nothing else), both as real Kafka Streams apps (exactly_once_v2, one stream thread, RocksDB state, wall
 * clock punctuation) on an embedded Kafka broker, fed the same preloaded input in the same run. Events/s is that
 * of the one stream thread, i.e. per core (the broker runs on the same machine).
 *
 * <p>Input: a fleet of 10,000 robots at the simulator's default rates (telemetry 2 Hz, a heartbeat every 5 s,
 * 4 log lines a minute) for 30 fleet seconds, Avro binary without the registry header (the registry is not what
 * is measured). Each topology runs {@code --rounds} times from scratch (new application id) on the same input,
 * alternating, after warm-up rounds; medians over the rounds count, the ratio being the median of the rounds'
 * ratios. Rate = input events / time from RUNNING until the
 * committed offsets reach the end of the input topics. Afterwards the health app's state is reported per robot.
 *
 * <p>Prints {@code health_events_per_sec}, {@code passthrough_events_per_sec}, {@code health_ratio},
 * {@code state_bytes_per_robot}. Options: {@code --robots=N} (10000), {@code --fleet-seconds=S} (30),
 * {@code --rounds=R} (5), {@code --warm-up-rounds=W} (1), {@code --work-dir=DIR}
 * (benchmarks/target/health-benchmark).
 */
public final class HealthTopologyBenchmark {

    /** Event times start now: the broker's time-based retention would delete records stamped long ago. */
    private static final Instant START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final java.time.Duration RUN_LIMIT = java.time.Duration.ofMinutes(10);
    private static final List<String> INPUTS = List.of(Topics.TELEMETRY, Topics.HEARTBEATS, Topics.LOGS);

    private final int robots;
    private final Path workDir;
    private final HealthRules rules = FleetHealthConfig.from(ConfigFactory.load()).rules();
    private String bootstrapServers;

    private HealthTopologyBenchmark(int robots, Path workDir) {
        this.robots = robots;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        int robots = 10_000;
        int fleetSeconds = 30;
        int rounds = 5;
        int warmUpRounds = 1;
        Path workDir = Path.of("target", "health-benchmark");
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "--robots" -> robots = Integer.parseInt(kv[1]);
                case "--fleet-seconds" -> fleetSeconds = Integer.parseInt(kv[1]);
                case "--rounds" -> rounds = Integer.parseInt(kv[1]);
                case "--warm-up-rounds" -> warmUpRounds = Integer.parseInt(kv[1]);
                case "--work-dir" -> workDir = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg
                        + " (use --robots=N, --fleet-seconds=S, --rounds=R, --warm-up-rounds=W, --work-dir=DIR)");
            }
        }
        deleteRecursively(workDir);
        try (LocalPlatform platform = LocalPlatform.builder().workDir(workDir.resolve("platform"))
                .services(ServiceKind.KAFKA).build().start()) {
            HealthTopologyBenchmark benchmark = new HealthTopologyBenchmark(robots, workDir.toAbsolutePath());
            benchmark.bootstrapServers = platform.endpoints().kafkaBootstrapServers();
            benchmark.run(fleetSeconds, warmUpRounds, rounds);
        }
    }

    private void run(int fleetSeconds, int warmUpRounds, int rounds) throws Exception {
        createTopics();
        preload(fleetSeconds);
        long events;
        try (Admin admin = admin()) {
            events = endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        }
        System.out.printf(Locale.ROOT, "robots: %d, fleet seconds: %d, input events: %d, warm-up rounds: %d, "
                + "rounds: %d%n", robots, fleetSeconds, events, warmUpRounds, rounds);
        double[] passRates = new double[rounds];
        double[] healthRates = new double[rounds];
        double[] ratios = new double[rounds];
        for (int round = -warmUpRounds; round < rounds; round++) {
            String name = round < 0 ? "warm-up" + (-round) : String.valueOf(round + 1);
            double passThrough = events / timeToConsumeAll("pass-through-" + name, passThroughTopology());
            double health = events / timeToConsumeAll("health-" + name, healthTopology());
            System.out.printf(Locale.ROOT, "round %s: pass-through %.0f events/s, health %.0f events/s%n",
                    name, passThrough, health);
            if (round >= 0) {
                passRates[round] = passThrough;
                healthRates[round] = health;
                ratios[round] = health / passThrough;
            }
        }
        reportStateSize(workDir.resolve("state").resolve("health-" + rounds));
        System.out.printf(Locale.ROOT, "health_events_per_sec: %.0f%n", median(healthRates));
        System.out.printf(Locale.ROOT, "passthrough_events_per_sec: %.0f%n", median(passRates));
        // each round's two runs are back to back, so their ratio is the least disturbed by other load
        System.out.printf(Locale.ROOT, "health_ratio: %.3f%n", median(ratios));
    }

    /** Runs the topology until it has consumed every input; returns the seconds from RUNNING to done. */
    private double timeToConsumeAll(String applicationId, Topology topology) throws Exception {
        Path stateDir = workDir.resolve("state").resolve(applicationId);
        AtomicLong runningSince = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(topology, streamsProperties(applicationId, stateDir));
                Admin admin = admin()) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningSince.compareAndSet(0, System.nanoTime());
                }
            });
            streams.start();
            Map<TopicPartition, Long> ends = endOffsets(admin);
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            while (!consumedAll(admin, applicationId, ends)) {
                if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
                    throw new IllegalStateException(applicationId + " did not consume its input (state "
                            + streams.state() + ")");
                }
                Thread.sleep(100);
            }
            return (System.nanoTime() - runningSince.get()) / 1e9;
        }
    }

    /**
     * State per robot of the last health run: the robot store's records (key + value bytes, which is also what the
     * compacted changelog holds per robot), and the app's whole local state directory after close (every store, in
     * RocksDB files).
     */
    private void reportStateSize(Path stateDir) throws IOException {
        Serde<RobotState> serde = RobotState.serde(rules.stateLayout());
        Options options = new Options();
        long bytes = 0;
        long count = 0;
        try (Stream<Path> dirs = Files.walk(stateDir)) {
            for (Path store : dirs.filter(dir -> dir.endsWith(FleetHealthTopology.ROBOT_STORE)).toList()) {
                try (RocksDB db = RocksDB.openReadOnly(options, store.toString());
                        RocksIterator records = db.newIterator()) {
                    for (records.seekToFirst(); records.isValid(); records.next()) {
                        // each record must be a readable robot state
                        serde.deserializer().deserialize(FleetHealthTopology.ROBOT_STORE, records.value());
                        bytes += records.key().length + records.value().length;
                        count++;
                    }
                }
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot read the robot store under " + stateDir, e);
        } finally {
            options.close();
        }
        long onDisk;
        try (Stream<Path> files = Files.walk(stateDir)) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "robots in state: %d, local state directory after close (all stores, "
                + "RocksDB): %.1f bytes per robot%n", count, onDisk / (double) count);
        System.out.printf(Locale.ROOT, "state_bytes_per_robot: %.1f%n", bytes / (double) count);
    }

    private Properties streamsProperties(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(DeadLetterHandler.SERIALIZER_CONFIG, AvroBinary.serde(DeadLetterRecord.class).serializer());
        return props;
    }

    private Topology healthTopology() {
        HealthSerdes serdes = new HealthSerdes(AvroBinary.serde(TelemetrySample.class),
                AvroBinary.serde(Heartbeat.class), AvroBinary.serde(LogRecord.class),
                AvroBinary.serde(AnomalyEvent.class), AvroBinary.serde(RobotHealth.class),
                AvroBinary.serde(FleetHealth.class), AvroBinary.serde(HealthTransition.class));
        return FleetHealthTopology.build(rules, serdes, new HealthMetrics(new SimpleMeterRegistry()));
    }

    /** Each input deserialized and written again with its own serde: the floor any topology pays. */
    private static Topology passThroughTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        passThrough(builder, Topics.TELEMETRY, AvroBinary.serde(TelemetrySample.class));
        passThrough(builder, Topics.HEARTBEATS, AvroBinary.serde(Heartbeat.class));
        passThrough(builder, Topics.LOGS, AvroBinary.serde(LogRecord.class));
        return builder.build();
    }

    private static <T extends SpecificRecord> void passThrough(StreamsBuilder builder, String topic, Serde<T> serde) {
        builder.stream(topic, Consumed.with(Serdes.String(), serde))
                .to(topic + ".copy", Produced.with(Serdes.String(), serde));
    }

    private void createTopics() throws InterruptedException, ExecutionException {
        List<NewTopic> topics = new ArrayList<>();
        for (String input : INPUTS) {
            topics.add(new NewTopic(input, Topics.ROBOT_KEYED_PARTITIONS, (short) 1));
            topics.add(new NewTopic(input + ".copy", Topics.ROBOT_KEYED_PARTITIONS, (short) 1));
        }
        for (String output : List.of(Topics.FLEET_ANOMALIES, Topics.FLEET_HEALTH_ROBOT, Topics.FLEET_HEALTH_SITE,
                Topics.FLEET_HEALTH_TRANSITIONS, Topics.INGEST_DLQ)) {
            topics.add(new NewTopic(output, Topics.ROBOT_KEYED_PARTITIONS, (short) 1));
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get();
        }
    }

    /** Writes the fleet's messages, in event-time order, into the input topics. */
    private void preload(int fleetSeconds) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Right after topic creation the embedded broker answers NOT_LEADER_OR_FOLLOWER for a moment, and the
        // idempotent producer's retries then stall on sequence errors; ordered plain retries do the job here, and
        // the rates count the events that actually landed (end offsets).
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int second = 0; second < fleetSeconds; second++) {
                for (int tick = 0; tick < 2; tick++) {
                    long time = START.toEpochMilli() + second * 1000L + tick * 500L;
                    for (int r = 0; r < robots; r++) {
                        send(producer, Topics.TELEMETRY, r, time, telemetry(r, second, time));
                        if (tick == 0 && (second + r) % 5 == 0) {
                            send(producer, Topics.HEARTBEATS, r, time, heartbeat(r, time));
                        }
                        if (tick == 1 && (second + r) % 15 == 0) {
                            send(producer, Topics.LOGS, r, time, log(r, time));
                        }
                    }
                }
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int robot, long time,
            SpecificRecord value) {
        producer.send(new ProducerRecord<>(topic, null, time, robotId(robot).getBytes(StandardCharsets.UTF_8),
                AvroBinary.write(value)));
    }

    private static TelemetrySample telemetry(int robot, int second, long time) {
        // discharging at different rates: some robots cross the battery thresholds during the run
        double battery = Math.max(0, 100 - (robot % 100) * 0.7 - second * 0.01 * (1 + robot % 7));
        Instant at = Instant.ofEpochMilli(time);
        return TelemetrySample.newBuilder()
                .setRobotId(robotId(robot)).setSite(site(robot)).setEventTime(at).setSeq(second * 2L)
                .setMetrics(Map.of("battery_pct", battery, "motor_temp_c", 40.0 + robot % 10, "cpu_pct", 25.0,
                        "pos_x", robot % 60 * 1.0, "pos_y", robot % 40 * 1.0, "velocity_mps", 0.8))
                .setStatus(robot % 50 == 0 ? "CHARGING" : "ACTIVE").setIngestTime(at).build();
    }

    private static Heartbeat heartbeat(int robot, long time) {
        Instant at = Instant.ofEpochMilli(time);
        List<String> codes = robot % 100 == 0 ? List.of("W_LIDAR_DIRTY") : List.of();
        return Heartbeat.newBuilder()
                .setRobotId(robotId(robot)).setSite(site(robot)).setEventTime(at).setSeq(time / 5000)
                .setStatus(codes.isEmpty() ? "OK" : "DEGRADED").setUptimeSeconds(time / 1000 % 100_000)
                .setErrorCodes(codes).setFirmware("1.4.2").setIngestTime(at).build();
    }

    private static LogRecord log(int robot, long time) {
        Instant at = Instant.ofEpochMilli(time);
        LogLevel level = robot % 10 == 0 ? LogLevel.WARN : robot % 97 == 0 ? LogLevel.ERROR : LogLevel.INFO;
        return LogRecord.newBuilder()
                .setRobotId(robotId(robot)).setSite(site(robot)).setEventTime(at).setSeq(time / 15000)
                .setLevel(level).setSource("nav").setMessage("waypoint reached").setIngestTime(at).build();
    }

    private static String robotId(int robot) {
        return String.format(Locale.ROOT, "robot-%05d", robot);
    }

    private static String site(int robot) {
        return "site-" + (char) ('a' + robot % 8);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String input : INPUTS) {
            for (int p = 0; p < Topics.ROBOT_KEYED_PARTITIONS; p++) {
                request.put(new TopicPartition(input, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static boolean consumedAll(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> partitions = ends.keySet();
        return partitions.stream().allMatch(tp -> ends.get(tp) == 0
                || (committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp)));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Avro binary without a registry header: the registry is not what this benchmark measures. */
    private static final class AvroBinary {
        private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new HashMap<>();

        private AvroBinary() {
        }

        static byte[] write(SpecificRecord value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try {
                WRITERS.computeIfAbsent(value.getSchema(), SpecificDatumWriter::new)
                        .write(value, EncoderFactory.get().directBinaryEncoder(out, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
            SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
            SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
            return Serdes.serdeFrom((topic, value) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                try {
                    writer.write(value, EncoderFactory.get().directBinaryEncoder(out, null));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            }, (topic, data) -> {
                try {
                    return reader.read(null, DecoderFactory.get().binaryDecoder(data, null));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
