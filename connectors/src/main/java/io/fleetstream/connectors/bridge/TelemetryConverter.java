package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.TelemetrySample;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** {@code robots/{id}/telemetry} JSON to {@link TelemetrySample}, with each metric checked against its range. */
final class TelemetryConverter implements PayloadConverter {

    private final JsonPayloadReader reader;
    private final EnvelopeValidator envelopes;
    private final Map<String, BridgeConfig.Range> ranges;

    TelemetryConverter(JsonPayloadReader reader, EnvelopeValidator envelopes, Map<String, BridgeConfig.Range> ranges) {
        this.reader = reader;
        this.envelopes = envelopes;
        this.ranges = ranges;
    }

    @Override
    public List<SpecificRecord> convert(IncomingMessage message, String topicRobotId) throws RejectedInputException {
        JsonFields json = JsonFields.object(reader.read(message.payload()), "telemetry");
        Envelope envelope = envelopes.fromJson(json, topicRobotId);
        Map<String, Double> metrics = json.finiteNumbers("metrics");
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            BridgeConfig.Range range = ranges.get(metric.getKey());
            if (range != null && !range.contains(metric.getValue())) {
                throw new RejectedInputException(RejectReason.OUT_OF_RANGE, "metrics." + metric.getKey() + " = "
                        + metric.getValue() + " outside [" + range.min() + ", " + range.max() + "]");
            }
        }
        return List.of(TelemetrySample.newBuilder()
                .setRobotId(envelope.robotId())
                .setSite(envelope.site())
                .setEventTime(envelope.eventTime())
                .setSeq(envelope.seq())
                .setMetrics(metrics)
                .setStatus(json.text("status"))
                .setIngestTime(message.receivedAt())
                .build());
    }
}
