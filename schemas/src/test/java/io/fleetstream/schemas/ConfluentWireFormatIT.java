package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.TelemetrySample;

/**
 * Records produced through {@link Topics} reach the real broker in the Confluent wire format, and the schema id
 * they carry is the one the running registry serves on its Confluent-compatible API.
 */
@ExtendWith(LocalPlatformExtension.class)
class ConfluentWireFormatIT {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_LENGTH = 5;

    @Test
    void telemetryRecordIsMagicByteSchemaIdAndAvroBinary(PlatformEndpoints endpoints) throws Exception {
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        Topic<String, TelemetrySample> telemetry = topics.telemetry();
        RegistryRestApi ccompat = new RegistryRestApi(endpoints.ccompatUrl());
        TelemetrySample sample = SampleRecords.telemetry();

        ConsumerRecord<byte[], byte[]> stored = produceAndReadBack(endpoints, telemetry, sample);
        byte[] value = stored.value();
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();

        assertThat(value[0]).as("magic byte").isEqualTo(MAGIC_BYTE);
        assertThat(stored.headers().toArray()).as("schema id travels in the payload, not in headers").isEmpty();

        Schema served = new Schema.Parser().parse(ccompat.get("/schemas/ids/" + schemaId).get("schema").asText());
        assertThat(served).isEqualTo(TelemetrySample.getClassSchema());

        JsonNode latest = ccompat.get("/subjects/robots.telemetry-value/versions/latest");
        assertThat(latest.get("subject").asText()).isEqualTo("robots.telemetry-value");
        assertThat(latest.get("id").asInt()).isEqualTo(schemaId);

        TelemetrySample body = AvroBinary.read(value, HEADER_LENGTH, served, TelemetrySample.getClassSchema());
        assertThat(body).as("bytes after the header are plain Avro binary").isEqualTo(sample);

        try (Serde<TelemetrySample> serde = telemetry.valueSerde()) {
            assertThat(serde.deserializer().deserialize(telemetry.name(), stored.headers(), value)).isEqualTo(sample);
        }
    }

    /**
     * Registering identical content under a second subject creates a new globalId but reuses the contentId, so
     * two records whose ids are equal prove the 4 bytes are the contentId, the id the ccompat API serves.
     */
    @Test
    void schemaIdIsTheContentIdNotTheGlobalId(PlatformEndpoints endpoints) throws Exception {
        AvroSerdeFactory serdes = AvroSerdeFactory.forRegistry(endpoints.registryApiUrl());
        RegistryRestApi coreApi = new RegistryRestApi(endpoints.registryApiUrl());
        String first = "schemas-it.content-id.first." + UUID.randomUUID();
        String second = "schemas-it.content-id.second." + UUID.randomUUID();

        // One serde per topic, as Topics hands them out: a serializer caches registrations by schema content.
        int firstId = schemaIdWrittenTo(first, serdes);
        int secondId = schemaIdWrittenTo(second, serdes);
        JsonNode firstVersion = coreApi.get("/groups/default/artifacts/" + first + "-value/versions/1");
        JsonNode secondVersion = coreApi.get("/groups/default/artifacts/" + second + "-value/versions/1");

        assertThat(secondVersion.get("globalId").asLong()).isNotEqualTo(firstVersion.get("globalId").asLong());
        assertThat(secondVersion.get("contentId").asLong()).isEqualTo(firstVersion.get("contentId").asLong());
        assertThat(firstId).isEqualTo(secondId).isEqualTo(secondVersion.get("contentId").asInt());
        assertThat(new Schema.Parser().parse(coreApi.get("/ids/contentIds/" + firstId).toString()))
                .isEqualTo(TelemetrySample.getClassSchema());
    }

    @Test
    void everyTopicRegistersItsSchemaUnderTopicValueSubject(PlatformEndpoints endpoints) throws Exception {
        Topics topics = Topics.forRegistry(endpoints.registryApiUrl());
        RegistryRestApi ccompat = new RegistryRestApi(endpoints.ccompatUrl());
        List<SpecificRecord> samples = SampleRecords.all();

        for (Topic<String, ?> topic : topics.all()) {
            SpecificRecord sample = samples.stream()
                    .filter(s -> s.getSchema().equals(topic.valueSchema())).findFirst().orElseThrow();

            byte[] value = produceAndReadBack(endpoints, topic, sample).value();
            int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();

            assertThat(value[0]).as("magic byte on %s", topic).isEqualTo(MAGIC_BYTE);
            JsonNode latest = ccompat.get("/subjects/" + topic.name() + "-value/versions/latest");
            assertThat(latest.get("id").asInt()).as("schema id on %s", topic).isEqualTo(schemaId);
            assertThat(latest.path("references")).as("references of %s", topic).isEmpty();
            assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(topic.valueSchema());
        }
        assertThat(ccompat.get("/subjects")).extracting(JsonNode::asText)
                .containsAll(topics.all().stream().map(t -> t.name() + "-value").toList());
    }

    private static int schemaIdWrittenTo(String topic, AvroSerdeFactory serdes) {
        try (Serde<TelemetrySample> serde = serdes.valueSerde(TelemetrySample.class)) {
            return ByteBuffer.wrap(serde.serializer().serialize(topic, SampleRecords.telemetry()), 1, 4).getInt();
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> ConsumerRecord<byte[], byte[]> produceAndReadBack(PlatformEndpoints endpoints,
            Topic<String, V> topic, Object value) throws Exception {
        KafkaTestClients.createTopic(endpoints.kafkaBootstrapServers(), topic);
        RecordMetadata position = KafkaTestClients.produce(endpoints.kafkaBootstrapServers(), topic, "robot-0007",
                (V) value);
        return KafkaTestClients.readRaw(endpoints.kafkaBootstrapServers(), position);
    }
}
