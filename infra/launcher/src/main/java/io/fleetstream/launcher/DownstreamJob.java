package io.fleetstream.launcher;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the launcher can run downstream of the bridge, by its name in {@code launcher.jobs}. */
public enum DownstreamJob {
    FLEET_HEALTH("fleet-health", false),
    ANOMALY_DETECTION("anomaly-detection", true),
    TELEMETRY_TO_INFLUX("telemetry-to-influx", true),
    LOG_TIERING("log-tiering", true),
    POINTCLOUD_TIERING("pointcloud-tiering", true);

    private final String configName;
    private final boolean flink;

    DownstreamJob(String configName, boolean flink) {
        this.configName = configName;
        this.flink = flink;
    }

    public String configName() {
        return configName;
    }

    /** Runs on the shared Flink MiniCluster (otherwise it is the Kafka Streams app). */
    public boolean isFlink() {
        return flink;
    }

    public static DownstreamJob named(String name) {
        for (DownstreamJob job : values()) {
            if (job.configName.equals(name)) {
                return job;
            }
        }
        throw new IllegalArgumentException("unknown job '" + name + "' in launcher.jobs; known: "
                + Arrays.stream(values()).map(DownstreamJob::configName).collect(Collectors.joining(", ")));
    }
}
