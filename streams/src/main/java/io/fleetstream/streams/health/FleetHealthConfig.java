package io.fleetstream.streams.health;

import com.typesafe.config.Config;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** Typed configuration of the fleet health app: the {@code health} section of reference.conf / application.conf. */
public record FleetHealthConfig(Kafka kafka, Http http, HealthRules rules, TracingSettings tracing) {

    public record Kafka(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
            int streamThreads, int standbyReplicas, int replicationFactor, boolean createTopics,
            Properties streamsOverrides) {
    }

    public record Http(String bindHost, int port, String advertisedHost, Duration forwardTimeout) {
    }

    /** The classpath configuration with system-property and {@code FLEETSTREAM_*} environment overrides. */
    public static FleetHealthConfig load() {
        return from(ConfigLoader.load());
    }

    public static FleetHealthConfig from(Config root) {
        Settings health = Settings.of(root, "health");
        Settings kafka = health.section("kafka");
        Settings http = health.section("http");
        return new FleetHealthConfig(
                new Kafka(
                        kafka.string("bootstrap-servers"),
                        kafka.string("registry-url"),
                        kafka.string("application-id"),
                        Path.of(kafka.string("state-dir")),
                        kafka.integer("stream-threads"),
                        kafka.integer("standby-replicas"),
                        kafka.integer("replication-factor"),
                        kafka.flag("create-topics"),
                        kafka.properties("streams")),
                new Http(
                        http.string("bind-host"),
                        http.integer("port"),
                        http.string("advertised-host"),
                        http.duration("forward-timeout")),
                HealthRules.from(health),
                TracingSettings.from(root));
    }
}
