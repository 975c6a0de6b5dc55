package io.fleetstream.connectors.bridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Typed configuration of the MQTT to Kafka bridge, read from the {@code bridge} section (see
 * {@code reference.conf} of this module for every key and its meaning).
 */
public record BridgeConfig(
        Ops ops,
        Mqtt mqtt,
        Kafka kafka,
        String registryUrl,
        int maxInFlight,
        Duration shutdownDrainTimeout,
        List<Route> routes,
        DeadLetter deadLetter,
        Validation validation,
        PointcloudLimits pointcloud,
        Optional<ObjectStore> objectStore,
        TracingSettings tracing) {

    public static final String SECTION = "bridge";

    public BridgeConfig {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("bridge.routes is empty");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("bridge.max-in-flight must be positive: " + maxInFlight);
        }
        for (Route route : routes) {
            if (mqtt.subscriptions().stream().noneMatch(s -> s.covers(route.filter()))) {
                throw new IllegalArgumentException("route " + route.filter()
                        + " is not covered by any of bridge.mqtt.subscriptions " + mqtt.subscriptions());
            }
        }
        if (pointcloud.inlineMaxBytes() > pointcloud.maxBytes()) {
            throw new IllegalArgumentException("bridge.pointcloud.inline-max-bytes exceeds max-bytes");
        }
    }

    /** The classpath configuration with system-property and environment overrides. */
    public static BridgeConfig load() {
        return from(ConfigLoader.load());
    }

    /**
     * The classpath configuration with environment overrides, then {@code overrides} (full keys such as
     * {@code bridge.mqtt.port}) on top: how launchers and tests point a bridge at a running platform.
     */
    public static BridgeConfig load(Map<String, ?> overrides) {
        Config base = ConfigLoader.load(ConfigFactory.load(), System.getenv());
        return from(ConfigFactory.parseMap(overrides, "overrides").withFallback(base).resolve());
    }

    public static BridgeConfig from(Config root) {
        Settings s = Settings.of(root, SECTION);
        return new BridgeConfig(
                new Ops(s.section("ops").string("host"), s.section("ops").integer("port")),
                Mqtt.from(s.section("mqtt")),
                Kafka.from(s.section("kafka")),
                s.section("registry").string("url"),
                s.integer("max-in-flight"),
                s.duration("shutdown-drain-timeout"),
                routes(root),
                new DeadLetter(s.section("dead-letter").string("topic"),
                        bytes(root, "dead-letter.max-original-bytes")),
                Validation.from(root, s.section("validation")),
                new PointcloudLimits(bytes(root, "pointcloud.max-bytes"), bytes(root, "pointcloud.inline-max-bytes")),
                ObjectStore.from(s.section("object-store")),
                TracingSettings.from(root));
    }

    private static List<Route> routes(Config root) {
        return root.getConfigList(SECTION + ".routes").stream()
                .map(c -> new Route(MqttTopicFilter.parse(c.getString("mqtt-filter")), c.getString("kafka-topic"),
                        PayloadType.fromConfig(c.getString("payload"))))
                .toList();
    }

    private static int bytes(Config root, String key) {
        long value = root.getBytes(SECTION + "." + key);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(SECTION + "." + key + " out of range: " + value);
        }
        return (int) value;
    }

    /** The secret itself when given directly, else the trimmed content of {@code file}; empty when neither. */
    static Optional<String> secret(String direct, String file) {
        if (!file.isBlank()) {
            try {
                return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        }
        return direct.isEmpty() ? Optional.empty() : Optional.of(direct);
    }

    public record Ops(String host, int port) {
    }

    public record Mqtt(
            String host,
            int port,
            String clientId,
            int connections,
            String sharedGroup,
            String username,
            Optional<String> password,
            Tls tls,
            Duration sessionExpiry,
            Duration keepAlive,
            int receiveMaximum,
            List<MqttTopicFilter> subscriptions) {

        public Mqtt {
            subscriptions = List.copyOf(subscriptions);
            if (connections < 1) {
                throw new IllegalArgumentException("bridge.mqtt.connections must be positive: " + connections);
            }
            if (receiveMaximum < 1 || receiveMaximum > 65_535) {
                throw new IllegalArgumentException("bridge.mqtt.receive-maximum must be in 1..65535");
            }
            if (connections > 1 && sharedGroup.isEmpty()) {
                throw new IllegalArgumentException(
                        "bridge.mqtt.connections > 1 needs a shared-group, or every connection gets every message");
            }
        }

        static Mqtt from(Settings s) {
            Settings tls = s.section("tls");
            return new Mqtt(s.string("host"), s.integer("port"), s.string("client-id"), s.integer("connections"),
                    s.string("shared-group"), s.string("username"),
                    secret(s.string("password"), s.string("password-file")),
                    new Tls(tls.flag("enabled"), tls.string("trust-store"), tls.string("trust-store-password"),
                            tls.string("trust-store-type")),
                    s.duration("session-expiry"), s.duration("keep-alive"), s.integer("receive-maximum"),
                    s.strings("subscriptions").stream().map(MqttTopicFilter::parse).toList());
        }

        /** The filter actually subscribed: wrapped in {@code $share/<group>/} when a shared group is set. */
        public String subscriptionFilter(MqttTopicFilter filter) {
            return sharedGroup.isEmpty() ? filter.toString() : "$share/" + sharedGroup + "/" + filter;
        }

        @Override
        public String toString() {
            return "Mqtt[" + host + ":" + port + ", clientId=" + clientId + ", connections=" + connections
                    + ", sharedGroup=" + sharedGroup + ", username=" + username + ", password="
                    + (password.isPresent() ? "***" : "none") + ", tls=" + tls.enabled() + ", receiveMaximum="
                    + receiveMaximum + ", subscriptions=" + subscriptions + "]";
        }
    }

    public record Tls(boolean enabled, String trustStore, String trustStorePassword, String trustStoreType) {
        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", trustStore=" + trustStore + "]";
        }
    }

    public record Kafka(String bootstrapServers, boolean provisionTopics, short replicationFactor,
            Duration retryBackoffMax, Properties producer) {

        static Kafka from(Settings s) {
            return new Kafka(s.string("bootstrap-servers"), s.flag("provision-topics"),
                    (short) s.integer("replication-factor"), s.duration("retry-backoff-max"),
                    s.properties("producer"));
        }
    }

    public record DeadLetter(String topic, int maxOriginalBytes) {
    }

    /** Inclusive physical range of one telemetry metric. */
    public record Range(double min, double max) {
        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    public record Validation(int maxJsonBytes, Duration maxFutureSkew, Duration maxAge,
            Map<String, Range> metricRanges) {

        public Validation {
            metricRanges = Map.copyOf(metricRanges);
        }

        static Validation from(Config root, Settings s) {
            Map<String, Range> ranges = new LinkedHashMap<>();
            Config rangesConfig = root.getConfig(SECTION + ".validation.metric-ranges");
            for (String metric : rangesConfig.root().keySet()) {
                Config range = rangesConfig.getConfig(ConfigUtil.quoteString(metric));
                ranges.put(metric, new Range(range.getDouble("min"), range.getDouble("max")));
            }
            return new Validation(bytes(root, "validation.max-json-bytes"), s.duration("max-future-skew"),
                    s.duration("max-age"), ranges);
        }
    }

    public record PointcloudLimits(int maxBytes, int inlineMaxBytes) {
    }

    public record ObjectStore(String endpoint, String region, String bucket, String keyPrefix, String accessKey,
            String secretKey) {

        static Optional<ObjectStore> from(Settings s) {
            if (s.string("endpoint").isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectStore(s.string("endpoint"), s.string("region"), s.string("bucket"),
                    s.string("key-prefix"), s.string("access-key"),
                    secret(s.string("secret-key"), s.string("secret-key-file")).orElse("")));
        }

        @Override
        public String toString() {
            return "ObjectStore[" + endpoint + ", bucket=" + bucket + ", keyPrefix=" + keyPrefix + "]";
        }
    }
}
