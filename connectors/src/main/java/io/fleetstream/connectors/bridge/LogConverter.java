package io.fleetstream.connectors.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code robots/{id}/logs} JSON, one object or an array of objects, to one {@link LogRecord} per line. A batch is
 * all or nothing: one invalid line dead-letters the whole message, so a batch is never half ingested.
 */
final class LogConverter implements PayloadConverter {

    private final JsonPayloadReader reader;
    private final EnvelopeValidator envelopes;

    LogConverter(JsonPayloadReader reader, EnvelopeValidator envelopes) {
        this.reader = reader;
        this.envelopes = envelopes;
    }

    @Override
    public List<SpecificRecord> convert(IncomingMessage message, String topicRobotId) throws RejectedInputException {
        JsonNode tree = reader.read(message.payload());
        if (!tree.isArray()) {
            return List.of(line(JsonFields.object(tree, "log"), topicRobotId, message));
        }
        if (tree.isEmpty()) {
            throw new RejectedInputException(RejectReason.EMPTY_PAYLOAD, "log batch is an empty array");
        }
        List<SpecificRecord> lines = new ArrayList<>(tree.size());
        for (JsonNode element : tree) {
            lines.add(line(JsonFields.object(element, "logs[" + lines.size() + "]"), topicRobotId, message));
        }
        return lines;
    }

    private LogRecord line(JsonFields json, String topicRobotId, IncomingMessage message)
            throws RejectedInputException {
        Envelope envelope = envelopes.fromJson(json, topicRobotId);
        return LogRecord.newBuilder()
                .setRobotId(envelope.robotId())
                .setSite(envelope.site())
                .setEventTime(envelope.eventTime())
                .setSeq(envelope.seq())
                .setLevel(level(json.text("level")))
                .setSource(json.text("source"))
                .setMessage(json.string("message"))
                .setIngestTime(message.receivedAt())
                .build();
    }

    private static LogLevel level(String value) throws RejectedInputException {
        try {
            return LogLevel.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(RejectReason.INVALID_VALUE, "unknown log level '" + value + "'");
        }
    }
}
