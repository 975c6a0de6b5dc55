package io.fleetstream.connectors.bridge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks the common fields of a robot message: the robot id must equal the one in the MQTT topic (the broker
 * authorises robots per topic, so a different id in the payload is a spoofing or firmware bug), the sequence number
 * must not be negative, and the event time must lie within the configured skew around now.
 */
final class EnvelopeValidator {

    private final Clock clock;
    private final Duration maxFutureSkew;
    private final Duration maxAge;

    EnvelopeValidator(Clock clock, Duration maxFutureSkew, Duration maxAge) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    Envelope fromJson(JsonFields json, String topicRobotId) throws RejectedInputException {
        return validate(topicRobotId, json.text("robotId"), json.text("site"), json.integer("seq"),
                json.integer("ts"));
    }

    Envelope validate(String topicRobotId, String robotId, String site, long seq, long tsMillis)
            throws RejectedInputException {
        if (!robotId.equals(topicRobotId)) {
            throw new RejectedInputException(RejectReason.ROBOT_ID_MISMATCH,
                    "robotId '" + robotId + "' differs from the topic's robot '" + topicRobotId + "'");
        }
        if (seq < 0) {
            throw new RejectedInputException(RejectReason.INVALID_VALUE, "seq is negative: " + seq);
        }
        Instant eventTime = Instant.ofEpochMilli(tsMillis);
        Instant now = clock.instant();
        if (eventTime.isAfter(now.plus(maxFutureSkew))) {
            throw new RejectedInputException(RejectReason.TIMESTAMP_IN_FUTURE,
                    "ts " + eventTime + " is more than " + maxFutureSkew + " after now (" + now + ")");
        }
        if (eventTime.isBefore(now.minus(maxAge))) {
            throw new RejectedInputException(RejectReason.TIMESTAMP_TOO_OLD,
                    "ts " + eventTime + " is more than " + maxAge + " before now (" + now + ")");
        }
        return new Envelope(robotId, site, seq, eventTime);
    }
}
