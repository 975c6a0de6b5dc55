package io.fleetstream.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service keeps its data in the work dir: a closed and restarted platform still has it, on the same ports. */
class PlatformRestartTest {
    private static final String SCHEMA = "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Kept\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"seq\\\",\\\"type\\\":\\\"long\\\"}]}\"}";
    private static final String SUBJECT = "restart-test-value";
    private static final String RETAINED_TOPIC = "robots/robot-0001/status";

    @TempDir
    Path workDir;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void closeAndStartKeepsEveryServicesData() throws Exception {
        try (LocalPlatform platform = LocalPlatform.builder().workDir(workDir)
                .services(ServiceKind.MQTT, ServiceKind.REGISTRY, ServiceKind.OBJECT_STORE, ServiceKind.INFLUXDB)
                .build()) {
            platform.start();
            PlatformEndpoints before = platform.endpoints();
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(before.ccompatUrl() + "/subjects/" + SUBJECT + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(SCHEMA)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(200);
            minio(before).makeBucket(MakeBucketArgs.builder().bucket("kept").build());
            byte[] blob = "kept across restarts".getBytes(StandardCharsets.UTF_8);
            minio(before).putObject(PutObjectArgs.builder().bucket("kept").object("a/b.bin").data(blob, blob.length).build());
            try (InfluxDB influx = InfluxDBFactory.connect(before.influxUrl())) {
                influx.query(new Query("CREATE DATABASE kept"));
                influx.write("kept", "autogen", Point.measurement("m").time(1_000L, TimeUnit.MILLISECONDS)
                        .addField("v", 42L).build());
            }
            Mqtt5BlockingClient publisher = MqttTestClients.connect(before, "restart-publisher");
            publisher.publishWith().topic(RETAINED_TOPIC).retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("ACTIVE".getBytes(StandardCharsets.UTF_8)).send();
            publisher.disconnect();

            platform.close();
            platform.start();

            PlatformEndpoints after = platform.endpoints();
            assertThat(after.registryBaseUrl()).isEqualTo(before.registryBaseUrl());
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(
                    URI.create(after.ccompatUrl() + "/subjects/" + SUBJECT + "/versions/1")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).contains("Kept").contains(idOf(registered.body()));

            try (GetObjectResponse object = minio(after).getObject(GetObjectArgs.builder().bucket("kept").object("a/b.bin").build())) {
                assertThat(object.readAllBytes()).isEqualTo(blob);
            }
            try (InfluxDB influx = InfluxDBFactory.connect(after.influxUrl())) {
                QueryResult result = influx.query(new Query("SELECT v FROM m", "kept"));
                assertThat(result.getResults().get(0).getSeries().get(0).getValues()).hasSize(1);
            }
            Mqtt5BlockingClient subscriber = MqttTestClients.connect(after, "restart-subscriber");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                subscriber.subscribeWith().topicFilter(RETAINED_TOPIC).send();
                Optional<Mqtt5Publish> retained = publishes.receive(30, TimeUnit.SECONDS);
                assertThat(retained).hasValueSatisfying(p ->
                        assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("ACTIVE"));
            } finally {
                subscriber.disconnect();
            }
        }
    }

    private static String idOf(String registrationResponse) {
        return registrationResponse.replaceAll("[^0-9]", "");
    }

    private static MinioClient minio(PlatformEndpoints endpoints) {
        return MinioClient.builder().endpoint(endpoints.s3Endpoint()).region("us-east-1")
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
    }
}
