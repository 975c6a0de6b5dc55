package io.fleetstream.streams.health;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.schemas.Topics;
import io.fleetstream.streams.health.api.HealthApi;
import io.fleetstream.streams.health.api.HealthQueries;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet health service: the {@link FleetHealthTopology} under exactly-once processing, its HTTP API
 * (interactive queries, forwarded between instances) and the ops endpoints, all on one port.
 *
 * <p>Readiness is Kafka Streams being RUNNING; liveness fails once it is in ERROR, so an orchestrator restarts
 * the instance, which then restores its state from the changelog topics.
 */
public final class FleetHealthApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetHealthApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final OpsServer ops;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Tracing tracing;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private FleetHealthApp(OpsServer ops, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
            Tracing tracing) {
        this.tracing = tracing;
        this.ops = ops;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
    }

    public static void main(String[] args) throws Exception {
        FleetHealthApp app = start(FleetHealthConfig.load());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "fleet-health-shutdown"));
        app.stopped.await();
        if (app.state() == KafkaStreams.State.ERROR) {
            System.exit(1); // runs the shutdown hook; a non-zero status makes the orchestrator restart us
        }
    }

    /** Starts the app; the HTTP API and ops endpoints are up on return, Kafka Streams is starting. */
    public static FleetHealthApp start(FleetHealthConfig config) throws IOException, InterruptedException {
        FleetHealthConfig.Kafka kafka = config.kafka();
        OpsServer ops = OpsServer.start(config.http().bindHost(), config.http().port(), "fleet-health");
        Tracing tracing = Tracing.start(config.tracing(), "fleetstream-fleet-health");
        try {
            Topics topics = Topics.forRegistry(kafka.registryUrl());
            if (kafka.createTopics()) {
                TopicInitializer.ensure(kafka.bootstrapServers(), kafka.streamsOverrides(), (short) kafka.replicationFactor(),
                        TopicInitializer.topicsOfTheApp(topics));
            }
            HostInfo self = new HostInfo(config.http().advertisedHost(), ops.port());
            HealthMetrics metrics = new HealthMetrics(ops.meterRegistry());
            Topology topology = FleetHealthTopology.build(config.rules(), HealthSerdes.of(topics), metrics, tracing);
            KafkaStreams streams = new KafkaStreams(topology, streamsProperties(kafka, self, topics));
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            FleetHealthApp app = new FleetHealthApp(ops, streams, streamsMetrics, tracing);
            app.wire(metrics, self, config);
            streams.start();
            LOG.info("fleet health API and ops endpoints on {} (application.server {}:{})", ops.baseUrl(),
                    self.host(), self.port());
            return app;
        } catch (RuntimeException | InterruptedException e) {
            tracing.close();
            ops.close();
            throw e;
        }
    }

    private void wire(HealthMetrics metrics, HostInfo self, FleetHealthConfig config) {
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream thread failed; shutting the instance down so it restarts from its changelogs",
                    exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setGlobalStateRestoreListener(metrics.restoreListener());
        streamsMetrics.bindTo(ops.meterRegistry());
        metrics.bindStoreSizes(streams, FleetHealthTopology.STORES);
        ops.readinessCheck("kafka-streams", () -> streams.state() == KafkaStreams.State.RUNNING
                ? HealthCheck.Result.up() : HealthCheck.Result.down("Kafka Streams is " + streams.state()));
        ops.livenessCheck("kafka-streams", () -> {
            KafkaStreams.State state = streams.state();
            return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    ? HealthCheck.Result.down("Kafka Streams is " + state) : HealthCheck.Result.up(state.name());
        });
        HealthApi api = new HealthApi(new HealthQueries(streams, self, System::currentTimeMillis), self,
                config.http().forwardTimeout());
        for (String route : HealthApi.routes()) {
            ops.route(route, api);
        }
    }

    static Properties streamsProperties(FleetHealthConfig.Kafka kafka, HostInfo self, Topics topics) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(DeadLetterHandler.SERIALIZER_CONFIG, topics.deadLetters().valueSerde().serializer());
        props.putAll(kafka.streamsOverrides());
        return props;
    }

    public String baseUrl() {
        return ops.baseUrl();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.close(CLOSE_TIMEOUT);
        tracing.close();
        streamsMetrics.close();
        ops.close();
        stopped.countDown();
    }
}
