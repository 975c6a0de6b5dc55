package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.PayloadCodec;
import io.fleetstream.schemas.avro.PointcloudFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code robots/{id}/pointcloud} PCD v0.7 files, with the frame metadata in MQTT 5 user properties, to
 * {@link PointcloudFrame}. Frames up to the inline limit travel inside the Kafka record; larger ones are written
 * to the object store first and the record carries the reference.
 */
final class PointcloudConverter implements PayloadConverter {

    private final EnvelopeValidator envelopes;
    private final BridgeConfig.PointcloudLimits limits;
    private final Optional<ClaimCheckStore> store;

    PointcloudConverter(EnvelopeValidator envelopes, BridgeConfig.PointcloudLimits limits,
            Optional<ClaimCheckStore> store) {
        this.envelopes = envelopes;
        this.limits = limits;
        this.store = store;
    }

    @Override
    public List<SpecificRecord> convert(IncomingMessage message, String topicRobotId)
            throws RejectedInputException, IOException {
        byte[] pcd = message.payload();
        if (pcd.length > limits.maxBytes()) {
            throw tooLarge(pcd.length + " bytes exceed the pointcloud limit of " + limits.maxBytes());
        }
        Map<String, String> properties = message.userProperties();
        Envelope envelope = envelopes.validate(topicRobotId, property(properties, "robotId"),
                property(properties, "site"), longProperty(properties, "seq"), longProperty(properties, "ts"));
        String sensor = property(properties, "sensor");
        String frameId = property(properties, "frameId");
        PcdFile file = PcdFile.parse(pcd);
        PointcloudFrame.Builder frame = PointcloudFrame.newBuilder()
                .setFrameId(frameId)
                .setRobotId(envelope.robotId())
                .setSite(envelope.site())
                .setSensor(sensor)
                .setEventTime(envelope.eventTime())
                .setSeq(envelope.seq())
                .setPointCount(file.points())
                .setWidth(file.width())
                .setHeight(file.height())
                .setFields(file.fields())
                .setDataEncoding(file.encoding())
                .setIngestTime(message.receivedAt());
        if (pcd.length <= limits.inlineMaxBytes()) {
            frame.setPayload(new InlinePayload(PayloadCodec.NONE, ByteBuffer.wrap(pcd), (long) pcd.length));
        } else if (store.isPresent()) {
            frame.setPayload(store.get().put(envelope.robotId(), sensor, frameId, pcd));
        } else {
            throw tooLarge(pcd.length + " bytes exceed the inline limit of " + limits.inlineMaxBytes()
                    + " and no object store is configured");
        }
        return List.of(frame.build());
    }

    private static String property(Map<String, String> properties, String name)
            throws RejectedInputException {
        String value = properties.get(name);
        if (value == null) {
            throw new RejectedInputException(RejectReason.MISSING_FIELD, "user property " + name + " is missing");
        }
        if (value.isBlank()) {
            throw new RejectedInputException(RejectReason.INVALID_VALUE, "user property " + name + " is blank");
        }
        return value;
    }

    private static long longProperty(Map<String, String> properties, String name)
            throws RejectedInputException {
        String value = property(properties, name);
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new RejectedInputException(RejectReason.WRONG_TYPE,
                    "user property " + name + " must be an integer: " + value);
        }
    }

    private static RejectedInputException tooLarge(String detail) {
        return new RejectedInputException(RejectReason.PAYLOAD_TOO_LARGE, detail);
    }
}
