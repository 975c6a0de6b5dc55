package io.fleetstream.common.tracing;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context in Kafka record headers, UTF-8 encoded. Setting a key replaces the header rather than adding a
 * second one, so a record re-sent with a new context never carries two parents.
 */
public enum KafkaHeadersCarrier implements TextMapGetter<Headers>, TextMapSetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers carrier) {
        List<String> keys = new ArrayList<>();
        for (Header header : carrier) {
            keys.add(header.key());
        }
        return keys;
    }

    @Override
    public String get(Headers carrier, String key) {
        if (carrier == null) {
            return null;
        }
        Header header = carrier.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void set(Headers carrier, String key, String value) {
        if (carrier != null) {
            carrier.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
