package io.fleetstream.launcher;

import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.connectors.bridge.Bridge;
import io.fleetstream.connectors.bridge.BridgeConfig;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.simulator.FleetSimulator;
import io.fleetstream.simulator.SimulatorConfig;
import io.fleetstream.simulator.credentials.CredentialsFile;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A running local fleet on top of a started {@link LocalPlatform}: the MQTT→Kafka bridge (authenticated as a
 * service user) and the fleet simulator (each robot with its own credentials), plus what the live summary reads.
 */
public final class LocalFleet implements AutoCloseable {

    private static final String BRIDGE_USER = "fleetstream-bridge";

    private final Bridge bridge;
    private final FleetSimulator simulator;
    private final Admin admin;

    private LocalFleet(Bridge bridge, FleetSimulator simulator, Admin admin) {
        this.bridge = bridge;
        this.simulator = simulator;
        this.admin = admin;
    }

    /**
     * Starts the bridge, then the simulator. The bridge's readiness and meters are published on {@code ops}.
     * {@code simulatorOverrides} are simulator keys such as {@code sim.robots}; the MQTT address and credentials
     * file always come from the platform.
     */
    public static LocalFleet start(LocalPlatform platform, OpsServer ops, Map<String, ?> simulatorOverrides) {
        PlatformEndpoints endpoints = platform.endpoints();
        String bridgePassword = randomSecret();
        platform.mqttUsers().addService(BRIDGE_USER, bridgePassword);

        Map<String, Object> simulatorSettings = new HashMap<>(simulatorOverrides);
        simulatorSettings.put("sim.mqtt.host", endpoints.mqttHost());
        simulatorSettings.put("sim.mqtt.port", endpoints.mqttPort());
        simulatorSettings.put("sim.credentials.file",
                platform.workDir().resolve("simulator-credentials").toString());
        simulatorSettings.put("sim.ops.enabled", false);
        SimulatorConfig simulatorConfig = SimulatorConfig.load(simulatorSettings);
        registerRobots(platform, simulatorConfig);

        BridgeConfig bridgeConfig = BridgeConfig.load(Map.of(
                "bridge.mqtt.host", endpoints.mqttHost(),
                "bridge.mqtt.port", endpoints.mqttPort(),
                "bridge.mqtt.username", BRIDGE_USER,
                "bridge.mqtt.password", bridgePassword,
                "bridge.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers(),
                "bridge.registry.url", endpoints.registryApiUrl()));
        Bridge bridge = new Bridge(bridgeConfig, ops.meterRegistry());
        ops.readinessCheck("bridge", bridge.readinessCheck());
        try {
            bridge.start();
        } catch (Exception e) {
            throw new IllegalStateException("the MQTT->Kafka bridge failed to start: " + e.getMessage(), e);
        }
        FleetSimulator simulator = FleetSimulator.start(simulatorConfig);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()));
        return new LocalFleet(bridge, simulator, admin);
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

    public FleetSummary summary() {
        return FleetSummary.of(simulator.stats(), bridge.metrics().snapshot(), KafkaRecordCount.of(admin));
    }

    @Override
    public void close() {
        simulator.close();
        bridge.stop();
        admin.close();
    }
}
