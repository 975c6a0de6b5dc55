package io.fleetstream.platform;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalPlatformExtension.class)
class MqttServiceTest {

    @Test
    void deliversAPublishToASubscriber(PlatformEndpoints endpoints) throws Exception {
        Mqtt5BlockingClient subscriber = MqttTestClients.connect(endpoints, "bridge-" + UUID.randomUUID());
        Mqtt5BlockingClient publisher = MqttTestClients.connect(endpoints, "robot-0007");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("robots/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();
            String payload = "{\"robotId\":\"robot-0007\",\"seq\":0}";
            publisher.publishWith().topic("robots/robot-0007/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();

            Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(received).hasValueSatisfying(p -> {
                assertThat(p.getTopic().toString()).isEqualTo("robots/robot-0007/telemetry");
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
            });
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }
}
