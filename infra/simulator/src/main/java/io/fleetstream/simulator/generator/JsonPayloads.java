package io.fleetstream.simulator.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetstream.simulator.model.Metric;
import io.fleetstream.simulator.model.RobotStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes the JSON payloads of the MQTT contract (TEAM.md), field order as documented there. */
final class JsonPayloads {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonPayloads() {
    }

    /** {@code values} is indexed by {@link Metric#ordinal()}. */
    static byte[] telemetry(String robotId, String site, long seq, long ts, double[] values, RobotStatus status) {
        return write(256, json -> {
            json.writeStartObject();
            header(json, robotId, site, seq, ts);
            json.writeObjectFieldStart("metrics");
            for (Metric metric : Metric.values()) {
                json.writeNumberField(metric.key(), values[metric.ordinal()]);
            }
            json.writeEndObject();
            json.writeStringField("status", status.name());
            json.writeEndObject();
        });
    }

    static byte[] heartbeat(String robotId, String site, long seq, long ts, String status, long uptimeS,
                            List<String> errorCodes, String firmware) {
        return write(192, json -> {
            json.writeStartObject();
            header(json, robotId, site, seq, ts);
            json.writeStringField("status", status);
            json.writeNumberField("uptimeS", uptimeS);
            json.writeArrayFieldStart("errorCodes");
            for (String code : errorCodes) {
                json.writeString(code);
            }
            json.writeEndArray();
            json.writeStringField("firmware", firmware);
            json.writeEndObject();
        });
    }

    /** One line as a JSON object; several (a burst, or a flush after a dropout) as a JSON array of objects. */
    static byte[] logs(String robotId, String site, List<StampedLogLine> lines) {
        return write(160 * lines.size(), json -> {
            if (lines.size() > 1) {
                json.writeStartArray();
            }
            for (StampedLogLine stamped : lines) {
                json.writeStartObject();
                header(json, robotId, site, stamped.seq(), stamped.ts());
                json.writeStringField("level", stamped.line().level().name());
                json.writeStringField("source", stamped.line().source());
                json.writeStringField("message", stamped.line().message());
                json.writeEndObject();
            }
            if (lines.size() > 1) {
                json.writeEndArray();
            }
        });
    }

    private static void header(JsonGenerator json, String robotId, String site, long seq, long ts) throws IOException {
        json.writeStringField("robotId", robotId);
        json.writeStringField("site", site);
        json.writeNumberField("seq", seq);
        json.writeNumberField("ts", ts);
    }

    private interface JsonWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(int sizeHint, JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }
}
