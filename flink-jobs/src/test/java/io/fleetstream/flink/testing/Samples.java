package io.fleetstream.flink.testing;

import io.fleetstream.schemas.avro.TelemetrySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Telemetry as the bridge writes it. */
public final class Samples {

    private Samples() {
    }

    public static TelemetrySample telemetry(String robot, String site, long seq, long eventTime,
            Map<String, Double> metrics) {
        return TelemetrySample.newBuilder()
                .setRobotId(robot)
                .setSite(site)
                .setSeq(seq)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setMetrics(new LinkedHashMap<>(metrics))
                .setStatus("ACTIVE")
                .setIngestTime(Instant.ofEpochMilli(eventTime + 5))
                .build();
    }

    /**
     * {@code count} samples per robot, one per second from {@code start}, battery draining linearly from 100 and
     * motor temperature cycling through 40..49, in round-robin order over the robots.
     */
    public static List<TelemetrySample> fleet(List<String> robots, long start, long firstSeq, int count) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            for (String robot : robots) {
                samples.add(telemetry(robot, "site-a", seq, start + seq * 1_000, Map.of(
                        "battery_pct", 100.0 - seq * 0.01,
                        "motor_temp_c", 40.0 + seq % 10)));
            }
        }
        return samples;
    }
}
