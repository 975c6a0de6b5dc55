package io.fleetstream.connectors.retrieval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fleetstream.schemas.avro.LogRecord;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The line format of tiered log files: one JSON object per line, with the field names of the MQTT log contract
 * ({@code robotId, site, seq, ts, level, source, message}) plus {@code ingestTime}; times are epoch
 * milliseconds. Lines are self-contained, so a file can be read with {@code zstdcat | jq} and filtered by time
 * without any schema.
 */
public final class LogLines {

    public static final String EVENT_TIME_FIELD = "ts";
    private static final JsonFactory JSON = new JsonFactory();

    private LogLines() {
    }

    /** Writes {@code record} as one line, newline included. */
    public static void write(LogRecord record, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeStringField("robotId", record.getRobotId());
            json.writeStringField("site", record.getSite());
            json.writeNumberField("seq", record.getSeq());
            json.writeNumberField(EVENT_TIME_FIELD, record.getEventTime().toEpochMilli());
            json.writeStringField("level", record.getLevel().name());
            json.writeStringField("source", record.getSource());
            json.writeStringField("message", record.getMessage());
            json.writeNumberField("ingestTime", record.getIngestTime().toEpochMilli());
            json.writeEndObject();
        }
        out.write('\n');
    }

    /** The event time of a line written by {@link #write}. */
    public static long eventTime(String line) throws IOException {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a log line: " + abbreviate(line));
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals(EVENT_TIME_FIELD) && value == JsonToken.VALUE_NUMBER_INT) {
                    return json.getLongValue();
                }
                json.skipChildren();
            }
        }
        throw new IOException("log line without " + EVENT_TIME_FIELD + ": " + abbreviate(line));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
