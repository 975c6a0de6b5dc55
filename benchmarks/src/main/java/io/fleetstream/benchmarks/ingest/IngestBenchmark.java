package io.fleetstream.benchmarks.ingest;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.fleetstream.connectors.bridge.Bridge;
import io.fleetstream.connectors.bridge.BridgeConfig;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.PortAllocator;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.platform.mqtt.EmbeddedMqttBroker;
import io.fleetstream.schemas.AvroSerdeFactory;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sustained ingest throughput of the MQTT bridge against its two halves, measured in one run on one machine with
 * the same telemetry payloads (the JSON of the MQTT contract):
 * <ol>
 *   <li>(a) broker alone: robots publish QoS 1 to HiveMQ, a plain QoS 1 subscriber receives;</li>
 *   <li>(b) Kafka producer alone: the same samples as Avro {@code TelemetrySample}, {@code acks=all}, idempotent,
 *       registry serializer, same producer settings as the bridge;</li>
 *   <li>(c) the bridge: robots publish QoS 1, the bridge parses, validates, produces ({@code acks=all}, Avro) and
 *       acknowledges each message after Kafka confirmed it.</li>
 * </ol>
 * Throughput is messages / (first publish .. last message received, resp. confirmed). Each round measures (a), (b)
 * and (c) back to back; {@code ingest_ratio} is the median over the rounds of (c) / min((a), (b)). Then publish ->
 * Kafka latency (publish call to the record being readable by a consumer) at half the bridge's median rate, and
 * the drain rate of a HiveMQ CE shared subscription over 1, 2 and 4 connections and two receive-maximum settings.
 *
 * <p>Kafka and the registry come from {@link LocalPlatform}; the MQTT broker is HiveMQ CE embedded here with a
 * {@code max-queue-size} large enough for the whole run, because with CE's default (1000 per session) any
 * subscriber slower than the publishers, the plain one as well as the bridge, loses messages in the broker.
 * The bridge runs with its reference configuration.
 *
 * <p>Arguments (optional): {@code --rounds=3 --warmup-rounds=1 --robots=10 --messages=50000 --warmup=10000
 * --latency-messages=20000 --drain-backlog=30000 --ack-delays=<ms,...> --hivemq-inflight-window=<n>
 * --broker=hivemq|mosquitto}, and any bridge setting as {@code --bridge.<key>=<value>} (default: reference.conf).
 */
public final class IngestBenchmark {

    private static final String MQTT_HOST = "127.0.0.1";
    private static final int OUTSTANDING_PER_ROBOT = 64;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int robots;
    private final int messages;
    private final int warmup;
    private final int latencyMessages;
    private final int drainBacklog;
    private final int rounds;
    /** Whole rounds run first and discarded: the JIT is still compiling the three paths during the first. */
    private final int warmupRounds;
    /** The bridge's receive-maximum (as configured for this run); the plain subscribers get the same window. */
    private final int receiveMaximum;
    private final List<Integer> ackDelays = new ArrayList<>();
    private final int hivemqInflightWindow;
    private final boolean mosquitto;
    private final Map<String, Object> bridgeSettings = new HashMap<>();

