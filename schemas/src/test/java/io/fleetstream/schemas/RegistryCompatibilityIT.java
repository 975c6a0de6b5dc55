package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.TelemetrySample;

/**
 * With a subject's compatibility set to BACKWARD through the Confluent-compatible API, the running registry
 * refuses a producer's schema that adds a field without a default and accepts one whose new field has a default.
 */
@ExtendWith(LocalPlatformExtension.class)
class RegistryCompatibilityIT {

    private final TelemetrySample sample = SampleRecords.telemetry();
    private final Schema v1 = TelemetrySample.getClassSchema();

    private String topic;
    private String subject;
    private AvroSerdeFactory serdes;
    private RegistryRestApi ccompat;

    @BeforeEach
    void registerFirstVersionWithBackwardCompatibility(PlatformEndpoints endpoints) throws Exception {
        // A subject of its own, so the test does not depend on what other tests registered.
        topic = "schemas-it.compatibility." + UUID.randomUUID();
        subject = topic + "-value";
        serdes = AvroSerdeFactory.forRegistry(endpoints.registryApiUrl());
        ccompat = new RegistryRestApi(endpoints.ccompatUrl());

        try (Serde<TelemetrySample> serde = serdes.valueSerde(TelemetrySample.class)) {
            serde.serializer().serialize(topic, sample);
        }
        JsonNode answer = ccompat.put("/config/" + subject, json().put("compatibility", "BACKWARD"));

        assertThat(answer.get("compatibility").asText()).isEqualTo("BACKWARD");
        assertThat(ccompat.get("/config/" + subject).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(ccompat.get("/subjects/" + subject + "/versions")).extracting(JsonNode::asInt).containsExactly(1);
    }

    @Test
    void newFieldWithoutDefaultIsRejected() throws Exception {
        Schema v2 = SchemaEdits.withRequiredZone(v1);
        GenericRecord record = sampleAs(v2);
        record.put("zone", "loading-dock");

        try (AvroKafkaSerializer<GenericRecord> serializer = genericSerializer()) {
            assertThatThrownBy(() -> serializer.serialize(topic, record))
                    .rootCause()
                    .isInstanceOfSatisfying(ProblemDetails.class, problem -> {
                        assertThat(problem.getName()).isEqualTo("RuleViolationException");
                        assertThat(problem.getDetail()).contains("zone");
                    });
        }

        assertThat(isCompatible(v2)).isFalse();
        assertThat(ccompat.get("/subjects/" + subject + "/versions")).extracting(JsonNode::asInt).containsExactly(1);
    }

    @Test
    void newFieldWithDefaultIsAccepted() throws Exception {
        Schema v2 = SchemaEdits.withOptionalZone(v1);
        GenericRecord record = sampleAs(v2);
        record.put("zone", "loading-dock");
        int v1Id = ccompat.get("/subjects/" + subject + "/versions/1").get("id").asInt();

        byte[] written;
        try (AvroKafkaSerializer<GenericRecord> serializer = genericSerializer()) {
            written = serializer.serialize(topic, record);
        }
        int v2Id = ByteBuffer.wrap(written, 1, 4).getInt();

        assertThat(isCompatible(v2)).isTrue();
        assertThat(ccompat.get("/subjects/" + subject + "/versions")).extracting(JsonNode::asInt)
                .containsExactly(1, 2);
        assertThat(v2Id).isNotEqualTo(v1Id)
                .isEqualTo(ccompat.get("/subjects/" + subject + "/versions/2").get("id").asInt());
        Schema served = new Schema.Parser().parse(ccompat.get("/schemas/ids/" + v2Id).get("schema").asText());
        assertThat(served).isEqualTo(v2);
        assertThat(served.getField("zone").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
    }

    /** The registry's own verdict through the Confluent-compatible API, as a non-Java producer would ask. */
    private boolean isCompatible(Schema candidate) throws Exception {
        ObjectNode body = json().put("schema", candidate.toString());
        return ccompat.post("/compatibility/subjects/" + subject + "/versions/latest", body)
                .get("is_compatible").asBoolean();
    }

    private AvroKafkaSerializer<GenericRecord> genericSerializer() {
        AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serdes.serdeConfig(), false);
        return serializer;
    }

    /** The sample's values in a record of the given (newer) schema. */
    private GenericRecord sampleAs(Schema schema) {
        GenericData.Record current = AvroBinary.readGeneric(AvroBinary.write(sample), v1, v1);
        GenericData.Record record = new GenericData.Record(schema);
        v1.getFields().forEach(f -> record.put(f.name(), current.get(f.name())));
        return record;
    }

    private static ObjectNode json() {
        return RegistryRestApi.json().createObjectNode();
    }
}
