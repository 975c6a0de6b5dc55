package io.fleetstream.flink.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxPointsTest {

    private static final long T = 1_764_000_000_123L;

    @Test
    void telemetryIsOneRawPointWithAFieldPerFiniteMetricAndTheStatus() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("battery_pct", 87.5);
        metrics.put("motor_temp_c", Double.NaN);
        metrics.put("pos_x", -3.25);
        TelemetrySample sample = TelemetrySample.newBuilder().setRobotId("robot-0007").setSite("site a")
                .setEventTime(Instant.ofEpochMilli(T)).setSeq(1).setMetrics(metrics).setStatus("ACTIVE")
                .setIngestTime(Instant.ofEpochMilli(T + 5)).build();

        assertThat(InfluxPoints.telemetry(sample)).isEqualTo(new InfluxPoint("raw",
                "telemetry,robot=robot-0007,site=site\\ a battery_pct=87.5,pos_x=-3.25,status=\"ACTIVE\" " + T));
    }

    @Test
    void aWindowSummaryIsOnePointAtTheWindowStart() {
        SummarizeMetrics summarize = new SummarizeMetrics();
        MetricSummary summary = summarize.createAccumulator();
        for (double[] sample : new double[][] {{2_000, 4.0}, {9_000, 1.0}, {5_000, 7.0}}) {
            summary = summarize.add(new MetricSample("robot-0007", "site-a", "cpu_pct", (long) sample[0],
                    sample[1]), summary);
        }
        summary.windowStart = 0;

        assertThat(InfluxPoints.downsampled("telemetry_10s", "ds_10s", summary)).isEqualTo(new InfluxPoint("ds_10s",
                "telemetry_10s,metric=cpu_pct,robot=robot-0007,site=site-a count=3i,last=1.0,max=7.0,mean=4.0,min=1.0 0"));
    }

    @Test
    void mergedSummariesKeepTheValueWithTheLatestEventTimeAsLast() {
        SummarizeMetrics summarize = new SummarizeMetrics();
        MetricSummary late = summarize.add(new MetricSample("r", "s", "m", 9_000, 3.0), summarize.createAccumulator());
        MetricSummary early = summarize.add(new MetricSample("r", "s", "m", 1_000, 5.0),
                summarize.createAccumulator());

        MetricSummary merged = summarize.merge(late, early);

        assertThat(merged.count).isEqualTo(2);
        assertThat(merged.last).isEqualTo(3.0);
        assertThat(merged.min).isEqualTo(3.0);
        assertThat(merged.max).isEqualTo(5.0);
    }

    @Test
    void anAnomalyGoesToTheRawAndTheOneMinuteTier() {
        AnomalyEvent event = AnomalyEvent.newBuilder().setRobotId("robot-0007").setSite("site-a")
                .setMetric("motor_temp_c").setEventTime(Instant.ofEpochMilli(T)).setValue(93.1).setScore(0.97)
                .setExpectedLow(null).setExpectedHigh(52.5).setDetector("fleetstream-adaptive/1")
                .setReason("spike: motor_temp_c=93.1").build();
        String line = "anomalies,detector=fleetstream-adaptive/1,metric=motor_temp_c,robot=robot-0007,site=site-a "
                + "expected_high=52.5,reason=\"spike: motor_temp_c=93.1\",score=0.97,value=93.1 " + T;

        assertThat(InfluxPoints.anomaly(event)).containsExactly(new InfluxPoint("raw", line),
                new InfluxPoint("ds_1m", line));
    }

    @Test
    void healthLevelsUseTheContractsLevelCodesAndTheWholeFleetKey() {
        RobotHealth robot = RobotHealth.newBuilder().setRobotId("robot-0007").setSite("site-a")
                .setLevel(HealthLevel.CRITICAL).setReasons(List.of("battery 4% below 5%", "motor hot"))
                .setLastSeenEventTime(Instant.ofEpochMilli(T)).setLastSeenWallTime(Instant.ofEpochMilli(T))
                .setBatteryPct(4.0).setUpdateTime(Instant.ofEpochMilli(T)).build();
        FleetHealth fleet = FleetHealth.newBuilder().setScope(HealthScope.FLEET).setSite(null).setRobotsOk(5)
                .setRobotsDegraded(2).setRobotsCritical(1).setRobotsOffline(0).setLowBatteryCount(1)
                .setRobotsWithRecentAnomalies(3).setTotalRobots(8).setUpdateTime(Instant.ofEpochMilli(T)).build();

        assertThat(InfluxPoints.robotHealth(robot).line).isEqualTo("robot_health,level=CRITICAL,robot=robot-0007,"
                + "site=site-a battery_pct=4.0,level_code=2i,reasons=\"battery 4% below 5%; motor hot\" " + T);
        assertThat(InfluxPoints.siteHealth(fleet).line).isEqualTo("site_health,site=_fleet anomalous=3i,critical=1i,"
                + "degraded=2i,low_battery=1i,offline=0i,ok=5i,total=8i " + T);
        assertThat(List.of(HealthLevel.values())).extracting(InfluxPoints::levelCode).containsExactly(0L, 1L, 2L, 3L);
    }
}
