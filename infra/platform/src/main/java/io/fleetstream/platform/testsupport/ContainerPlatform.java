package io.fleetstream.platform.testsupport;

import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.objectstore.S3Credentials;

/**
 * The platform's services as containers of pinned images, for machines with a Docker engine. Same endpoints
 * contract as {@link io.fleetstream.platform.LocalPlatform}; the object store is MinIO, as in production.
 * Published ports are bound to 127.0.0.1 only.
 */
public final class ContainerPlatform implements AutoCloseable {
    static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.2.0");
    static final DockerImageName HIVEMQ = DockerImageName.parse("hivemq/hivemq-ce:2025.5");
    static final DockerImageName APICURIO = DockerImageName.parse("apicurio/apicurio-registry:3.3.3");
    static final DockerImageName MINIO = DockerImageName.parse("minio/minio:RELEASE.2025-09-07T16-13-09Z");
    static final DockerImageName INFLUXDB = DockerImageName.parse("influxdb:1.6.6");
    private static final int MQTT_PORT = 1883;
    private static final int REGISTRY_PORT = 8080;
    private static final int REGISTRY_MANAGEMENT_PORT = 9000;
    private static final int MINIO_PORT = 9000;
    private static final int INFLUX_PORT = 8086;

    private final List<GenericContainer<?>> containers;
    private final PlatformEndpoints endpoints;

    private ContainerPlatform(List<GenericContainer<?>> containers, PlatformEndpoints endpoints) {
        this.containers = containers;
        this.endpoints = endpoints;
    }

    public static ContainerPlatform start() {
        S3Credentials s3 = S3Credentials.generate();
        KafkaContainer kafka = new KafkaContainer(KAFKA)
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        GenericContainer<?> mqtt = new GenericContainer<>(HIVEMQ)
                .withExposedPorts(MQTT_PORT)
                .withEnv("HIVEMQ_ALLOW_ALL_CLIENTS", "true")
                .waitingFor(Wait.forLogMessage(".*Started HiveMQ in.*", 1));
        GenericContainer<?> registry = new GenericContainer<>(APICURIO)
                .withExposedPorts(REGISTRY_PORT, REGISTRY_MANAGEMENT_PORT)
                .waitingFor(Wait.forHttp("/health/ready").forPort(REGISTRY_MANAGEMENT_PORT));
        GenericContainer<?> minio = new GenericContainer<>(MINIO)
                .withCommand("server", "/data")
                .withEnv("MINIO_ROOT_USER", s3.accessKey())
                .withEnv("MINIO_ROOT_PASSWORD", s3.secretKey())
                .withExposedPorts(MINIO_PORT)
                .waitingFor(Wait.forHttp("/minio/health/ready").forPort(MINIO_PORT));
        GenericContainer<?> influx = new GenericContainer<>(INFLUXDB)
                .withEnv("INFLUXDB_REPORTING_DISABLED", "true")
                .withExposedPorts(INFLUX_PORT)
                .waitingFor(Wait.forHttp("/ping").forPort(INFLUX_PORT).forStatusCode(204));
        List<GenericContainer<?>> all = List.of(kafka, mqtt, registry, minio, influx);
        all.forEach(c -> c.withCreateContainerCmdModifier(ContainerPlatform::publishOnLoopbackOnly));
        try {
            Startables.deepStart(all).join();
        } catch (RuntimeException e) {
            all.forEach(Startable::stop);
            throw e;
        }
        PlatformEndpoints endpoints = PlatformEndpoints.builder()
                .kafka(kafka.getBootstrapServers())
                .mqtt(mqtt.getHost(), mqtt.getMappedPort(MQTT_PORT))
                .registry("http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT),
                        "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_MANAGEMENT_PORT))
                .s3("http://" + minio.getHost() + ":" + minio.getMappedPort(MINIO_PORT), s3.accessKey(), s3.secretKey())
                .influx("http://" + influx.getHost() + ":" + influx.getMappedPort(INFLUX_PORT))
                .build();
        return new ContainerPlatform(all, endpoints);
    }

    /** Testcontainers publishes on all interfaces; this project's servers listen on loopback only. */
    private static void publishOnLoopbackOnly(CreateContainerCmd cmd) {
        Ports bindings = new Ports();
        for (ExposedPort port : cmd.getExposedPorts()) {
            bindings.bind(port, Ports.Binding.bindIp("127.0.0.1"));
        }
        cmd.getHostConfig().withPortBindings(bindings).withPublishAllPorts(false);
    }

    public PlatformEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        containers.forEach(Startable::stop);
    }
}
