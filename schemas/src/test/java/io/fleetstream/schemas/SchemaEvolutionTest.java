package io.fleetstream.schemas;

import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.TelemetrySample;

/**
 * The evolution rules the pipeline relies on, checked with Avro's own resolution rules: optional fields (those
 * with defaults) may be added or dropped in either order of upgrade, a new field without a default breaks
 * BACKWARD compatibility, and every schema stays compatible with the one first released for its topic.
 */
class SchemaEvolutionTest {

    private static final Topics TOPICS = Topics.forRegistry("http://127.0.0.1:9/apis/registry/v3");

    static List<SpecificRecord> samples() {
        return SampleRecords.all();
    }

    static List<Topic<String, ?>> topics() {
        return TOPICS.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void optionalFieldsCanBeAddedAndDroppedInEitherUpgradeOrder(SpecificRecord sample) {
        Schema current = sample.getSchema();
        Schema withoutOptional = SchemaEdits.withoutFieldsThatHaveDefaults(current);

        assertThat(compatibility(current, withoutOptional)).as("current reader, older writer")
                .isEqualTo(COMPATIBLE);
        assertThat(compatibility(withoutOptional, current)).as("older reader, current writer")
                .isEqualTo(COMPATIBLE);

        // An older producer's record, made by letting an older consumer read current data and re-writing it.
        GenericData.Record older = AvroBinary.readGeneric(AvroBinary.write(sample), current, withoutOptional);
        SpecificRecord upgraded = AvroBinary.read(AvroBinary.writeGeneric(withoutOptional, older), 0,
                withoutOptional, current);

        for (Schema.Field field : current.getFields()) {
            Object expected = field.hasDefaultValue()
                    ? SpecificData.getForSchema(current).getDefaultValue(field)
                    : sample.get(field.pos());
            assertThat(upgraded.get(field.pos())).as(field.name()).isEqualTo(expected);
        }
    }

    @Test
    void newFieldWithoutDefaultIsNotBackwardCompatible() {
        Schema current = TelemetrySample.getClassSchema();
        Schema withRequiredZone = SchemaEdits.withRequiredZone(current);

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(withRequiredZone, current);

        assertThat(result.getType()).isEqualTo(INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
    }

    @Test
    void newFieldWithDefaultIsFullyCompatible() {
        Schema current = TelemetrySample.getClassSchema();
        Schema withOptionalZone = SchemaEdits.withOptionalZone(current);

        assertThat(compatibility(withOptionalZone, current)).isEqualTo(COMPATIBLE);
        assertThat(compatibility(current, withOptionalZone)).isEqualTo(COMPATIBLE);
    }

    /**
     * Enums have no default symbol, on purpose (a reader must not guess a health level or a codec): a new symbol
     * passes a BACKWARD check but breaks consumers that do not know it yet, so consumers are upgraded first.
     */
    @Test
    void newEnumSymbolNeedsConsumersUpgradedFirst() {
        Schema current = HealthLevel.getClassSchema();
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        symbols.add("MAINTENANCE");
        Schema extended = Schema.createEnum(current.getName(), current.getDoc(), current.getNamespace(), symbols);

        assertThat(compatibility(extended, current)).as("new reader, old writer").isEqualTo(COMPATIBLE);
        SchemaCompatibility.SchemaPairCompatibility oldReader =
                SchemaCompatibility.checkReaderWriterCompatibility(current, extended);
        assertThat(oldReader.getType()).as("old reader, new writer").isEqualTo(INCOMPATIBLE);
        assertThat(oldReader.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everySchemaStaysCompatibleWithItsFirstRelease(Topic<String, ?> topic) throws IOException {
        Schema released = releasedSchema(topic.name());
        Schema current = topic.valueSchema();

        assertThat(released.getFullName()).isEqualTo(current.getFullName());
        assertThat(compatibility(current, released)).as("current reader, released writer").isEqualTo(COMPATIBLE);
        assertThat(compatibility(released, current)).as("released reader, current writer").isEqualTo(COMPATIBLE);
    }

    private static Schema releasedSchema(String topic) throws IOException {
        String resource = "/avro-baseline/" + topic + ".avsc";
        try (InputStream in = Objects.requireNonNull(SchemaEvolutionTest.class.getResourceAsStream(resource),
                "no released schema at " + resource + "; add the topic's first released schema there")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static SchemaCompatibility.SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }
}