    private IngestBenchmark(Map<String, String> args) {
        robots = Integer.parseInt(args.getOrDefault("robots", "10"));
        messages = Integer.parseInt(args.getOrDefault("messages", "50000"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "10000"));
        latencyMessages = Integer.parseInt(args.getOrDefault("latency-messages", "20000"));
        drainBacklog = Integer.parseInt(args.getOrDefault("drain-backlog", "30000"));
        rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        warmupRounds = Integer.parseInt(args.getOrDefault("warmup-rounds", "1"));
        hivemqInflightWindow = Integer.parseInt(args.getOrDefault("hivemq-inflight-window",
                String.valueOf(EmbeddedMqttBroker.MAX_INFLIGHT_WINDOW)));
        mosquitto = switch (args.getOrDefault("broker", "hivemq")) {
            case "hivemq" -> false;
            case "mosquitto" -> true;
            default -> throw new IllegalArgumentException("--broker must be hivemq or mosquitto");
        };
        for (String delay : args.getOrDefault("ack-delays", "").split(",")) {
            if (!delay.isBlank()) {
                ackDelays.add(Integer.parseInt(delay.trim()));
            }
        }
        args.forEach((key, value) -> {
            if (key.startsWith("bridge.")) {
                bridgeSettings.put(key, value);
            }
        });
        receiveMaximum = BridgeConfig.load(bridgeSettings).mqtt().receiveMaximum();
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bridge-logback.xml");
        }
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new IngestBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        EmbeddedMqttBroker.setMaxInflightWindow(hivemqInflightWindow);
        Path work = Path.of("target", "ingest-benchmark", UUID.randomUUID().toString().substring(0, 8));
        List<Round> measured = new ArrayList<>();
        List<String> lateAcks = new ArrayList<>();
        Latency latency;
        int mqttPort = PortAllocator.freePort();
        AutoCloseable broker = startBroker(work.resolve("mqtt"), mqttPort);
        try (LocalPlatform platform = LocalPlatform.builder().workDir(work.resolve("platform"))
                .services(ServiceKind.KAFKA, ServiceKind.REGISTRY).build().start()) {
            PlatformEndpoints endpoints = platform.endpoints();
            String baselineTopic = createProducerBaselineTopic(endpoints);
            for (int delay : ackDelays) {
                lateAcks.add(String.format(Locale.ROOT, "  acknowledged %d ms after receipt: %s", delay,
                        lateAckSubscriber(mqttPort, delay)));
            }
            // (a), (b) and (c) back to back in every round: on a shared machine the load changes by the minute,
            // and a ratio of rates measured minutes apart would mostly measure that change.
            for (int i = -warmupRounds; i < rounds; i++) {
                Rate brokerAlone = brokerToSubscriber(mqttPort);
                Rate producerAlone = producerOnly(endpoints, baselineTopic);
                Rate bridged;
                try (Bridge bridge = startBridge(endpoints, mqttPort)) {
                    bridged = bridged(bridge, mqttPort);
                }
                Round round = new Round(brokerAlone, producerAlone, bridged);
                if (i >= 0) {
                    measured.add(round);
                }
                System.out.printf(Locale.ROOT, "%s: %s%n", i >= 0 ? "round " + (i + 1) : "warm-up round", round);
            }
            try (Bridge bridge = startBridge(endpoints, mqttPort)) {
                latency = latency(endpoints, mqttPort, (int) (median(measured, r -> r.bridged().perSecond()) / 2));
            }
        } finally {
            broker.close();
        }
        List<String> drain = drainBacklog > 0 ? sharedSubscriptionDrain(work.resolve("drain-broker")) : List.of();

