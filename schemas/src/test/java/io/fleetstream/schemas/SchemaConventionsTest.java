package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Rules every schema follows so that documentation is generated from the schemas and optional fields can be
 * added or dropped without breaking producers or consumers.
 */
class SchemaConventionsTest {

    private static final String NAMESPACE = "io.fleetstream.schemas.avro";

    private final Map<String, Schema> namedTypes = namedTypesOfAllTopics();

    @Test
    void everyNamedTypeLivesInTheProjectNamespaceAndIsDocumented() {
        assertThat(namedTypes).isNotEmpty();
        namedTypes.values().forEach(type -> {
            assertThat(type.getNamespace()).as(type.getFullName()).isEqualTo(NAMESPACE);
            assertThat(type.getDoc()).as("doc of %s", type.getFullName()).isNotBlank();
        });
    }

    @Test
    void everyFieldIsDocumented() {
        allFields().forEach((name, field) -> assertThat(field.doc()).as("doc of %s", name).isNotBlank());
    }

    @Test
    void optionalFieldsPutNullFirstAndDefaultToNull() {
        Map<String, Schema.Field> optional = new LinkedHashMap<>(allFields());
        optional.values().removeIf(f -> !f.schema().isNullable());

        assertThat(optional).isNotEmpty();
        optional.forEach((name, field) -> {
            assertThat(field.schema().getType()).as("type of %s", name).isEqualTo(Schema.Type.UNION);
            assertThat(field.schema().getTypes().get(0).getType()).as("first branch of %s", name)
                    .isEqualTo(Schema.Type.NULL);
            assertThat(field.defaultVal()).as("default of %s", name).isEqualTo(JsonProperties.NULL_VALUE);
        });
    }

    @Test
    void collectionFieldsDefaultToEmptyUnlessTheyDescribeTheRecordItself() {
        allFields().forEach((name, field) -> {
            Schema.Type type = field.schema().getType();
            boolean collection = type == Schema.Type.ARRAY || type == Schema.Type.MAP;
            boolean essential = List.of("TelemetrySample.metrics", "PointcloudFrame.fields").contains(name);
            if (collection && !essential) {
                assertThat(field.hasDefaultValue()).as("default of %s", name).isTrue();
            }
        });
    }

    @Test
    void timeFieldsAreTimestampMillis() {
        Map<String, Schema.Field> timeFields = new LinkedHashMap<>(allFields());
        timeFields.keySet().removeIf(n -> !(n.endsWith("Time") || n.endsWith("At") || n.endsWith("Since")));

        assertThat(timeFields).hasSizeGreaterThan(10);
        timeFields.forEach((name, field) -> {
            Schema schema = field.schema().isNullable() ? field.schema().getTypes().get(1) : field.schema();
            assertThat(schema.getLogicalType()).as("logical type of %s", name)
                    .isEqualTo(LogicalTypes.timestampMillis());
        });
    }

    /** Every field of every record, keyed Record.field. */
    private Map<String, Schema.Field> allFields() {
        Map<String, Schema.Field> fields = new LinkedHashMap<>();
        namedTypes.values().stream().filter(t -> t.getType() == Schema.Type.RECORD)
                .forEach(record -> record.getFields().forEach(f -> fields.put(record.getName() + "." + f.name(), f)));
        return fields;
    }

    private static Map<String, Schema> namedTypesOfAllTopics() {
        Map<String, Schema> types = new LinkedHashMap<>();
        Topics.forRegistry("http://127.0.0.1:9/apis/registry/v3").all()
                .forEach(topic -> collectNamedTypes(topic.valueSchema(), types));
        return types;
    }

    private static void collectNamedTypes(Schema schema, Map<String, Schema> types) {
        switch (schema.getType()) {
            case RECORD -> {
                if (types.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(f -> collectNamedTypes(f.schema(), types));
                }
            }
            case ENUM, FIXED -> types.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collectNamedTypes(schema.getElementType(), types);
            case MAP -> collectNamedTypes(schema.getValueType(), types);
            case UNION -> schema.getTypes().forEach(t -> collectNamedTypes(t, types));
            default -> {
                // primitives carry no names or docs of their own
            }
        }
    }
}
