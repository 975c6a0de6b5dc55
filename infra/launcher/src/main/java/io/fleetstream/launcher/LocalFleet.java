package io.fleetstream.launcher;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.connectors.bridge.Bridge;
import io.fleetstream.connectors.bridge.BridgeConfig;
import io.fleetstream.connectors.bridge.TopicProvisioner;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.Topics;
import io.fleetstream.simulator.FleetSimulator;
import io.fleetstream.simulator.SimulatorConfig;
import io.fleetstream.simulator.credentials.CredentialsFile;
import io.fleetstream.streams.health.FleetHealthApp;
import io.fleetstream.streams.health.FleetHealthConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on top of a started {@link LocalPlatform}: the fleet-health Kafka Streams app and the Flink
 * jobs selected by {@code launcher.jobs}, the MQTT→Kafka bridge (authenticated as a service user) and the fleet
 * simulator (each robot with its own credentials), plus what the live summary reads. Consumers start before
 * producers, and {@link #close()} stops them in reverse order.
 */
public final class LocalFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFleet.class);
    private static final String BRIDGE_USER = "fleetstream-bridge";
    /** The local platform runs a single Kafka broker. */
    private static final short REPLICATION = 1;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private Admin admin;
    private FleetSimulator simulator;
    private Bridge bridge;
    private DownstreamWatch watch;
    private KafkaRecordCount kafkaBaseline;
    private InfluxDB influx;
    private String influxDatabase;
    private FleetHealthApp fleetHealth;
    private FlinkJobs flinkJobs;

    private LocalFleet() {
    }

    /**
     * Starts the selected downstream jobs, the bridge, then the simulator. Readiness checks and meters are
     * published on {@code ops}. {@code settings} are full configuration keys of the sections in
     * {@link LauncherConfig} ({@code sim.robots}, {@code launcher.jobs}, {@code health.offline-after}, ...); the
     * platform's endpoints, the credentials and the state directories always come from the platform.
     */
    public static LocalFleet start(LocalPlatform platform, OpsServer ops, Map<String, ?> settings) {
        String bridgePassword = randomSecret();
        LauncherConfig config = LauncherConfig.of(settings, platformSettings(platform, bridgePassword),
                System.getenv());
        LocalFleet fleet = new LocalFleet();
        try {
            fleet.startAll(platform, ops, config, bridgePassword);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        } catch (Exception e) {
            fleet.close();
            throw new IllegalStateException("the local fleet failed to start: " + e.getMessage(), e);
        }
    }

    private void startAll(LocalPlatform platform, OpsServer ops, LauncherConfig config, String bridgePassword)
            throws Exception {
        PlatformEndpoints endpoints = platform.endpoints();
        Set<DownstreamJob> jobs = config.jobs();
        admin = started(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers())));
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        // The Flink jobs expect their topics to exist; the bridge and the health app would create only their own.
        TopicProvisioner.createMissing(admin, topics.all().stream().map(t -> t.newTopic(REPLICATION)).toList());
        // What is already there (a reused work directory) is not this run's: the summary counts from here.
        kafkaBaseline = KafkaRecordCount.of(admin);
        watch = started(DownstreamWatch.start(endpoints.kafkaBootstrapServers(), topics, jobs));
        if (endpoints.has(ServiceKind.INFLUXDB)) {
            influx = started(InfluxDBFactory.connect(endpoints.influxUrl()));
            influxDatabase = config.root().getString("flink-jobs.influx.database");
        }

        if (jobs.contains(DownstreamJob.FLEET_HEALTH)) {
            FleetHealthApp app = started(FleetHealthApp.start(FleetHealthConfig.from(config.root())));
            ops.readinessCheck("fleet-health", () -> app.state() == KafkaStreams.State.RUNNING
                    ? HealthCheck.Result.up() : HealthCheck.Result.down("Kafka Streams is " + app.state()));
            fleetHealth = app;
        }
        List<DownstreamJob> flink = jobs.stream().filter(DownstreamJob::isFlink).toList();
        if (!flink.isEmpty()) {
            flinkJobs = started(FlinkJobs.start(FlinkJobsConfig.of(config.root()), flink,
                    config.flinkParallelism(), ops));
        }

        BridgeConfig bridgeConfig = BridgeConfig.from(config.root());
        platform.mqttUsers().addService(BRIDGE_USER, bridgePassword);
        Bridge startedBridge = new Bridge(bridgeConfig, ops.meterRegistry());
        ops.readinessCheck("bridge", startedBridge.readinessCheck());
        try {
            startedBridge.start();
        } catch (Exception e) {
            throw new IllegalStateException("the MQTT->Kafka bridge failed to start: " + e.getMessage(), e);
        }
        bridge = started(startedBridge, startedBridge::stop);

        SimulatorConfig simulatorConfig = SimulatorConfig.from(config.root());
        registerRobots(platform, simulatorConfig);
        simulator = started(FleetSimulator.start(simulatorConfig));
    }

    /** Keys every component takes from the running platform rather than from its defaults. */
    private static Map<String, Object> platformSettings(LocalPlatform platform, String bridgePassword) {
        PlatformEndpoints e = platform.endpoints();
        Path workDir = platform.workDir();
        Map<String, Object> s = new HashMap<>();
        s.put("sim.mqtt.host", e.mqttHost());
        s.put("sim.mqtt.port", e.mqttPort());
        s.put("sim.credentials.file", workDir.resolve("simulator-credentials").toString());
        s.put("sim.ops.enabled", false);
        s.put("bridge.mqtt.host", e.mqttHost());
        s.put("bridge.mqtt.port", e.mqttPort());
        s.put("bridge.mqtt.username", BRIDGE_USER);
        s.put("bridge.mqtt.password", bridgePassword);
        s.put("bridge.kafka.bootstrap-servers", e.kafkaBootstrapServers());
        s.put("bridge.registry.url", e.registryApiUrl());
        s.put("health.kafka.bootstrap-servers", e.kafkaBootstrapServers());
        s.put("health.kafka.registry-url", e.registryApiUrl());
        s.put("health.kafka.state-dir", workDir.resolve("fleet-health").toString());
        s.put("flink-jobs.kafka.bootstrap-servers", e.kafkaBootstrapServers());
        s.put("flink-jobs.kafka.registry-url", e.registryApiUrl());
        s.put("flink-jobs.runtime.checkpoint-dir", workDir.resolve("flink-checkpoints").toUri().toString());
        if (e.has(ServiceKind.INFLUXDB)) {
            s.put("flink-jobs.influx.url", e.influxUrl());
            s.put("flink-jobs.tiering.index.url", e.influxUrl());
        }
        if (e.has(ServiceKind.OBJECT_STORE)) {
            s.put("flink-jobs.tiering.object-store.endpoint", e.s3Endpoint());
            s.put("flink-jobs.tiering.object-store.access-key", e.s3AccessKey());
            s.put("flink-jobs.tiering.object-store.secret-key", e.s3SecretKey());
        }
        return s;
    }

    private <T extends AutoCloseable> T started(T resource) {
        running.push(resource);
        return resource;
    }

    private <T> T started(T resource, AutoCloseable stop) {
        running.push(stop);
        return resource;
    }

    private static void registerRobots(LocalPlatform platform, SimulatorConfig config) {
        List<String> robotIds = config.fleet().robotSpecs().stream().map(spec -> spec.robotId()).toList();
        CredentialsFile credentials = CredentialsFile.loadOrCreate(config.credentials().file(), robotIds);
        robotIds.forEach(id -> platform.mqttUsers().addRobot(id, credentials.password(id)));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The fleet-health HTTP API (and its own ops endpoints), when that app runs. */
    public Optional<String> fleetHealthUrl() {
        return Optional.ofNullable(fleetHealth).map(FleetHealthApp::baseUrl);
    }

    /** The REST API of the Flink MiniCluster, when Flink jobs run. */
    public Optional<String> flinkRestUrl() {
        return Optional.ofNullable(flinkJobs).map(FlinkJobs::restUrl);
    }

    public FleetSummary summary() {
        return FleetSummary.of(simulator.stats(), bridge.metrics().snapshot(),
                KafkaRecordCount.of(admin).since(kafkaBaseline), watch.facts(),
                influx == null ? null : InfluxPointCount.of(influx, influxDatabase));
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping the local fleet", e);
            }
        }
    }
}
