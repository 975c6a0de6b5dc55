package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.Heartbeat;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** {@code robots/{id}/heartbeat} JSON to {@link Heartbeat}. */
final class HeartbeatConverter implements PayloadConverter {

    private final JsonPayloadReader reader;
    private final EnvelopeValidator envelopes;

    HeartbeatConverter(JsonPayloadReader reader, EnvelopeValidator envelopes) {
        this.reader = reader;
        this.envelopes = envelopes;
    }

    @Override
    public List<SpecificRecord> convert(IncomingMessage message, String topicRobotId) throws RejectedInputException {
        JsonFields json = JsonFields.object(reader.read(message.payload()), "heartbeat");
        Envelope envelope = envelopes.fromJson(json, topicRobotId);
        return List.of(Heartbeat.newBuilder()
                .setRobotId(envelope.robotId())
                .setSite(envelope.site())
                .setEventTime(envelope.eventTime())
                .setSeq(envelope.seq())
                .setStatus(json.text("status"))
                .setUptimeSeconds(json.nonNegativeInteger("uptimeS"))
                .setErrorCodes(json.textList("errorCodes"))
                .setFirmware(json.optionalText("firmware").orElse(null))
                .setIngestTime(message.receivedAt())
                .build());
    }
}
