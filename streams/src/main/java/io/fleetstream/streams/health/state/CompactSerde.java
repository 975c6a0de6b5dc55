package io.fleetstream.streams.health.state;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of an internal state type (state stores, changelogs, repartition topics). Internal records never leave
 * the app, so they use a compact format with a leading version byte instead of registry-backed Avro: a format
 * change bumps the version and keeps a reader for the previous one, so that changelogs written by the previous
 * release still restore.
 */
public final class CompactSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String typeName;
    private final int version;
    private final BiConsumer<T, CompactWriter> writer;
    private final Function<CompactReader, T> reader;

    public CompactSerde(String typeName, int version, BiConsumer<T, CompactWriter> writer,
            Function<CompactReader, T> reader) {
        this.typeName = typeName;
        this.version = version;
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        CompactWriter out = new CompactWriter().writeByte(version);
        writer.accept(value, out);
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        CompactReader in = new CompactReader(data);
        int found = in.readByte();
        if (found != version) {
            throw new SerializationException(typeName + " format version " + found + " is not supported (expected "
                    + version + ")");
        }
        return reader.apply(in);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the format is fixed by the version byte
    }

    @Override
    public void close() {
        // stateless
    }
}
