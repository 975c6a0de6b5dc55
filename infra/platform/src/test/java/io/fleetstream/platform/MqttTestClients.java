package io.fleetstream.platform;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;

final class MqttTestClients {
    private MqttTestClients() {
    }

    static Mqtt5BlockingClient connect(PlatformEndpoints endpoints, String clientId) {
        Mqtt5BlockingClient client = client(endpoints, clientId);
        client.connect();
        return client;
    }

    static Mqtt5BlockingClient client(PlatformEndpoints endpoints, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(endpoints.mqttHost()).serverPort(endpoints.mqttPort())
                .buildBlocking();
    }
}
