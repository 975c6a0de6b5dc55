package io.fleetstream.platform;

/** The services a {@link LocalPlatform} can run. Declaration order is start order; they stop in reverse. */
public enum ServiceKind {
    KAFKA("Kafka broker"),
    MQTT("MQTT broker (HiveMQ CE)"),
    REGISTRY("Apicurio Registry"),
    OBJECT_STORE("S3 object store (s3proxy)"),
    INFLUXDB("InfluxDB");

    private final String displayName;

    ServiceKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
