package io.fleetstream.schemas;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/** Derives the older or newer versions of a record schema that evolution tests compare. */
final class SchemaEdits {

    private SchemaEdits() {
    }

    /** The record as a producer that predates every optional field would have written it. */
    static Schema withoutFieldsThatHaveDefaults(Schema record) {
        return copyWithFields(record, copies(record).stream().filter(f -> !f.hasDefaultValue()).toList());
    }

    /** The record with a new string field {@code zone} that has no default. */
    static Schema withRequiredZone(Schema record) {
        return withExtraField(record, new Schema.Field("zone", Schema.create(Schema.Type.STRING),
                "Zone inside the site."));
    }

    /** The record with a new optional string field {@code zone} defaulting to null. */
    static Schema withOptionalZone(Schema record) {
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        return withExtraField(record, new Schema.Field("zone", optionalString, "Zone inside the site.",
                Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static Schema withExtraField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>(copies(record));
        fields.add(extra);
        return copyWithFields(record, fields);
    }

    /** Fields belong to one schema, so a derived schema needs copies. */
    private static List<Schema.Field> copies(Schema record) {
        return record.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList();
    }

    private static Schema copyWithFields(Schema record, List<Schema.Field> fields) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
