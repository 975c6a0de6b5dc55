package io.fleetstream.connectors.bridge;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.fleetstream.platform.PlatformEndpoints;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Bridge configuration pointing at the test platform, each bridge under its own MQTT session. */
final class BridgeFixture {

    private BridgeFixture() {
    }

    /** Configuration keys (as in reference.conf) that point a bridge at the platform. */
    static Map<String, Object> platformOverrides(PlatformEndpoints endpoints, String clientId) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("bridge.mqtt.host", endpoints.mqttHost());
        overrides.put("bridge.mqtt.port", endpoints.mqttPort());
        overrides.put("bridge.mqtt.client-id", clientId);
        overrides.put("bridge.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        overrides.put("bridge.registry.url", endpoints.registryApiUrl());
        overrides.put("bridge.ops.port", 0);
        overrides.put("bridge.object-store.endpoint", endpoints.s3Endpoint());
        overrides.put("bridge.object-store.access-key", endpoints.s3AccessKey());
        overrides.put("bridge.object-store.secret-key", endpoints.s3SecretKey());
        return overrides;
    }

    static BridgeConfig config(PlatformEndpoints endpoints, String clientId, Map<String, Object> extra) {
        Map<String, Object> overrides = platformOverrides(endpoints, clientId);
        overrides.putAll(extra);
        return BridgeConfig.load(overrides);
    }

    static String uniqueClientId(String purpose) {
        return "bridge-test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Ends the persistent sessions a test bridge left behind, so the broker stops queueing messages of later tests
     * for them.
     */
    static void discardSessions(PlatformEndpoints endpoints, String clientId, int connections) {
        for (int i = 0; i < connections; i++) {
            Mqtt5BlockingClient client = Mqtt5Client.builder()
                    .identifier(clientId + "-" + i)
                    .serverHost(endpoints.mqttHost())
                    .serverPort(endpoints.mqttPort())
                    .buildBlocking();
            client.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
            client.disconnect();
        }
    }
}
