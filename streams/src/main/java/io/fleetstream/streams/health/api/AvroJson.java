package io.fleetstream.streams.health.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Renders published Avro records as plain JSON for the HTTP API: the schema's field names, timestamps as epoch
 * milliseconds, enums as their symbol and no Avro union wrappers, so API clients read the same shape as the topic.
 */
final class AvroJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AvroJson() {
    }

    static String write(SpecificRecordBase record) {
        try {
            return MAPPER.writeValueAsString(plain(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + record.getSchema().getFullName(), e);
        }
    }

    static String error(String message) {
        try {
            return MAPPER.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof SpecificRecordBase record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                fields.put(field.name(), plain(record.get(field.pos())));
            }
            return fields;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        return value;
    }
}
