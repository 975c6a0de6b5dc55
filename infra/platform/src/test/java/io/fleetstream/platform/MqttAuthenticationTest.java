package io.fleetstream.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import io.fleetstream.platform.mqtt.MqttConnectProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With authentication on, the broker admits only registered users and confines robots to their own topics. */
class MqttAuthenticationTest {
    private static final String ROBOT = "robot-0007";
    private static final String OTHER_ROBOT = "robot-0008";
    private static final String ROBOT_PASSWORD = "s3cret-robot-password";
    private static final String SERVICE = "bridge";
    private static final String SERVICE_PASSWORD = "s3cret-bridge-password";

    @TempDir
    static Path workDir;
    private static LocalPlatform platform;
    private static PlatformEndpoints endpoints;

    @BeforeAll
    static void startBrokerWithUsers() {
        platform = LocalPlatform.builder().workDir(workDir).services(ServiceKind.MQTT).mqttAuthentication(true).build();
        platform.start();
        endpoints = platform.endpoints();
        platform.mqttUsers().addRobot(ROBOT, ROBOT_PASSWORD).addRobot(OTHER_ROBOT, "other-password")
                .addService(SERVICE, SERVICE_PASSWORD);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void credentialsFileHoldsOnlySaltedHashes() throws Exception {
        String file = Files.readString(platform.mqttUsers().file(), StandardCharsets.UTF_8);
        assertThat(file).contains(ROBOT + ":ROBOT:pbkdf2-sha256$").contains(SERVICE + ":SERVICE:pbkdf2-sha256$")
                .doesNotContain(ROBOT_PASSWORD).doesNotContain(SERVICE_PASSWORD);
    }

    @Test
    void rejectsAnonymousAndWrongPasswords() throws Exception {
        MqttConnectProbe probe = new MqttConnectProbe(endpoints.mqttHost(), endpoints.mqttPort());
        int badUserNameOrPassword = 4;
        assertThat(probe.connect("anonymous", Optional.empty(), Optional.empty())).isEqualTo(badUserNameOrPassword);
        assertThat(probe.connect(ROBOT, Optional.of(ROBOT), Optional.of("wrong"))).isEqualTo(badUserNameOrPassword);

        assertThatThrownBy(() -> MqttTestClients.client(endpoints, "no-login").connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void robotPublishesUnderItsOwnPrefixAndServiceReceives() throws Exception {
        Mqtt5BlockingClient bridge = login(SERVICE, SERVICE, SERVICE_PASSWORD);
        Mqtt5BlockingClient robot = login(ROBOT, ROBOT, ROBOT_PASSWORD);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = bridge.publishes(MqttGlobalPublishFilter.ALL)) {
            bridge.subscribeWith().topicFilter("robots/#").qos(MqttQos.AT_LEAST_ONCE).send();
            robot.publishWith().topic("robots/" + ROBOT + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {2}).send();

            Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(received).hasValueSatisfying(p -> {
                assertThat(p.getTopic().toString()).isEqualTo("robots/" + ROBOT + "/telemetry");
                assertThat(p.getPayloadAsBytes()).containsExactly(2);
            });
        } finally {
            disconnectIfConnected(robot);
            disconnectIfConnected(bridge);
        }
    }

    @Test
    void robotCannotPublishAsAnotherRobot() throws Exception {
        Mqtt5BlockingClient bridge = login(SERVICE, SERVICE, SERVICE_PASSWORD);
        Mqtt5BlockingClient robot = login(ROBOT, ROBOT, ROBOT_PASSWORD);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = bridge.publishes(MqttGlobalPublishFilter.ALL)) {
            bridge.subscribeWith().topicFilter("robots/#").qos(MqttQos.AT_LEAST_ONCE).send();
            // HiveMQ refuses the publish and closes the offending session.
            assertThatThrownBy(() -> robot.publishWith().topic("robots/" + OTHER_ROBOT + "/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send())
                    .isInstanceOfAny(Mqtt5PubAckException.class, Mqtt5DisconnectException.class);
            assertThat(publishes.receive(2, TimeUnit.SECONDS)).as("forged publish must not be delivered").isEmpty();
        } finally {
            disconnectIfConnected(robot);
            disconnectIfConnected(bridge);
        }
    }

    @Test
    void robotSubscribesOnlyToItsOwnCommands() {
        Mqtt5BlockingClient robot = login(ROBOT, ROBOT, ROBOT_PASSWORD);
        try {
            robot.subscribeWith().topicFilter("robots/" + ROBOT + "/commands/#").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThatThrownBy(() -> robot.subscribeWith().topicFilter("robots/" + OTHER_ROBOT + "/commands/#")
                    .qos(MqttQos.AT_LEAST_ONCE).send()).isInstanceOf(Mqtt5SubAckException.class);
            assertThatThrownBy(() -> robot.subscribeWith().topicFilter("robots/#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);
        } finally {
            disconnectIfConnected(robot);
        }
    }

    @Test
    void usersAddedWhileRunningCanLogIn() {
        platform.mqttUsers().addRobot("robot-0099", "late-password");
        Mqtt5BlockingClient late = login("robot-0099", "robot-0099", "late-password");
        late.disconnect();
        platform.mqttUsers().remove("robot-0099");
        assertThatThrownBy(() -> login("robot-0099", "robot-0099", "late-password"))
                .isInstanceOfAny(Mqtt5ConnAckException.class, ConnectionFailedException.class);
    }

    private static void disconnectIfConnected(Mqtt5BlockingClient client) {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }

    private Mqtt5BlockingClient login(String clientId, String username, String password) {
        Mqtt5BlockingClient client = MqttTestClients.client(endpoints, clientId);
        client.connectWith().simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        return client;
    }
}
