package io.fleetstream.platform;

import java.util.StringJoiner;

/**
 * Where the services of a running platform listen. Accessors of a service that is not enabled throw
 * {@link IllegalStateException} naming the service, so a test that needs a disabled service fails clearly.
 */
public final class PlatformEndpoints {
    private final String kafkaBootstrapServers;
    private final String mqttHost;
    private final Integer mqttPort;
    private final String registryBaseUrl;
    private final String registryManagementUrl;
    private final String s3Endpoint;
    private final String s3AccessKey;
    private final String s3SecretKey;
    private final String influxUrl;

    private PlatformEndpoints(Builder b) {
        this.kafkaBootstrapServers = b.kafkaBootstrapServers;
        this.mqttHost = b.mqttHost;
        this.mqttPort = b.mqttPort;
        this.registryBaseUrl = b.registryBaseUrl;
        this.registryManagementUrl = b.registryManagementUrl;
        this.s3Endpoint = b.s3Endpoint;
        this.s3AccessKey = b.s3AccessKey;
        this.s3SecretKey = b.s3SecretKey;
        this.influxUrl = b.influxUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code "127.0.0.1:PORT"}. */
    public String kafkaBootstrapServers() {
        return require(kafkaBootstrapServers, ServiceKind.KAFKA);
    }

    public String mqttHost() {
        return require(mqttHost, ServiceKind.MQTT);
    }

    /** The plain (non-TLS) MQTT listener. */
    public int mqttPort() {
        return require(mqttPort, ServiceKind.MQTT);
    }

    /** {@code "http://127.0.0.1:PORT"}. */
    public String registryBaseUrl() {
        return require(registryBaseUrl, ServiceKind.REGISTRY);
    }

    /** Apicurio native v3 API, used by the serdes. */
    public String registryApiUrl() {
        return registryBaseUrl() + "/apis/registry/v3";
    }

    /** Confluent-compatible API. */
    public String ccompatUrl() {
        return registryBaseUrl() + "/apis/ccompat/v7";
    }

    /** Registry management interface: {@code /health/ready}, {@code /health/live}, {@code /metrics}. */
    public String registryManagementUrl() {
        return require(registryManagementUrl, ServiceKind.REGISTRY);
    }

    /** {@code "http://127.0.0.1:PORT"}, path-style addressing. */
    public String s3Endpoint() {
        return require(s3Endpoint, ServiceKind.OBJECT_STORE);
    }

    public String s3AccessKey() {
        return require(s3AccessKey, ServiceKind.OBJECT_STORE);
    }

    public String s3SecretKey() {
        return require(s3SecretKey, ServiceKind.OBJECT_STORE);
    }

    /** {@code "http://127.0.0.1:PORT"}. */
    public String influxUrl() {
        return require(influxUrl, ServiceKind.INFLUXDB);
    }

    public boolean has(ServiceKind kind) {
        switch (kind) {
            case KAFKA: return kafkaBootstrapServers != null;
            case MQTT: return mqttHost != null;
            case REGISTRY: return registryBaseUrl != null;
            case OBJECT_STORE: return s3Endpoint != null;
            case INFLUXDB: return influxUrl != null;
            default: throw new IllegalArgumentException(String.valueOf(kind));
        }
    }

    private static <T> T require(T value, ServiceKind kind) {
        if (value == null) {
            throw new IllegalStateException(kind.displayName() + " is not enabled on this platform");
        }
        return value;
    }

    /** Lists every endpoint; never the S3 secret key. */
    @Override
    public String toString() {
        StringJoiner lines = new StringJoiner("\n");
        if (has(ServiceKind.KAFKA)) {
            lines.add("Kafka bootstrap servers  " + kafkaBootstrapServers);
        }
        if (has(ServiceKind.MQTT)) {
            lines.add("MQTT                     tcp://" + mqttHost + ":" + mqttPort);
        }
        if (has(ServiceKind.REGISTRY)) {
            lines.add("Registry v3 API          " + registryApiUrl());
            lines.add("Registry ccompat API     " + ccompatUrl());
            lines.add("Registry management      " + registryManagementUrl);
        }
        if (has(ServiceKind.OBJECT_STORE)) {
            lines.add("S3 endpoint              " + s3Endpoint + " (access key " + s3AccessKey + ")");
        }
        if (has(ServiceKind.INFLUXDB)) {
            lines.add("InfluxDB                 " + influxUrl);
        }
        return lines.toString();
    }

    public static final class Builder {
        private String kafkaBootstrapServers;
        private String mqttHost;
        private Integer mqttPort;
        private String registryBaseUrl;
        private String registryManagementUrl;
        private String s3Endpoint;
        private String s3AccessKey;
        private String s3SecretKey;
        private String influxUrl;

        private Builder() {
        }

        public Builder kafka(String bootstrapServers) {
            this.kafkaBootstrapServers = bootstrapServers;
            return this;
        }

        public Builder mqtt(String host, int port) {
            this.mqttHost = host;
            this.mqttPort = port;
            return this;
        }

        public Builder registry(String baseUrl, String managementUrl) {
            this.registryBaseUrl = baseUrl;
            this.registryManagementUrl = managementUrl;
            return this;
        }

        public Builder s3(String endpoint, String accessKey, String secretKey) {
            this.s3Endpoint = endpoint;
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        public Builder influx(String url) {
            this.influxUrl = url;
            return this;
        }

        public PlatformEndpoints build() {
            return new PlatformEndpoints(this);
        }
    }
}
