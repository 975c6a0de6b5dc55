package io.fleetstream.connectors.bridge;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.fleetstream.common.kafka.AdminClientProperties;
import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.schemas.AvroSerdeFactory;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT to Kafka bridge: subscribes to the robots' MQTT topics with a persistent session, converts each message
 * to its Avro record, produces it with {@code acks=all} and idempotence, and acknowledges the MQTT message only
 * after Kafka confirmed. Inputs that can never be converted go to the dead-letter topic with their reason.
 *
 * <pre>{@code
 * Bridge bridge = new Bridge(BridgeConfig.load(), opsServer.meterRegistry());
 * bridge.start();
 * ...
 * bridge.stop();   // stops consuming, drains in-flight messages, disconnects keeping the session
 * }</pre>
 */
public final class Bridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final ReadWriteLock stopBarrier = new ReentrantReadWriteLock();
    private volatile boolean stopping;
    private volatile boolean started;
    private ScheduledExecutorService scheduler;
    private Tracing tracing;
    private ReliableProducer producer;
    private InFlightWindow window;
    private IngestPipeline pipeline;
    private MqttIngress ingress;

    public Bridge(BridgeConfig config, MeterRegistry registry) {
        this(config, registry, Clock.systemUTC());
    }

    Bridge(BridgeConfig config, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.metrics = new BridgeMetrics(registry);
        this.clock = clock;
    }

    /**
     * Creates missing topics, opens the producer and the object store, then connects to MQTT. Returns once the
     * subscriptions are in place; fails if Kafka, the object store or the MQTT broker cannot be reached.
     */
    public synchronized void start() throws Exception {
        if (started || stopping) {
            throw new IllegalStateException("a bridge starts once; create a new one to start again");
        }
        LOG.atInfo().addKeyValue("mqtt", config.mqtt()).addKeyValue("kafka", config.kafka().bootstrapServers())
                .addKeyValue("routes", config.routes().size()).log("starting MQTT bridge");
        if (config.kafka().provisionTopics()) {
            provisionTopics(Topics.forRegistry(config.registryUrl()));
        }
        Map<PayloadType, PayloadConverter> converters = converters();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-retry");
            t.setDaemon(true);
            return t;
        });
        tracing = Tracing.start(config.tracing(), "fleetstream-bridge");
        producer = new ReliableProducer(createProducer(), scheduler, config.kafka().retryBackoffMax(), metrics);
        window = new InFlightWindow(config.maxInFlight(), metrics);
        pipeline = new IngestPipeline(config.routes(), converters, producer, config.deadLetter(), metrics, window,
                scheduler, config.kafka().retryBackoffMax(), () -> stopping, clock, tracing);
        ingress = new MqttIngress(config.mqtt(), this::onMessage, clock);
        started = true;
        try {
            ingress.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        LOG.info("MQTT bridge started");
    }

    private void onMessage(IncomingMessage message) {
        stopBarrier.readLock().lock();
        try {
            if (stopping || !window.acquire(() -> stopping)) {
                return;
            }
            pipeline.process(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopBarrier.readLock().unlock();
        }
    }

    /**
     * Graceful shutdown: stops taking new messages (the broker keeps them for the session), waits up to
     * {@code shutdown-drain-timeout} for in-flight messages to be confirmed and acknowledged, then disconnects
     * without ending the session and closes the producer.
     */
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        stopping = true;
        // Waits for handlers that are converting or sending right now; later ones see the flag and return.
        stopBarrier.writeLock().lock();
        stopBarrier.writeLock().unlock();
        try {
            if (!window.awaitEmpty(config.shutdownDrainTimeout())) {
                LOG.atWarn().addKeyValue("inFlight", window.inFlight())
                        .log("drain timeout: unacknowledged messages will be redelivered to the next session");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ingress.close();
        producer.close(Duration.ofSeconds(10));
        scheduler.shutdownNow();
        tracing.close();
        LOG.atInfo().addKeyValue("metrics", metrics.snapshot()).log("MQTT bridge stopped");
    }

    @Override
    public void close() {
        stop();
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Ready when every MQTT connection is up and Kafka accepts records. */
    public HealthCheck readinessCheck() {
        return () -> {
            if (!started || ingress == null) {
                return HealthCheck.Result.down("not started");
            }
            if (!ingress.connected()) {
                return HealthCheck.Result.down("MQTT: " + ingress.describeState());
            }
            if (!producer.healthy()) {
                return HealthCheck.Result.down("Kafka: " + producer.lastFailure());
            }
            return HealthCheck.Result.up("MQTT connected, Kafka producing, in flight " + window.inFlight());
        };
    }

    /** Alive while started: a lost MQTT or Kafka connection is reconnected internally, not by a restart. */
    public HealthCheck livenessCheck() {
        return () -> started ? HealthCheck.Result.up() : HealthCheck.Result.down("stopped");
    }

    private Map<PayloadType, PayloadConverter> converters() throws Exception {
        BridgeConfig.Validation validation = config.validation();
        JsonPayloadReader json = new JsonPayloadReader(validation.maxJsonBytes());
        EnvelopeValidator envelopes = new EnvelopeValidator(clock, validation.maxFutureSkew(), validation.maxAge());
        Optional<ClaimCheckStore> store = Optional.empty();
        if (config.objectStore().isPresent()) {
            ClaimCheckStore claimChecks = new ClaimCheckStore(config.objectStore().get());
            claimChecks.ensureBucket();
            store = Optional.of(claimChecks);
        }
        Map<PayloadType, PayloadConverter> converters = new EnumMap<>(PayloadType.class);
        converters.put(PayloadType.TELEMETRY, new TelemetryConverter(json, envelopes, validation.metricRanges()));
        converters.put(PayloadType.HEARTBEAT, new HeartbeatConverter(json, envelopes));
        converters.put(PayloadType.LOG, new LogConverter(json, envelopes));
        converters.put(PayloadType.POINTCLOUD, new PointcloudConverter(envelopes, config.pointcloud(), store));
        return converters;
    }

    private KafkaProducer<String, SpecificRecord> createProducer() {
        Properties props = new Properties();
        props.putAll(config.kafka().producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.mqtt().clientId());
        // The no-loss contract: a record counts as written only when every in-sync replica has it, and retries
        // never duplicate or reorder within a partition.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AvroKafkaSerializer<SpecificRecord> values = new AvroKafkaSerializer<>();
        values.configure(AvroSerdeFactory.forRegistry(config.registryUrl()).serdeConfig(), false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private void provisionTopics(Topics topics) throws Exception {
        Map<String, Topic<String, ?>> catalogue = topics.all().stream()
                .collect(Collectors.toMap(Topic::name, Function.identity()));
        Set<String> names = new LinkedHashSet<>();
        config.routes().forEach(route -> names.add(route.kafkaTopic()));
        names.add(config.deadLetter().topic());
        short replication = config.kafka().replicationFactor();
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : names) {
            Topic<String, ?> known = catalogue.get(name);
            wanted.add(known != null ? known.newTopic(replication)
                    : new NewTopic(name, Topics.ROBOT_KEYED_PARTITIONS, replication));
        }
        // The producer's pass-through settings carry the cluster's security settings; the admin needs them too.
        try (Admin admin = Admin.create(
                AdminClientProperties.from(config.kafka().bootstrapServers(), config.kafka().producer()))) {
            TopicProvisioner.createMissing(admin, wanted);
        }
    }
}
