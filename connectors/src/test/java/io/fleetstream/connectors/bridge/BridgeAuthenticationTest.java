package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.ServiceKind;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a broker that requires authentication (a dedicated MQTT-only platform; Kafka and the registry are the
 * shared ones): the bridge logs in as a service user whose password comes from a secret file, robots log in as
 * themselves, and a robot claiming another robot's id in its payload is dead-lettered.
 */
@ExtendWith(LocalPlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeAuthenticationTest {

    private static final String SERVICE_USER = "fleetstream-bridge";

    private Path dir;
    private LocalPlatform securedMqtt;
    private String servicePassword;

    @BeforeAll
    void startSecuredBroker(@TempDir Path dir) {
        this.dir = dir;
        securedMqtt = LocalPlatform.builder().workDir(dir.resolve("secured")).services(ServiceKind.MQTT)
                .mqttAuthentication(true).build().start();
        servicePassword = UUID.randomUUID().toString();
        securedMqtt.mqttUsers().addService(SERVICE_USER, servicePassword);
    }

    @AfterAll
    void stopSecuredBroker() {
        securedMqtt.close();
    }

    @Test
    void bridgeAuthenticatesWithASecretFileAndRejectsSpoofedRobotIds(PlatformEndpoints shared) throws Exception {
        String robotId = "robot-a" + UUID.randomUUID().toString().substring(0, 8);
        String robotPassword = UUID.randomUUID().toString();
        securedMqtt.mqttUsers().addRobot(robotId, robotPassword);
        Path secret = Files.writeString(dir.resolve("mqtt-password"), servicePassword + "\n", StandardCharsets.UTF_8);
        Map<String, Object> settings = securedSettings(shared);
        settings.put("bridge.mqtt.password-file", secret.toString());
        String clientId = (String) settings.get("bridge.mqtt.client-id");
        Topics topics = Topics.forRegistry(shared.registryApiUrl());
        long ts = System.currentTimeMillis();

        try (Bridge bridge = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry())) {
            bridge.start();
            assertThat(bridge.readinessCheck().check().healthy()).isTrue();
            Mqtt5BlockingClient robot = Mqtt5Client.builder().identifier(robotId)
                    .serverHost(securedMqtt.endpoints().mqttHost()).serverPort(securedMqtt.endpoints().mqttPort())
                    .simpleAuth().username(robotId).password(robotPassword.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().buildBlocking();
            robot.connect();
            try {
                String topic = Payloads.telemetryTopic(robotId);
                robot.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Payloads.telemetry(robotId, 0, ts).getBytes(StandardCharsets.UTF_8)).send();
                robot.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Payloads.telemetry("robot-0001", 1, ts).getBytes(StandardCharsets.UTF_8)).send();
            } finally {
                robot.disconnect();
            }

            try (TopicReader<TelemetrySample> telemetry = TopicReader.open(shared, topics.telemetry(),
                    r -> robotId.equals(r.key()));
                    TopicReader<DeadLetterRecord> dlq = TopicReader.open(shared, topics.deadLetters(),
                            r -> robotId.equals(r.key()))) {
                assertThat(telemetry.readUntil(r -> !r.isEmpty()).get(0).value().getSeq()).isZero();
                DeadLetterRecord spoofed = dlq.readUntil(r -> !r.isEmpty()).get(0).value();
                assertThat(spoofed.getReasonCode()).isEqualTo(RejectReason.ROBOT_ID_MISMATCH.name());
                assertThat(spoofed.getRobotId()).isEqualTo(robotId);
                assertThat(spoofed.getReasonDetail()).contains("robot-0001");
                assertThat(telemetry.readAvailable()).as("the spoofed sample never reaches the telemetry topic")
                        .hasSize(1);
            }
        } finally {
            discardSession(clientId);
        }
    }

    @Test
    void wrongServicePasswordFailsTheStart(PlatformEndpoints shared) {
        Map<String, Object> settings = securedSettings(shared);
        settings.put("bridge.mqtt.password", "not-the-password");

        Bridge bridge = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry());
        assertThatThrownBy(bridge::start).hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
        assertThat(bridge.readinessCheck().check().healthy()).isFalse();
    }

    private Map<String, Object> securedSettings(PlatformEndpoints shared) {
        Map<String, Object> settings = new HashMap<>(BridgeFixture.platformOverrides(shared,
                BridgeFixture.uniqueClientId("auth")));
        settings.put("bridge.mqtt.host", securedMqtt.endpoints().mqttHost());
        settings.put("bridge.mqtt.port", securedMqtt.endpoints().mqttPort());
        settings.put("bridge.mqtt.username", SERVICE_USER);
        return settings;
    }

    private void discardSession(String clientId) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId + "-0")
                .serverHost(securedMqtt.endpoints().mqttHost()).serverPort(securedMqtt.endpoints().mqttPort())
                .simpleAuth().username(SERVICE_USER).password(servicePassword.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        client.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        client.disconnect();
    }
}
