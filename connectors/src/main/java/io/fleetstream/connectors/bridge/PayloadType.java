package io.fleetstream.connectors.bridge;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an MQTT payload of a route contains, and therefore how it is parsed and which Avro record it becomes. */
public enum PayloadType {
    TELEMETRY,
    HEARTBEAT,
    LOG,
    POINTCLOUD;

    /** Name used in configuration ({@code payload = telemetry}) and as the {@code type} metric tag. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayloadType fromConfig(String value) {
        for (PayloadType type : values()) {
            if (type.configName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown payload type '" + value + "', expected one of "
                + Arrays.stream(values()).map(PayloadType::configName).collect(Collectors.joining(", ")));
    }
}
