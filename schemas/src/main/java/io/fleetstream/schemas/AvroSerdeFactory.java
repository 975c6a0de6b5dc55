package io.fleetstream.schemas;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;

/**
 * Builds Apicurio Avro serdes that read and write the Confluent wire format: magic byte 0, a 4-byte big-endian
 * schema id, then the Avro binary body. Schemas are registered under the subject {@code <topic>-value}.
 *
 * <p>The 4 bytes carry the registry's <em>contentId</em>. Apicurio Registry 3.x serves the same number as the
 * Confluent schema id on its ccompat API ({@code GET /apis/ccompat/v7/schemas/ids/{id}}) as long as the server
 * keeps {@code apicurio.ccompat.legacy-id-mode.enabled=false}, its default; in legacy mode the ccompat API
 * would expect globalIds instead. Each subject version holds one self-contained schema (no references).
 */
public final class AvroSerdeFactory {

    /** Settings that define the wire format; callers may not change them. */
    private static final Map<String, Object> WIRE_FORMAT = Map.of(
            SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName(),
            SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName(),
            SerdeConfig.USE_ID, IdOption.contentId.name(),
            KafkaSerdeConfig.ENABLE_HEADERS, false,
            AvroSerdeConfig.AVRO_ENCODING, AvroSerdeConfig.AVRO_ENCODING_BINARY,
            // Register each schema whole; otherwise nested enums and records become separate artifacts that
            // the schema served for an id only names, which Confluent-format readers without reference support
            // cannot parse.
            SerdeConfig.DEREFERENCE_SCHEMA, true);

    /** Defaults callers may override, e.g. to turn auto-registration off where schemas are registered by CI. */
    private static final Map<String, Object> DEFAULTS = Map.of(
            SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
            SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS_DEFAULT,
            AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true,
            // Same writers and readers as Apicurio's default, without re-fingerprinting the schema per record.
            AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());

    private final Map<String, Object> config;

    private AvroSerdeFactory(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    /**
     * @param registryApiUrl the registry's core v3 API, e.g. {@code http://127.0.0.1:8080/apis/registry/v3}
     */
    public static AvroSerdeFactory forRegistry(String registryApiUrl) {
        return forRegistry(registryApiUrl, Map.of());
    }

    /**
     * @param registryApiUrl the registry's core v3 API, e.g. {@code http://127.0.0.1:8080/apis/registry/v3}
     * @param clientConfig   further {@code apicurio.registry.*} settings such as authentication or TLS; they may
     *                       override the defaults but not the wire format
     * @throws IllegalArgumentException if clientConfig contradicts the registry URL or the wire format
     */
    public static AvroSerdeFactory forRegistry(String registryApiUrl, Map<String, ?> clientConfig) {
        Objects.requireNonNull(registryApiUrl, "registryApiUrl");
        if (registryApiUrl.isBlank()) {
            throw new IllegalArgumentException("registryApiUrl is blank");
        }
        Map<String, Object> fixed = new HashMap<>(WIRE_FORMAT);
        fixed.put(SerdeConfig.REGISTRY_URL, registryApiUrl);
        clientConfig.forEach((key, value) -> {
            if (fixed.containsKey(key) && !String.valueOf(fixed.get(key)).equals(String.valueOf(value))) {
                throw new IllegalArgumentException(
                        "client config may not change " + key + " (fixed to " + fixed.get(key) + ", got " + value + ")");
            }
        });
        Map<String, Object> merged = new HashMap<>(DEFAULTS);
        merged.putAll(clientConfig);
        merged.putAll(fixed);
        return new AvroSerdeFactory(merged);
    }

    /**
     * The complete serde configuration, for clients that instantiate {@link AvroKafkaSerializer} or
     * {@link AvroKafkaDeserializer} themselves from properties (Kafka client properties, Flink).
     */
    public Map<String, Object> serdeConfig() {
        return config;
    }

    /**
     * A configured value serde for one generated record type. Its deserializer fails with a
     * {@link org.apache.kafka.common.errors.SerializationException} when a record was written with another type.
     */
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return Serdes.serdeFrom(serializer, new TypeCheckingDeserializer<>(deserializer, type));
    }
}
