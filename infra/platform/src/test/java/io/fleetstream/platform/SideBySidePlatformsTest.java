package io.fleetstream.platform;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two complete platforms in one JVM, each with its own ports, work dir, data and credentials. */
class SideBySidePlatformsTest {

    @TempDir
    Path root;

    @Test
    void twoPlatformsRunIndependently() throws Exception {
        try (LocalPlatform a = LocalPlatform.builder().workDir(root.resolve("a")).build();
             LocalPlatform b = LocalPlatform.builder().workDir(root.resolve("b")).build()) {
            a.start();
            b.start();
            PlatformEndpoints ea = a.endpoints();
            PlatformEndpoints eb = b.endpoints();
            assertThat(listenAddresses(ea)).doesNotContainAnyElementsOf(listenAddresses(eb));

            String topic = "only-on-a-" + UUID.randomUUID();
            try (Admin adminA = admin(ea); Admin adminB = admin(eb)) {
                adminA.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                assertThat(adminA.listTopics().names().get()).contains(topic);
                assertThat(adminB.listTopics().names().get()).doesNotContain(topic);
            }

            for (PlatformEndpoints e : List.of(ea, eb)) {
                Mqtt5BlockingClient client = MqttTestClients.connect(e, "side-by-side-" + UUID.randomUUID());
                client.disconnect();
                assertThat(HttpProbe.get(e.registryManagementUrl() + "/health/ready")).isEqualTo(200);
                try (InfluxDB influx = InfluxDBFactory.connect(e.influxUrl())) {
                    assertThat(influx.ping().isGood()).isTrue();
                }
            }

            minio(ea, ea).makeBucket(MakeBucketArgs.builder().bucket("bucket-on-a").build());
            assertThat(root.resolve("a/s3/blobs/bucket-on-a")).isDirectory();
            assertThat(root.resolve("b/s3/blobs/bucket-on-a")).doesNotExist();
            assertThat(ea.s3AccessKey()).isNotEqualTo(eb.s3AccessKey());
            assertThatThrownBy(() -> minio(eb, ea).listBuckets())
                    .as("platform b must not accept platform a's credentials")
                    .isInstanceOf(ErrorResponseException.class);
        }
    }

    private static Set<String> listenAddresses(PlatformEndpoints e) {
        Set<String> addresses = new HashSet<>();
        addresses.add(e.kafkaBootstrapServers());
        addresses.add(e.mqttHost() + ":" + e.mqttPort());
        addresses.add(e.registryBaseUrl());
        addresses.add(e.registryManagementUrl());
        addresses.add(e.s3Endpoint());
        addresses.add(e.influxUrl());
        return addresses;
    }

    private static Admin admin(PlatformEndpoints e) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()));
    }

    private static MinioClient minio(PlatformEndpoints endpoint, PlatformEndpoints credentials) {
        return MinioClient.builder().endpoint(endpoint.s3Endpoint()).region("us-east-1")
                .credentials(credentials.s3AccessKey(), credentials.s3SecretKey()).build();
    }
}
