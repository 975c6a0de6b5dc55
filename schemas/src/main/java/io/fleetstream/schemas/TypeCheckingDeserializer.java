package io.fleetstream.schemas;

import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a record of an unexpected type into a {@link SerializationException}, which Kafka clients and Kafka
 * Streams route to their deserialization error handling, instead of a ClassCastException further downstream.
 */
final class TypeCheckingDeserializer<T> implements Deserializer<T> {

    private final Deserializer<Object> delegate;
    private final Class<T> type;

    TypeCheckingDeserializer(Deserializer<Object> delegate, Class<T> type) {
        this.delegate = delegate;
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return checked(topic, delegate.deserialize(topic, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return checked(topic, delegate.deserialize(topic, headers, data));
    }

    private T checked(String topic, Object value) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new SerializationException("Topic " + topic + " holds a " + value.getClass().getName()
                + " where a " + type.getName() + " was expected");
    }

    @Override
    public void close() {
        delegate.close();
    }
}
