package io.fleetstream.benchmarks.latency;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.connectors.bridge.Bridge;
import io.fleetstream.connectors.bridge.BridgeConfig;
import io.fleetstream.flink.anomaly.AnomalyDetectionJob;
import io.fleetstream.flink.anomaly.AnomalyJobSettings;
import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.DetectorState;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.flink.influx.InfluxJobSettings;
import io.fleetstream.flink.influx.TelemetryToInfluxJob;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * End-to-end latency at moderate load, everything real and on this machine: robots publish telemetry over MQTT
 * (QoS 1) to HiveMQ, the MQTT bridge writes it to Kafka, and the two Flink jobs (embedded MiniClusters, shipped
 * configuration unless overridden) write points to InfluxDB and anomalies to Kafka. Measured per sample, from
 * the publish call to:
 * <ul>
 *   <li>the record in {@code robots.telemetry} (the bridge alone: the baseline of this run),</li>
 *   <li>the raw point visible to an InfluxDB query (polled every 50 ms, so up to 50 ms late),</li>
 *   <li>the anomaly event of an injected spike: when the detector emitted it (its detectionTime), and when it was
 *   readable in {@code fleet.anomalies} with read_committed (after the transaction's checkpoint).</li>
 * </ul>
 * <p>Spikes: each robot gets one +{@value #SPIKE} spike on {@code motor_temp_c} in the measured window, the spikes
 * of the fleet spread over it. One per series because the detector deliberately reports a recurring spike less and
 * less (its anomaly likelihood learns that the series spikes, and a series' alarms beyond its budget are damped):
 * a spike every 15 s on every robot got 22-24 of 80 reported, which says nothing about latency. Whether a spike is
 * expected to be reported is decided by replaying each published series through the detector with the job's tuning
 * and threshold as it is published; the anomaly rows cover those spikes, so a detector change shows up as a count,
 * not as a latency.
 *
 * <p>Also reported, over the measured window, from the jobs' own metrics and checkpoint traces ({@link JobProbe}):
 * checkpoint count and duration per job, the jobs' busy time (the CPU cost of the checkpoint interval), and the
 * InfluxDB sink's write requests and points per request (how well batching amortises writes).
 * Arguments (all optional): {@code --robots=20 --rate-hz=10 --warmup=40s --duration=60s
 * --anomaly-checkpoint-interval=<conf> --influx-checkpoint-interval=<conf> --flush-interval=<conf> --parallelism=1}.
 */
public final class EndToEndLatencyBenchmark {

    private static final String WRITE_REQUESTS = "writeRequests";
    /** Far beyond the series' noise (0.3) and swing (2), so the detector scores it above threshold with a margin. */
    private static final int SPIKE = 60;

    private final Map<String, String> args;
    private final int robots;
    private final int rateHz;
    private final Duration warmup;
    private final Duration duration;
    /** Publish wall time (ms) of each sample, by robot and event time. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    /** Publish wall time of each spike the detector, replayed on the published series, scores above threshold. */
    private final Map<String, Long> spikes = new ConcurrentHashMap<>();
    private int injectedSpikes;
    private final Map<String, Long> kafkaSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> influxSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> anomalySeen = new ConcurrentHashMap<>();
    private final Map<String, Long> anomalyEmitted = new ConcurrentHashMap<>();
    private final AtomicBoolean observing = new AtomicBoolean(true);
    private volatile long measureFrom;
    private volatile long measureUntil;
    /** Busy time of each job's tasks and the InfluxDB sink's write counters, at the start and end of measuring. */
    private final Map<String, Double> atMeasureFrom = new ConcurrentHashMap<>();
    private final Map<String, Double> atMeasureUntil = new ConcurrentHashMap<>();

    private EndToEndLatencyBenchmark(Map<String, String> args) {
        this.args = args;
        this.robots = Integer.parseInt(args.getOrDefault("robots", "20"));
        this.rateHz = Integer.parseInt(args.getOrDefault("rate-hz", "10"));
        this.warmup = duration(args.getOrDefault("warmup", "40s"));
        this.duration = duration(args.getOrDefault("duration", "60s"));
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fleetstream-flink-jobs-logback.xml");
        }
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new EndToEndLatencyBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Path.of("target", "latency-benchmark", UUID.randomUUID().toString().substring(0, 8));
        try (LocalPlatform platform = LocalPlatform.builder().workDir(work.resolve("platform"))
                .services(ServiceKind.KAFKA, ServiceKind.MQTT, ServiceKind.REGISTRY, ServiceKind.INFLUXDB)
                .build().start()) {
            PlatformEndpoints endpoints = platform.endpoints();
            try (Bridge bridge = new Bridge(BridgeConfig.load(Map.of(
                    "bridge.mqtt.host", endpoints.mqttHost(),
                    "bridge.mqtt.port", endpoints.mqttPort(),
                    "bridge.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers(),
                    "bridge.registry.url", endpoints.registryApiUrl(),
                    "bridge.ops.port", 0)), new SimpleMeterRegistry())) {
                bridge.start();
                createTopics(endpoints);
                FlinkJobsConfig config = flinkConfig(endpoints, work);
                KafkaConnectors kafka = new KafkaConnectors(config.kafka());
                AnomalyJobSettings anomalySettings = AnomalyJobSettings.from(config.job("anomaly"));
                List<JobClient> jobs = new ArrayList<>();
                try {
                    jobs.add(start(TelemetryToInfluxJob.fromSettings(kafka,
                            InfluxJobSettings.from(config.job("influx"))), config, "influx"));
                    jobs.add(start(AnomalyDetectionJob.fromSettings(kafka, anomalySettings, null), config,
                            "anomaly"));
                    List<Thread> observers = List.of(
                            observeKafka(endpoints, Topics.TELEMETRY, TelemetrySample.class,
                                    s -> key(s.getRobotId(), s.getEventTime().toEpochMilli()), kafkaSeen),
                            observeKafka(endpoints, Topics.FLEET_ANOMALIES, AnomalyEvent.class, a -> {
                                String key = key(a.getRobotId(), a.getEventTime().toEpochMilli());
                                anomalyEmitted.putIfAbsent(key, a.getDetectionTime().toEpochMilli());
                                return key;
                            }, anomalySeen),
                            observeInflux(endpoints, config.job("influx").string("database")));
                    observers.forEach(Thread::start);

                    publish(endpoints, anomalySettings);
                    // Let the last transaction commit.
                    long settle = 2 * config.runtime("anomaly").checkpointInterval().toMillis() + 5_000;
                    Thread.sleep(settle);
                    observing.set(false);
                    for (Thread t : observers) {
                        t.join();
                    }
                } finally {
                    observing.set(false);
                    for (JobClient job : jobs) {
                        job.cancel().exceptionally(e -> null).get();
                    }
                }
                report(config);
            }
        }
    }

    /** The jobs read topics nobody else creates in this run (fleet.health.*, fleet.anomalies). */
    private static void createTopics(PlatformEndpoints endpoints) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            admin.createTopics(Topics.forRegistry(endpoints.registryApiUrl()).all().stream()
                    .filter(t -> !existing.contains(t.name())).map(t -> t.newTopic((short) 1)).toList()).all().get();
        }
    }

    private FlinkJobsConfig flinkConfig(PlatformEndpoints endpoints, Path work) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("flink-jobs.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        overrides.put("flink-jobs.kafka.registry-url", endpoints.registryApiUrl());
        overrides.put("flink-jobs.influx.url", endpoints.influxUrl());
        overrides.put("flink-jobs.runtime.checkpoint-dir",
                work.resolve("checkpoints").toAbsolutePath().toUri().toString());
        overrides.put("flink-jobs.runtime.prometheus-port", "");
        overrides.put("flink-jobs.runtime.parallelism", args.getOrDefault("parallelism", "1"));
        for (String job : List.of("anomaly", "influx")) {
            if (args.containsKey(job + "-checkpoint-interval")) {
                overrides.put("flink-jobs." + job + ".checkpoint-interval", args.get(job + "-checkpoint-interval"));
            }
        }
        if (args.containsKey("flush-interval")) {
            overrides.put("flink-jobs.influx.writer.flush-interval", args.get("flush-interval"));
        }
        return FlinkJobsConfig.of(ConfigLoader.load(ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.load()), System.getenv()));
    }

    private static JobClient start(StreamingJob job, FlinkJobsConfig config, String name) throws Exception {
        Configuration conf = config.runtime(name).toConfiguration();
        JobProbe.install(conf, name);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        JobClient client = job.executeAsync(env);
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(100);
        }
        return client;
    }

    /** Every robot publishes rateHz samples per second and spikes once in the measured window. */
    private void publish(PlatformEndpoints endpoints, AnomalyJobSettings anomaly) throws Exception {
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        for (int r = 0; r < robots; r++) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(robot(r))
                    .serverHost(endpoints.mqttHost()).serverPort(endpoints.mqttPort()).buildAsync();
            client.connect().get();
            clients.add(client);
        }
        Random random = new Random(42);
        AnomalyDetector detector = new AnomalyDetector(anomaly.detector().toConfig());
        List<DetectorState> motorSeries = new ArrayList<>();
        for (int r = 0; r < robots; r++) {
            motorSeries.add(detector.newState());
        }
        long warmupSamples = warmup.toSeconds() * rateHz;
        long measuredSamples = duration.toSeconds() * rateHz;
        long totalSamples = warmupSamples + measuredSamples;
        // Robot r spikes at a random sample of the r-th slice of the measured window. Random, not evenly spaced:
        // spikes 3 s apart would all meet a 500 ms checkpoint cycle at the same phase, and so measure one wait for
        // the commit instead of its spread.
        long slice = Math.max(1, measuredSamples / robots);
        Random jitter = new Random(7);
        long[] spikeAt = new long[robots];
        for (int r = 0; r < robots; r++) {
            spikeAt[r] = warmupSamples + r * slice + jitter.nextInt((int) slice);
        }
        long[] lastTs = new long[robots];
        long period = TimeUnit.SECONDS.toNanos(1) / rateHz;
        long next = System.nanoTime();
        for (long s = 0; s < totalSamples; s++) {
            if (s == warmupSamples) {
                measureFrom = System.currentTimeMillis();
                for (String job : List.of("anomaly", "influx")) {
                    atMeasureFrom.put(job + ".busy", busyMillis(job));
                }
                atMeasureFrom.put("influx.requests", JobProbe.named("influx").sum(WRITE_REQUESTS, WRITE_REQUESTS));
                atMeasureFrom.put("influx.points", JobProbe.named("influx").sum("numRecordsSend", WRITE_REQUESTS));
            }
            for (int r = 0; r < robots; r++) {
                long now = System.currentTimeMillis();
                // When this loop catches up after a stall (shared cores), a robot's samples may fall into the same
                // millisecond; the job takes a repeated event time for a redelivery and drops it, so keep ts unique.
                long ts = Math.max(now, lastTs[r] + 1);
                lastTs[r] = ts;
                boolean spike = s == spikeAt[r];
                String motor = String.format(Locale.ROOT, "%.3f",
                        40 + 2 * Math.sin(s / 50.0) + random.nextGaussian() * 0.3 + (spike ? SPIKE : 0));
                String json = String.format(Locale.ROOT, "{\"robotId\":\"%s\",\"site\":\"site-%s\",\"seq\":%d,"
                        + "\"ts\":%d,\"metrics\":{\"battery_pct\":%.3f,\"motor_temp_c\":%s,\"cpu_pct\":%.2f},"
                        + "\"status\":\"ACTIVE\"}", robot(r), (char) ('a' + r % 3), s, ts, 100 - s * 0.001, motor,
                        20 + random.nextGaussian());
                published.put(key(robot(r), ts), now);
                double score = detector.update(motorSeries.get(r), ts, Double.parseDouble(motor)).score();
                if (spike) {
                    injectedSpikes++;
                    if (score >= anomaly.threshold()) {
                        spikes.put(key(robot(r), ts), now);
                    }
                }
                clients.get(r).publishWith().topic("robots/" + robot(r) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(json.getBytes(StandardCharsets.UTF_8)).send();
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        measureUntil = System.currentTimeMillis();
        for (String job : List.of("anomaly", "influx")) {
            atMeasureUntil.put(job + ".busy", busyMillis(job));
        }
        atMeasureUntil.put("influx.requests", JobProbe.named("influx").sum(WRITE_REQUESTS, WRITE_REQUESTS));
        atMeasureUntil.put("influx.points", JobProbe.named("influx").sum("numRecordsSend", WRITE_REQUESTS));
        for (Mqtt5AsyncClient client : clients) {
            client.disconnect().get();
        }
    }

    private <V> Thread observeKafka(PlatformEndpoints endpoints, String topic, Class<V> type,
            Function<V, String> key, Map<String, Long> seen) {
        return new Thread(() -> {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            @SuppressWarnings("unchecked")
            Deserializer<V> values = (Deserializer<V>) Topics.forRegistry(endpoints.registryApiUrl()).all().stream()
                    .filter(t -> t.name().equals(topic)).findFirst().orElseThrow().valueSerde().deserializer();
            try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
                consumer.subscribe(List.of(topic));
                while (observing.get()) {
                    for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(20))) {
                        seen.putIfAbsent(key.apply(record.value()), System.currentTimeMillis());
                    }
                }
            }
        }, "observe-" + topic);
    }

    private Thread observeInflux(PlatformEndpoints endpoints, String database) {
        return new Thread(() -> {
            try (InfluxDB influx = InfluxDBFactory.connect(endpoints.influxUrl())) {
                while (observing.get()) {
                    long since = System.currentTimeMillis() - 10_000;
                    QueryResult result = influx.query(new Query("SELECT \"battery_pct\", \"robot\" FROM \"raw\"."
                            + "\"telemetry\" WHERE time > " + since + "ms", database), TimeUnit.MILLISECONDS);
                    long now = System.currentTimeMillis();
                    if (result.getResults() != null) {
                        for (QueryResult.Result r : result.getResults()) {
                            if (r.getSeries() == null) {
                                continue;
                            }
                            for (QueryResult.Series series : r.getSeries()) {
                                int robotColumn = series.getColumns().indexOf("robot");
                                for (List<Object> row : series.getValues()) {
                                    influxSeen.putIfAbsent(key((String) row.get(robotColumn),
                                            ((Number) row.get(0)).longValue()), now);
                                }
                            }
                        }
                    }
                    sleep(50);
                }
            }
        }, "observe-influxdb");
    }

    private void report(FlinkJobsConfig config) {
        Map<String, Long> measured = new HashMap<>();
        published.forEach((k, t) -> {
            if (t >= measureFrom && t < measureUntil) {
                measured.put(k, t);
            }
        });
        Map<String, Long> measuredSpikes = new HashMap<>();
        spikes.forEach((k, t) -> {
            if (measured.containsKey(k)) {
                measuredSpikes.put(k, t);
            }
        });
        System.out.printf(Locale.ROOT, "%nEnd-to-end latency: %d robots x %d Hz = %d samples/s over MQTT (QoS 1), "
                        + "%d s measured after %d s warm-up; checkpoint interval anomaly job %s, influx job %s; "
                        + "InfluxDB flush interval %s; parallelism %d%n", robots, rateHz, robots * rateHz,
                duration.toSeconds(), warmup.toSeconds(), config.runtime("anomaly").checkpointInterval(),
                config.runtime("influx").checkpointInterval(),
                config.job("influx").section("writer").duration("flush-interval"), config.runtime().parallelism());
        System.out.printf(Locale.ROOT, "Spikes: %d injected (one +%d on motor_temp_c per robot at a random time, "
                + "spread over the measured window), %d of them scored >= %s by the detector replayed on the "
                + "published series: the anomaly rows cover those%n", injectedSpikes, SPIKE, measuredSpikes.size(),
                AnomalyJobSettings.from(config.job("anomaly")).threshold());
        Latencies kafka = Latencies.of(measured, kafkaSeen);
        Latencies influx = Latencies.of(measured, influxSeen);
        Latencies anomalies = Latencies.of(measuredSpikes, anomalySeen);
        Latencies emitted = Latencies.of(measuredSpikes, anomalyEmitted);
        if (args.containsKey("verbose")) {
            measuredSpikes.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> System.out.printf(
                    Locale.ROOT, "spike %s at +%d ms: emitted after %s ms, committed after %s ms%n", e.getKey(),
                    e.getValue() - measureFrom, anomalyEmitted.containsKey(e.getKey())
                            ? anomalyEmitted.get(e.getKey()) - e.getValue() : "-",
                    anomalySeen.containsKey(e.getKey()) ? anomalySeen.get(e.getKey()) - e.getValue() : "-"));
        }
        System.out.println("| path | samples seen / sent | p50 ms | p95 ms | p99 ms | max ms | p99 / baseline p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(kafka.row("MQTT publish -> robots.telemetry (bridge; baseline)", kafka));
        System.out.println(influx.row("MQTT publish -> raw point visible in InfluxDB", kafka));
        System.out.println(emitted.row("MQTT publish -> injected spike's anomaly emitted by the detector "
                + "(AnomalyEvent.detectionTime)", kafka));
        System.out.println(anomalies.row("MQTT publish -> injected spike's anomaly committed in fleet.anomalies",
                kafka));
        reportJobs(config);
    }

    /** Checkpoints, busy time and InfluxDB writes of each job over the measured window. */
    private void reportJobs(FlinkJobsConfig config) {
        double windowMillis = measureUntil - measureFrom;
        System.out.println();
        System.out.println("| job | checkpoint interval | checkpoints | duration p50 ms | p99 ms | max ms "
                + "| busy time (ms/s, all tasks) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String job : List.of("anomaly", "influx")) {
            long[] durations = JobProbe.named(job).checkpoints(measureFrom, measureUntil).stream()
                    .mapToLong(JobProbe.Checkpoint::durationMillis).sorted().toArray();
            Latencies checkpoints = new Latencies(durations.length, durations);
            double busy = (atMeasureUntil.get(job + ".busy") - atMeasureFrom.get(job + ".busy")) / windowMillis;
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %.1f |%n", job,
                    config.runtime(job).checkpointInterval(), durations.length, checkpoints.percentile(0.5),
                    checkpoints.percentile(0.99), checkpoints.percentile(1.0), busy * 1000);
        }
        double requests = atMeasureUntil.get("influx.requests") - atMeasureFrom.get("influx.requests");
        double points = atMeasureUntil.get("influx.points") - atMeasureFrom.get("influx.points");
        System.out.printf(Locale.ROOT, "%nInfluxDB writes (all measurements): %.0f requests, %.0f points, %.1f points "
                + "per request, %.1f requests/s%n", requests, points, points / Math.max(1, requests),
                requests * 1000 / windowMillis);
    }

    /** Accumulated busy time of a job's tasks (every task, source to sinks), in ms. */
    private static double busyMillis(String job) {
        return JobProbe.named(job).sum("accumulateBusyTimeMs", "accumulateIdleTimeMs");
    }

    /** Latencies of the samples in {@code sent} that were seen. */
    private record Latencies(int sent, long[] sorted) {
        static Latencies of(Map<String, Long> sent, Map<String, Long> seen) {
            long[] latencies = sent.entrySet().stream().filter(e -> seen.containsKey(e.getKey()))
                    .mapToLong(e -> seen.get(e.getKey()) - e.getValue()).sorted().toArray();
            return new Latencies(sent.size(), latencies);
        }

        long percentile(double p) {
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        }

        String row(String path, Latencies baseline) {
            return String.format(Locale.ROOT, "| %s | %d / %d | %d | %d | %d | %d | %.1f |", path, sorted.length, sent,
                    percentile(0.50), percentile(0.95), percentile(0.99), percentile(1.0),
                    (double) percentile(0.99) / Math.max(1, baseline.percentile(0.99)));
        }
    }

    private static String robot(int i) {
        return String.format(Locale.ROOT, "robot-%04d", i);
    }

    private static String key(String robot, long ts) {
        return robot + "@" + ts;
    }

    private static Duration duration(String text) {
        return ConfigFactory.parseString("d = " + text).getDuration("d");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
