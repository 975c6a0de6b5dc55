package io.fleetstream.connectors.bridge;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetstream.platform.PlatformEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** An MQTT 5 publisher standing in for a robot: QoS 1 publishes, each acknowledged by the broker before returning. */
final class TestRobot implements AutoCloseable {

    private final Mqtt5BlockingClient client;

    private TestRobot(Mqtt5BlockingClient client) {
        this.client = client;
    }

    static TestRobot connect(PlatformEndpoints endpoints) {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier("test-robot-" + UUID.randomUUID())
                .serverHost(endpoints.mqttHost())
                .serverPort(endpoints.mqttPort())
                .buildBlocking();
        client.connect();
        return new TestRobot(client);
    }

    void publish(String topic, String json) {
        publish(topic, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    void publish(String topic, byte[] payload, Map<String, String> userProperties) {
        Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
        userProperties.forEach(properties::add);
        client.publish(Mqtt5Publish.builder()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .userProperties(properties.build())
                .build());
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
