package io.fleetstream.connectors.bridge;

/**
 * Why the bridge dead-lettered an input. The name is the {@code reasonCode} of the
 * {@link io.fleetstream.schemas.avro.DeadLetterRecord} and the {@code reason} tag of
 * {@code fleetstream_bridge_dlq_total}.
 */
public enum RejectReason {
    /** Zero-byte payload, or a log batch without entries. */
    EMPTY_PAYLOAD,
    /** Larger than the configured limit for its payload type (or than Kafka accepts, with no object store). */
    PAYLOAD_TOO_LARGE,
    /** A JSON payload that is not valid UTF-8. */
    INVALID_UTF8,
    /** Not well-formed JSON: syntax error, trailing content or a duplicate key. */
    INVALID_JSON,
    /** A required JSON field or MQTT user property is absent or null. */
    MISSING_FIELD,
    /** A field, or the whole payload, has the wrong JSON type (a string where a number belongs...). */
    WRONG_TYPE,
    /** A field has the right type but an unacceptable value (negative sequence, unknown log level, blank id). */
    INVALID_VALUE,
    /** A number is NaN or infinite. */
    NON_FINITE_NUMBER,
    /** A telemetry metric outside its configured physical range. */
    OUT_OF_RANGE,
    /** Event time later than now plus the allowed clock skew. */
    TIMESTAMP_IN_FUTURE,
    /** Event time older than the allowed age. */
    TIMESTAMP_TOO_OLD,
    /** The robot id inside the payload differs from the one in the MQTT topic. */
    ROBOT_ID_MISMATCH,
    /** A subscribed MQTT topic that no route maps to Kafka. */
    UNKNOWN_TOPIC,
    /** A pointcloud whose PCD header is missing, malformed or inconsistent. */
    INVALID_PCD,
    /** A pointcloud whose data section does not hold the number of points its header declares. */
    POINT_COUNT_MISMATCH,
    /** Kafka refused the converted record with a non-retriable error (e.g. record too large). */
    KAFKA_REJECTED
}
