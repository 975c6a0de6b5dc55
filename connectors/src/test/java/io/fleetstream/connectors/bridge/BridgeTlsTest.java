package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge reaches a broker over TLS with a configured trust store, and refuses a broker whose certificate it
 * does not trust. The broker here is a test broker with only a TLS listener and a self-signed certificate made by
 * keytool; the platform's broker has no TLS listener.
 */
@ExtendWith(LocalPlatformExtension.class)
class BridgeTlsTest {

    private static final String PASSWORD = "changeit-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void bridgeConnectsOverTlsWithItsTrustStoreOnly(PlatformEndpoints endpoints, @TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("broker.jks");
        Path truststore = dir.resolve("bridge-truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "JKS",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path certificate = dir.resolve("broker.crt");
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        String robotId = "robot-t" + UUID.randomUUID().toString().substring(0, 8);

        try (DeepQueueMqttBroker broker = DeepQueueMqttBroker.startTls(dir.resolve("mqtt"), keystore, PASSWORD)) {
            Map<String, Object> settings = new HashMap<>(BridgeFixture.platformOverrides(endpoints,
                    BridgeFixture.uniqueClientId("tls")));
            settings.put("bridge.mqtt.host", broker.host());
            settings.put("bridge.mqtt.port", broker.port());
            settings.put("bridge.mqtt.tls.enabled", true);

            Bridge untrusting = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry());
            assertThatThrownBy(untrusting::start).as("the JVM's default trust store does not know the broker")
                    .hasMessageContaining("MQTT connect");

            settings.put("bridge.mqtt.tls.trust-store", truststore.toString());
            settings.put("bridge.mqtt.tls.trust-store-password", PASSWORD);
            try (Bridge bridge = new Bridge(BridgeConfig.load(settings), new SimpleMeterRegistry())) {
                bridge.start();
                Mqtt5BlockingClient robot = Mqtt5Client.builder().identifier(robotId).serverHost(broker.host())
                        .serverPort(broker.port()).sslConfig().trustManagerFactory(trust(truststore))
                        .applySslConfig().buildBlocking();
                robot.connect();
                robot.publishWith().topic(Payloads.telemetryTopic(robotId)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Payloads.telemetry(robotId, 0, System.currentTimeMillis())
                                .getBytes(StandardCharsets.UTF_8)).send();
                robot.disconnect();
                try (TopicReader<TelemetrySample> reader = TopicReader.open(endpoints,
                        Topics.forRegistry(endpoints.registryApiUrl()).telemetry(), r -> robotId.equals(r.key()))) {
                    assertThat(reader.readUntil(r -> !r.isEmpty()).get(0).value().getRobotId()).isEqualTo(robotId);
                }
            }
        }
    }

    private static TrustManagerFactory trust(Path truststore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