        System.out.println();
        for (int i = 0; i < measured.size(); i++) {
            Round round = measured.get(i);
            System.out.printf(Locale.ROOT, "round %d%n", i + 1);
            System.out.printf(Locale.ROOT, "  (a) broker alone, MQTT QoS 1 publish -> plain subscriber: %s%n",
                    round.brokerAlone());
            System.out.printf(Locale.ROOT, "  (b) Kafka producer alone, Avro acks=all idempotent:       %s%n",
                    round.producerAlone());
            System.out.printf(Locale.ROOT, "  (c) bridge, MQTT QoS 1 -> Kafka acks=all Avro:            %s%n",
                    round.bridged());
            System.out.printf(Locale.ROOT, "  ratio (c) / min((a), (b)): %.2f; bound if every path were CPU-bound:"
                    + " %.2f, the bridge's own CPU: %.0f us/msg%n", round.ratio(), round.cpuBoundCeiling(),
                    round.bridgeOwnCpu());
        }
        if (!lateAcks.isEmpty()) {
            System.out.println("(a') broker alone, subscriber acknowledging manually and late:");
            lateAcks.forEach(System.out::println);
        }
        System.out.printf(Locale.ROOT, "bridge settings: %s, HiveMQ in-flight window %d, receive-maximum %d%n",
                bridgeSettings.isEmpty() ? "reference.conf" : bridgeSettings, hivemqInflightWindow, receiveMaximum);
        System.out.printf(Locale.ROOT, "median msg/s: (a) %,.0f, (b) %,.0f, (c) %,.0f%n",
                median(measured, r -> r.brokerAlone().perSecond()),
                median(measured, r -> r.producerAlone().perSecond()), median(measured, r -> r.bridged().perSecond()));
        System.out.printf(Locale.ROOT, "ingest_ratio: %.2f (median of %d rounds)%n", median(measured, Round::ratio),
                measured.size());
        System.out.printf(Locale.ROOT, "publish -> Kafka latency at %,d msg/s: p50 %d ms, p99 %d ms, max %d ms "
                + "(%d samples)%n", latency.rate(), latency.p50(), latency.p99(), latency.max(), latency.samples());
        if (!drain.isEmpty()) {
            System.out.println("HiveMQ CE shared-subscription drain of a " + drainBacklog + "-message backlog:");
            drain.forEach(System.out::println);
        }
    }

    private Bridge startBridge(PlatformEndpoints endpoints, int mqttPort) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "bridge.mqtt.host", MQTT_HOST,
                "bridge.mqtt.port", mqttPort,
                "bridge.mqtt.client-id", "ingest-benchmark",
                "bridge.mqtt.session-expiry", "0s",
                "bridge.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers(),
                "bridge.registry.url", endpoints.registryApiUrl()));
        settings.putAll(bridgeSettings);
        Bridge bridge = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry());
        bridge.start();
        return bridge;
    }

    /** (c): the same publishers, the bridge; a message counts once Kafka confirmed it and the bridge acknowledged. */
    private Rate bridged(Bridge bridge, int mqttPort) throws Exception {
        LongSupplier confirmed = () -> bridge.metrics().snapshot().acknowledged();
        timed(mqttPort, "bench-bw", warmup, confirmed);
        return timed(mqttPort, "bench-b", messages, confirmed);
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** (a): the same publishers, a plain QoS 1 subscriber that acknowledges on receipt. */
    private Rate brokerToSubscriber(int mqttPort) throws Exception {
        AtomicLong received = new AtomicLong();
        Mqtt5AsyncClient subscriber = Mqtt5Client.builder().identifier("bench-subscriber")
                .serverHost(MQTT_HOST).serverPort(mqttPort).buildAsync();
        subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> received.incrementAndGet());
        subscriber.connectWith().cleanStart(true).restrictions().receiveMaximum(receiveMaximum)
                .applyRestrictions().send().join();
        subscriber.subscribeWith().topicFilter("robots/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send().join();
        try {
            timed(mqttPort, "bench-sw", warmup, received::get);
            return timed(mqttPort, "bench-s", messages, received::get);
        } finally {
            subscriber.disconnect().join();
        }
    }

    /**
     * (a') as (a), but the subscriber acknowledges each message manually {@code delayMillis} after receiving it,
     * standing in for the bridge's wait for Kafka: shows whether the broker's delivery rate depends on how soon
     * the subscriber acknowledges.
     */
    private Rate lateAckSubscriber(int mqttPort, int delayMillis) throws Exception {
        AtomicLong received = new AtomicLong();
        ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor();
        Mqtt5AsyncClient subscriber = Mqtt5Client.builder().identifier("bench-late-subscriber-" + delayMillis)
                .serverHost(MQTT_HOST).serverPort(mqttPort).buildAsync();
        subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> {
            received.incrementAndGet();
            if (delayMillis == 0) {
                p.acknowledge();
            } else {
                acker.schedule(p::acknowledge, delayMillis, TimeUnit.MILLISECONDS);
            }
        }, true);
        subscriber.connectWith().cleanStart(true).restrictions().receiveMaximum(receiveMaximum)
                .applyRestrictions().send().join();
        subscriber.subscribeWith().topicFilter("robots/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send().join();
        try {
            timed(mqttPort, "bench-lw", warmup, received::get);
            return timed(mqttPort, "bench-la", messages, received::get);
        } finally {
            subscriber.disconnect().join();
            acker.shutdown();
        }
    }

    /**
     * Publishes {@code count} telemetry messages from {@link #robots} robots and waits until {@code done} has
     * grown by {@code count}; returns messages per second over that whole span and the CPU this JVM used.
     */
    private Rate timed(int mqttPort, String prefix, int count, LongSupplier done) throws Exception {
        long before = done.getAsLong();
        try (Publishers publishers = new Publishers(MQTT_HOST, mqttPort, prefix, robots)) {
            long total = (long) count / robots * robots;
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publishers.publish(count / robots, 0));
            while (done.getAsLong() - before < total) {
                Thread.sleep(5);
            }
            Rate rate = Rate.of(total, System.nanoTime() - start, PROCESS.getProcessCpuTime() - cpuStart);
            publishing.join();
            return rate;
        }
    }

    private static String createProducerBaselineTopic(PlatformEndpoints endpoints) throws Exception {
        String topic = "bench.producer-baseline";
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, Topics.ROBOT_KEYED_PARTITIONS, (short) 1))).all().get();
        }
        return topic;
    }

    /** (b): the same samples, produced directly with the bridge's producer settings and serializer. */
    private Rate producerOnly(PlatformEndpoints endpoints, String topic) throws Exception {
        Properties props = new Properties();
        props.putAll(BridgeConfig.load(bridgeSettings).kafka().producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AvroKafkaSerializer<SpecificRecord> values = new AvroKafkaSerializer<>();
        values.configure(AvroSerdeFactory.forRegistry(endpoints.registryApiUrl()).serdeConfig(), false);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props, new StringSerializer(),
                values)) {
            produce(producer, topic, warmup);
            return produce(producer, topic, messages);
        }
    }

    private Rate produce(KafkaProducer<String, SpecificRecord> producer, String topic, int count)
            throws InterruptedException {
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String robot = robotId("bench-p", i % robots);
            records.add(new ProducerRecord<>(topic, robot, sample(robot, i / robots, now)));
        }
        Semaphore outstanding = new Semaphore(robots * OUTSTANDING_PER_ROBOT * 16);
        AtomicLong failures = new AtomicLong();
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        for (ProducerRecord<String, SpecificRecord> record : records) {
            outstanding.acquire();
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                }
                outstanding.release();
            });
        }
        producer.flush();
        Rate rate = Rate.of(count, System.nanoTime() - start, PROCESS.getProcessCpuTime() - cpuStart);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " producer sends failed");
        }
        return rate;
    }

    /** Publish call -> record readable from robots.telemetry, paced at {@code rate} messages per second. */
    private Latency latency(PlatformEndpoints endpoints, int mqttPort, int rate) throws Exception {
        String prefix = "bench-l";
        int perRobot = latencyMessages / robots;
        long[] latencies = new long[perRobot * robots];
        AtomicLong seen = new AtomicLong();
        AtomicBoolean ready = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(endpoints, prefix, latencies, seen, ready), "latency-consumer");
        consumer.start();
        while (!ready.get()) {
            Thread.sleep(10);
        }
        try (Publishers publishers = new Publishers(MQTT_HOST, mqttPort, prefix, robots)) {
            publishers.publish(perRobot, rate);
        }
        consumer.join(TimeUnit.MINUTES.toMillis(5));
        int n = (int) Math.min(seen.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Latency(rate, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[n - 1], n);
    }

    private void consume(PlatformEndpoints endpoints, String prefix, long[] latencies, AtomicLong seen,
            AtomicBoolean ready) {
        var topic = Topics.forRegistry(endpoints.registryApiUrl()).telemetry();
        try (KafkaConsumer<String, TelemetrySample> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.set(true);
            while (seen.get() < latencies.length) {
                for (ConsumerRecord<String, TelemetrySample> record : consumer.poll(java.time.Duration.ofMillis(50))) {
                    if (record.key().startsWith(prefix)) {
                        long index = seen.getAndIncrement();
                        if (index < latencies.length) {
                            latencies[(int) index] = System.currentTimeMillis()
                                    - record.value().getEventTime().toEpochMilli();
                        }
                    }
                }
            }
        }
    }

    /**
     * Drain rate of a shared subscription: a backlog queued while every member was offline, then 1, 2 or 4 members
     * reconnect at once. Runs on a dedicated HiveMQ CE whose queue holds the backlog (CE's default is 1000).
     */
    private List<String> sharedSubscriptionDrain(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int receiveMaximum : new int[] {100, 1000}) {
            for (int connections : new int[] {1, 2, 4}) {
                Path brokerDir = dir.resolve(receiveMaximum + "-" + connections);
                int port = PortAllocator.freePort();
                try (AutoCloseable broker = startBroker(brokerDir, port)) {
                    lines.add(drainOnce(port, receiveMaximum, connections));
                }
            }
        }
        return lines;
    }

    private String drainOnce(int port, int receiveMaximum, int connections) throws Exception {
        List<Mqtt5AsyncClient> members = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            AtomicLong count = new AtomicLong();
            Mqtt5AsyncClient member = Mqtt5Client.builder().identifier("drain-" + i).serverHost(MQTT_HOST)
                    .serverPort(port).buildAsync();
            member.publishes(MqttGlobalPublishFilter.ALL, p -> count.incrementAndGet());
            connectPersistent(member, receiveMaximum);
            member.subscribeWith().topicFilter("$share/bench/robots/+/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .send().join();
            member.disconnect().join();
            members.add(member);
            counts.add(count);
        }
        try (Publishers publishers = new Publishers(MQTT_HOST, port, "bench-d", robots)) {
            publishers.publish(drainBacklog / robots, 0);
        }
        long total = (long) drainBacklog / robots * robots;
        long start = System.nanoTime();
        members.forEach(m -> connectPersistent(m, receiveMaximum));
        while (counts.stream().mapToLong(AtomicLong::get).sum() < total) {
            Thread.sleep(5);
        }
        long elapsed = System.nanoTime() - start;
        members.forEach(m -> m.disconnect().join());
        return String.format(Locale.ROOT, "  receive-maximum %5d, %d connection(s): %,8.0f msg/s, split %s",
                receiveMaximum, connections, total * 1e9 / elapsed, counts);
    }

    private static void connectPersistent(Mqtt5AsyncClient client, int receiveMaximum) {
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).restrictions()
                .receiveMaximum(receiveMaximum).applyRestrictions().send().join();
    }

    private AutoCloseable startBroker(Path dir, int port) throws Exception {
        if (mosquitto) {
            return mosquittoBroker(dir, port);
        }
        EmbeddedHiveMQ hivemq = deepQueueBroker(dir, port);
        return () -> {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        };
    }

    /**
     * Debian's mosquitto as a child process, configured like the HiveMQ here: 127.0.0.1 only, a queue that holds the
     * whole run, no persistence to disk; the client's receive-maximum is the only in-flight limit, and Nagle is off
     * as HiveMQ (Netty) has it.
     */
    private static AutoCloseable mosquittoBroker(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " " + MQTT_HOST,
                "allow_anonymous true",
                "persistence false",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "set_tcp_nodelay true",
                "log_type error",
                "log_type warning",
                ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (java.net.Socket probe = new java.net.Socket(MQTT_HOST, port)) {
                break;
            } catch (java.io.IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("mosquitto did not start, see " + dir.resolve("mosquitto.log"));
                }
                Thread.sleep(50);
            }
        }
        return () -> {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        };
    }

    private static EmbeddedHiveMQ deepQueueBroker(Path dir, int port) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                    <mqtt><queued-messages><max-queue-size>10000000</max-queue-size></queued-messages></mqtt>
                    <persistence><mode>in-memory</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port), StandardCharsets.UTF_8);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                .withDataFolder(dir.resolve("data")).withExtensionsFolder(dir.resolve("extensions"))
                .withoutLoggingBootstrap().build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        return hivemq;
    }

    private static TelemetrySample sample(String robot, long seq, Instant ts) {
        return TelemetrySample.newBuilder().setRobotId(robot).setSite("site-a").setEventTime(ts).setSeq(seq)
                .setMetrics(Map.of("battery_pct", 87.5, "motor_temp_c", 41.2, "cpu_pct", 23.0, "pos_x", 1.5,
                        "pos_y", -3.2, "velocity_mps", 0.8))
                .setStatus("ACTIVE").setIngestTime(ts).build();
    }

    private static String telemetryJson(String robot, long seq, long ts) {
        return String.format(Locale.ROOT, "{\"robotId\":\"%s\",\"site\":\"site-a\",\"seq\":%d,\"ts\":%d,"
                + "\"metrics\":{\"battery_pct\":87.5,\"motor_temp_c\":41.2,\"cpu_pct\":23.0,\"pos_x\":1.5,"
                + "\"pos_y\":-3.2,\"velocity_mps\":0.8},\"status\":\"ACTIVE\"}", robot, seq, ts);
    }

    private static String robotId(String prefix, int index) {
        return String.format(Locale.ROOT, "%s-%04d", prefix, index);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private record Latency(int rate, long p50, long p99, long max, int samples) {
    }

    /** (a), (b) and (c) measured back to back. */
    private record Round(Rate brokerAlone, Rate producerAlone, Rate bridged) {
        double ratio() {
            return bridged.perSecond() / Math.min(brokerAlone.perSecond(), producerAlone.perSecond());
        }

        /**
         * The bridge does all the work of (a) and of (b) in the same JVM (publishers, HiveMQ, an MQTT subscriber,
         * serializer, producer, Kafka broker), so on cores that every path saturates its rate cannot exceed
         * cores / (CPU per message of (a) + of (b)), and the ratio cannot exceed this.
         */
        double cpuBoundCeiling() {
            double a = brokerAlone.cpuMicrosPerMessage();
            double b = producerAlone.cpuMicrosPerMessage();
            return Math.max(a, b) / (a + b);
        }

        /** CPU per message the bridge adds to (a) + (b): JSON parsing, validation, Avro building, hand-offs. */
        double bridgeOwnCpu() {
            return bridged.cpuMicrosPerMessage() - brokerAlone.cpuMicrosPerMessage()
                    - producerAlone.cpuMicrosPerMessage();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(a) %,.0f, (b) %,.0f, (c) %,.0f msg/s, ratio %.2f",
                    brokerAlone.perSecond(), producerAlone.perSecond(), bridged.perSecond(), ratio());
        }
    }

    /**
     * A measured rate and the CPU this JVM (broker, Kafka, bridge, publishers: everything but the registry) spent
     * meanwhile, as busy cores and as CPU time per message: on a machine with few cores this tells whether a path
     * is bound by CPU or by waiting.
     */
    private record Rate(double perSecond, double busyCores, double cpuMicrosPerMessage) {
        static Rate of(long messages, long elapsedNanos, long cpuNanos) {
            return new Rate(messages * 1e9 / elapsedNanos, (double) cpuNanos / elapsedNanos,
                    cpuNanos / 1e3 / messages);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f msg/s (JVM CPU %.2f cores, %.0f us/msg)", perSecond, busyCores,
                    cpuMicrosPerMessage);
        }
    }

    /**
     * One MQTT connection per robot publishing QoS 1 telemetry with a bounded number of unacknowledged messages;
     * each message's {@code ts} is its publish time.
     */
    private static final class Publishers implements AutoCloseable {
        private final List<String> robotIds = new ArrayList<>();
        private final List<Mqtt5AsyncClient> clients = new ArrayList<>();

        Publishers(String host, int port, String prefix, int robots) {
            for (int i = 0; i < robots; i++) {
                String robot = robotId(prefix + UUID.randomUUID().toString().substring(0, 4), i);
                Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("pub-" + robot).serverHost(host)
                        .serverPort(port).buildAsync();
                client.connect().join();
                robotIds.add(robot);
                clients.add(client);
            }
        }

        /** Publishes seq 0..perRobot-1 for every robot; paced at {@code rate} messages/s overall, 0 = unpaced. */
        void publish(int perRobot, int rate) {
            List<Semaphore> windows = new ArrayList<>();
            clients.forEach(c -> windows.add(new Semaphore(OUTSTANDING_PER_ROBOT)));
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long start = System.nanoTime();
            long scheduled = 0;
            try {
                for (int seq = 0; seq < perRobot; seq++) {
                    if (rate > 0) {
                        long wait = start + scheduled * 1_000_000_000L / rate - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    scheduled += clients.size();
                    for (int r = 0; r < clients.size(); r++) {
                        Semaphore window = windows.get(r);
                        window.acquire();
                        String robot = robotIds.get(r);
                        pending.add(clients.get(r).publishWith().topic("robots/" + robot + "/telemetry")
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .payload(telemetryJson(robot, seq, System.currentTimeMillis())
                                        .getBytes(StandardCharsets.UTF_8))
                                .send().whenComplete((ack, error) -> window.release()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pending.forEach(CompletableFuture::join);
        }

        @Override
        public void close() {
            clients.forEach(c -> c.disconnect().join());
        }
    }
}
