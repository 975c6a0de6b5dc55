package io.fleetstream.simulator.generator;

import java.time.Duration;

/**
 * What each robot generates and how often: message rates, the lidar's resolution and the site's floor size.
 *
 * @param logsPerMinute mean rate of background log lines per robot (a Poisson process); 0 disables them
 * @param pointcloudInterval time between lidar frames per robot; zero disables pointclouds
 */
public record GeneratorSettings(double telemetryHz, Duration heartbeatInterval, double logsPerMinute,
                                Duration pointcloudInterval, int lidarRings, int lidarColumns,
                                double lidarMaxRangeM, double siteWidthM, double siteLengthM) {

    public GeneratorSettings {
        if (!(telemetryHz > 0) || telemetryHz > 1000) {
            throw new IllegalArgumentException("telemetry rate must be in (0, 1000] Hz: " + telemetryHz);
        }
        if (heartbeatInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive: " + heartbeatInterval);
        }
        if (logsPerMinute < 0 || pointcloudInterval.isNegative()) {
            throw new IllegalArgumentException("log rate and pointcloud interval must not be negative");
        }
    }

    public static GeneratorSettings defaults() {
        return new GeneratorSettings(2.0, Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 16, 128, 40, 60, 40);
    }

    public GeneratorSettings withTelemetryHz(double hz) {
        return new GeneratorSettings(hz, heartbeatInterval, logsPerMinute, pointcloudInterval, lidarRings,
                lidarColumns, lidarMaxRangeM, siteWidthM, siteLengthM);
    }

    public GeneratorSettings withHeartbeatInterval(Duration interval) {
        return new GeneratorSettings(telemetryHz, interval, logsPerMinute, pointcloudInterval, lidarRings,
                lidarColumns, lidarMaxRangeM, siteWidthM, siteLengthM);
    }

    public GeneratorSettings withLogsPerMinute(double perMinute) {
        return new GeneratorSettings(telemetryHz, heartbeatInterval, perMinute, pointcloudInterval, lidarRings,
                lidarColumns, lidarMaxRangeM, siteWidthM, siteLengthM);
    }

    public GeneratorSettings withPointcloudInterval(Duration interval) {
        return new GeneratorSettings(telemetryHz, heartbeatInterval, logsPerMinute, interval, lidarRings,
                lidarColumns, lidarMaxRangeM, siteWidthM, siteLengthM);
    }
}
