package io.fleetstream.schemas;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's {@link DefaultAvroDatumProvider} with its writers and readers looked up by schema instance.
 *
 * <p>The default provider keys its caches by the schema's parsing fingerprint, which it computes on every call, i.e.
 * for every record serialized or deserialized: it renders the schema's canonical form and hashes it. For the
 * bridge's telemetry record that was about a fifth of the CPU of the thread that converts and produces each MQTT
 * message (JFR profile of the ingest benchmark). The serdes pass the same {@link Schema} object for every record of
 * a type (the one the schema resolver cached), so an identity lookup finds the writer without touching the schema.
 * A schema instance seen for the first time goes through the default provider, which still shares one writer per
 * fingerprint. The identity caches are bounded: should a caller hand in fresh schema instances forever, they are
 * emptied at {@link #MAX_CACHED} entries instead of growing.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    static final int MAX_CACHED = 1000;

    private final Map<SchemaInstance, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<SchemaInstance, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** Instantiated by the Apicurio serdes from {@code apicurio.registry.avro-datum-provider}. */
    public CachingAvroDatumProvider() {
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        SchemaInstance key = new SchemaInstance(schema, data instanceof SpecificRecord);
        DatumWriter<T> writer = writers.get(key);
        if (writer == null) {
            writer = super.createDatumWriter(data, schema);
            bounded(writers).put(key, writer);
        }
        return writer;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        SchemaInstance key = new SchemaInstance(schema, false);
        DatumReader<T> reader = readers.get(key);
        if (reader == null) {
            reader = super.createDatumReader(schema);
            bounded(readers).put(key, reader);
        }
        return reader;
    }

    private static <V> Map<SchemaInstance, V> bounded(Map<SchemaInstance, V> cache) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        return cache;
    }

    /**
     * A schema compared by identity ({@link Schema#equals} walks the whole schema), and for writers whether the data
     * is a generated class, as the default provider distinguishes specific from generic writers.
     */
    private record SchemaInstance(Schema schema, boolean specific) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaInstance that && that.schema == schema && that.specific == specific;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema) * 31 + Boolean.hashCode(specific);
        }
    }
}
