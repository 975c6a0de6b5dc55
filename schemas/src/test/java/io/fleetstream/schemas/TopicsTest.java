package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.config.SerdeConfig;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.TelemetrySample;

class TopicsTest {

    /** Creating serde factories and topics must not need a running registry. */
    private static final String UNREACHABLE_REGISTRY = "http://127.0.0.1:9/apis/registry/v3";

    private final Topics topics = Topics.forRegistry(UNREACHABLE_REGISTRY);

    @Test
    void catalogueMatchesTheTeamContract() {
        assertThat(topics.all())
                .extracting(Topic::name, t -> t.valueSchema().getName(), Topic::compacted)
                .containsExactly(
                        tuple("robots.telemetry", "TelemetrySample", false),
                        tuple("robots.heartbeats", "Heartbeat", false),
                        tuple("robots.logs", "LogRecord", false),
                        tuple("robots.pointclouds", "PointcloudFrame", false),
                        tuple("fleet.health.robot", "RobotHealth", true),
                        tuple("fleet.health.site", "FleetHealth", true),
                        tuple("fleet.health.transitions", "HealthTransition", false),
                        tuple("fleet.anomalies", "AnomalyEvent", false),
                        tuple("tier.manifests", "TierManifest", false),
                        tuple("ingest.dlq", "DeadLetterRecord", false));
        assertThat(Topics.WHOLE_FLEET_KEY).isEqualTo("_fleet");
    }

    @Test
    void robotKeyedTopicsAreCoPartitioned() {
        assertThat(topics.all())
                .filteredOn(t -> !t.name().equals(Topics.FLEET_HEALTH_SITE) && !t.name().equals(Topics.INGEST_DLQ))
                .extracting(Topic::partitions)
                .containsOnly(Topics.ROBOT_KEYED_PARTITIONS);
    }

    @Test
    void compactedTopicsAreCreatedWithCompaction() {
        NewTopic robotHealth = topics.robotHealth().newTopic((short) 1);
        NewTopic telemetry = topics.telemetry().newTopic((short) 1);

        assertThat(robotHealth.name()).isEqualTo("fleet.health.robot");
        assertThat(robotHealth.numPartitions()).isEqualTo(Topics.ROBOT_KEYED_PARTITIONS);
        assertThat(robotHealth.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(telemetry.configs()).isEmpty();
    }

    @Test
    void keysAreStringsAndNullKeysPassThrough() {
        try (Serde<String> keys = topics.deadLetters().keySerde()) {
            byte[] bytes = keys.serializer().serialize(Topics.INGEST_DLQ, "robot-0007");

            assertThat(keys.deserializer().deserialize(Topics.INGEST_DLQ, bytes)).isEqualTo("robot-0007");
            assertThat(keys.serializer().serialize(Topics.INGEST_DLQ, null)).isNull();
        }
    }

    @Test
    void everyCallReturnsASerdeOwnedByTheCaller() {
        try (Serde<TelemetrySample> first = topics.telemetry().valueSerde();
                Serde<TelemetrySample> second = topics.telemetry().valueSerde()) {
            assertThat(first).isNotSameAs(second);
            assertThat(first.serializer()).isNotSameAs(second.serializer());
        }
    }

    @Test
    void tombstonesNeedNoRegistry() {
        try (Serde<FleetHealth> serde = topics.siteHealth().valueSerde()) {
            assertThat(serde.serializer().serialize(Topics.FLEET_HEALTH_SITE, null)).isNull();
            assertThat(serde.deserializer().deserialize(Topics.FLEET_HEALTH_SITE, null)).isNull();
        }
    }

    @Test
    void serdeConfigPinsTheConfluentWireFormat() {
        Map<String, Object> config = AvroSerdeFactory.forRegistry(UNREACHABLE_REGISTRY).serdeConfig();

        assertThat(config)
                .containsEntry("apicurio.registry.url", UNREACHABLE_REGISTRY)
                .containsEntry("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler")
                .containsEntry("apicurio.registry.use-id", "contentId")
                .containsEntry("apicurio.registry.headers.enabled", false)
                .containsEntry("apicurio.registry.artifact-resolver-strategy",
                        "io.apicurio.registry.serde.strategy.TopicIdStrategy")
                .containsEntry("apicurio.registry.avro.encoding", "BINARY")
                .containsEntry("apicurio.registry.dereference-schema", true)
                .containsEntry("apicurio.registry.auto-register", true)
                .containsEntry("apicurio.registry.use-specific-avro-reader", true);
    }

    @Test
    void clientConfigMayAddSettingsAndOverrideDefaults() {
        Map<String, Object> config = AvroSerdeFactory.forRegistry(UNREACHABLE_REGISTRY, Map.of(
                SerdeConfig.AUTH_USERNAME, "fleet", SerdeConfig.AUTO_REGISTER_ARTIFACT, false,
                SerdeConfig.USE_ID, "contentId")).serdeConfig();

        assertThat(config)
                .containsEntry(SerdeConfig.AUTH_USERNAME, "fleet")
                .containsEntry(SerdeConfig.AUTO_REGISTER_ARTIFACT, false)
                .containsEntry(SerdeConfig.USE_ID, "contentId");
    }

    @Test
    void clientConfigCannotChangeTheWireFormat() {
        assertThatThrownBy(() -> AvroSerdeFactory.forRegistry(UNREACHABLE_REGISTRY,
                Map.of(SerdeConfig.USE_ID, "globalId")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SerdeConfig.USE_ID);
        assertThatThrownBy(() -> AvroSerdeFactory.forRegistry(UNREACHABLE_REGISTRY,
                Map.of("apicurio.registry.headers.enabled", "true")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroSerdeFactory.forRegistry(UNREACHABLE_REGISTRY,
                Map.of(SerdeConfig.REGISTRY_URL, "http://elsewhere/apis/registry/v3")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroSerdeFactory.forRegistry(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueSchemaIsTheGeneratedClassSchema() {
        assertThat(topics.telemetry().valueSchema()).isEqualTo(TelemetrySample.getClassSchema());
        assertThat(topics.deadLetters().valueSchema()).isEqualTo(DeadLetterRecord.getClassSchema());
    }
}
