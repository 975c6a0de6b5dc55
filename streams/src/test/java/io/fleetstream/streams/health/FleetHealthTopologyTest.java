package io.fleetstream.streams.health;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every health rule, driven through the real topology with TopologyTestDriver and a mock wall clock. */
class FleetHealthTopologyTest {

    private static final String ROBOT = "robot-0001";
    private static final String SITE = "site-a";

    @Test
    void firstMessageMakesARobotKnownWithATransitionFromNoLevel() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry(ROBOT, SITE, ofSeconds(0), 90, "ACTIVE");

            HealthTransition first = d.transitions.readValue();
            assertThat(first.getFromLevel()).isNull();
            assertThat(first.getToLevel()).isEqualTo(HealthLevel.OK);
            assertThat(first.getReasons()).isEmpty();
            assertThat(first.getSite()).isEqualTo(SITE);

            RobotHealth health = d.robotHealth.readValue();
            assertThat(health.getLevel()).isEqualTo(HealthLevel.OK);
            assertThat(health.getBatteryPct()).isEqualTo(90.0);
            assertThat(health.getStatus()).isEqualTo("ACTIVE");
            assertThat(health.getLastSeenEventTime()).isEqualTo(HealthDriver.START);
            assertThat(health.getLastSeenWallTime()).isEqualTo(HealthDriver.START);
            assertThat(health.getBatteryTrendPctPerMin()).as("one reading has no trend").isNull();
            assertThat(health.getBatteryTimeToEmptySeconds()).isNull();
            assertThat(health.getLevelSince()).isEqualTo(HealthDriver.START);
        }
    }

    @Test
    void lowBatteryDegradesAndCriticalBatteryEscalates() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry(ROBOT, SITE, ofSeconds(0), 50, "ACTIVE");
            d.telemetry(ROBOT, SITE, ofSeconds(1), 19, "ACTIVE");
            d.telemetry(ROBOT, SITE, ofSeconds(2), 9, "ACTIVE");

            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(HealthLevel.OK, HealthLevel.DEGRADED, HealthLevel.CRITICAL);
            assertThat(transitions.get(1).getFromLevel()).isEqualTo(HealthLevel.OK);
            assertThat(transitions.get(1).getReasons()).containsExactly("battery 19.0% below 20%");
            assertThat(transitions.get(2).getReasons()).containsExactly("battery 9.0% below 10%");
        }
    }

    @Test
    void dischargeTrendEstimatesTimeToEmptyAndWarnsBeforeTheBatteryIsLow() {
        try (HealthDriver d = new HealthDriver()) {
            // 0.1 percentage points per second = 6 %/min, one sample per second, from 60 %
            for (int second = 0; second <= 310; second++) {
                d.telemetry(ROBOT, SITE, ofSeconds(second), 60 - 0.1 * second, "ACTIVE");
            }

            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(HealthLevel.OK, HealthLevel.DEGRADED, HealthLevel.CRITICAL);
            // the trend needs 30 s of readings; at 57 % and -6 %/min the battery is empty in 9.5 min (< 15 min)
            assertThat(transitions.get(1).getReasons()).containsExactly("battery empty in 9.5 min at -6.00%/min");
            // below 5 min to empty (< 30 %) while still above the 20 % low-battery threshold
            assertThat(transitions.get(2).getReasons()).singleElement().asString()
                    .startsWith("battery empty in ").endsWith("at -6.00%/min");

            List<RobotHealth> published = d.robotHealth.readValuesToList();
            RobotHealth critical = published.get(published.size() - 1);
            assertThat(critical.getLevel()).isEqualTo(HealthLevel.CRITICAL);
            assertThat(critical.getBatteryPct()).isBetween(20.0, 30.0);
            assertThat(critical.getBatteryTrendPctPerMin()).isCloseTo(-6.0, within(0.01));
            assertThat(critical.getBatteryTimeToEmptySeconds())
                    .isCloseTo(Math.round(critical.getBatteryPct() / 6.0 * 60), within(1L))
                    .isLessThan(300L);
        }
    }

    @Test
    void newestStatusByEventTimeWinsAcrossTelemetryAndHeartbeats() {
        try (HealthDriver d = new HealthDriver()) {
            d.heartbeat(ROBOT, SITE, ofSeconds(10), "FAULT", List.of());
            d.telemetry(ROBOT, SITE, ofSeconds(5), 80, "ACTIVE"); // older: must not clear the fault
            assertThat(d.state(ROBOT).status()).isEqualTo("FAULT");
            d.telemetry(ROBOT, SITE, ofSeconds(15), 80, "ACTIVE");
            d.heartbeat(ROBOT, SITE, ofSeconds(12), "WARN", List.of()); // older than the ACTIVE sample
            d.heartbeat(ROBOT, SITE, ofSeconds(20), "warn", List.of()); // statuses match ignoring case

            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(HealthLevel.CRITICAL, HealthLevel.OK, HealthLevel.DEGRADED);
            assertThat(transitions.get(0).getReasons()).containsExactly("status FAULT");
            assertThat(transitions.get(2).getReasons()).containsExactly("status warn");
        }
    }

    @Test
    void activeErrorCodesDegradeAndConfiguredCriticalCodesEscalate() {
        try (HealthDriver d = new HealthDriver("health.error-codes.critical = [E_STOP]")) {
            d.heartbeat(ROBOT, SITE, ofSeconds(0), "OK", List.of());
            d.heartbeat(ROBOT, SITE, ofSeconds(1), "OK", List.of("W_LIDAR_DIRTY"));
            d.heartbeat(ROBOT, SITE, ofSeconds(2), "OK", List.of("W_LIDAR_DIRTY", "E_STOP"));
            assertThat(d.state(ROBOT).errorCodes()).containsExactly("W_LIDAR_DIRTY", "E_STOP");
            d.heartbeat(ROBOT, SITE, ofSeconds(3), "OK", List.of());

            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(
                    HealthLevel.OK, HealthLevel.DEGRADED, HealthLevel.CRITICAL, HealthLevel.OK);
            assertThat(transitions.get(1).getReasons()).containsExactly("error codes [W_LIDAR_DIRTY]");
            assertThat(transitions.get(2).getReasons()).containsExactly("critical error codes [E_STOP]");
        }
    }

    @Test
    void errorLogRateOverTheSlidingWindowDegradesEscalatesAndExpires() {
        try (HealthDriver d = new HealthDriver("health.telemetry.min-rate-per-sec = 0")) {
            d.telemetry(ROBOT, SITE, ofSeconds(0), 90, "ACTIVE");
            d.log(ROBOT, SITE, ofSeconds(1), LogLevel.ERROR);
            for (int second = 2; second <= 10; second++) {
                d.log(ROBOT, SITE, ofSeconds(second), second % 2 == 0 ? LogLevel.ERROR : LogLevel.FATAL);
            }
            d.log(ROBOT, SITE, ofSeconds(11), LogLevel.INFO);
            assertThat(d.state(ROBOT).errorLogsPerMinute()).isEqualTo(10.0);
            // 70 s: the window (60 s in 5 s buckets) has slid past every error
            d.telemetry(ROBOT, SITE, ofSeconds(70), 90, "ACTIVE");

            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(
                    HealthLevel.OK, HealthLevel.DEGRADED, HealthLevel.CRITICAL, HealthLevel.OK);
            assertThat(transitions.get(1).getReasons()).containsExactly("error logs 1.0/min at or above 1/min");
            assertThat(transitions.get(2).getReasons()).containsExactly("error logs 10.0/min at or above 10/min");
            assertThat(d.state(ROBOT).errorLogsPerMinute()).isZero();
        }
    }

    @Test
    void warnLogRateDegrades() {
        try (HealthDriver d = new HealthDriver()) {
            for (int second = 0; second < 10; second++) {
                d.log(ROBOT, SITE, ofSeconds(second), LogLevel.WARN);
            }
            List<HealthTransition> transitions = d.transitions.readValuesToList();
            assertThat(levels(transitions)).containsExactly(HealthLevel.OK, HealthLevel.DEGRADED);
            assertThat(transitions.get(1).getReasons()).containsExactly("warn logs 10.0/min at or above 10/min");
        }
    }

    @Test
    void lowTelemetryRateCountsOnlyOnceARobotWasSeenForAWholeWindow() {
        try (HealthDriver d = new HealthDriver()) {
            for (int second = 0; second <= 50; second += 10) {
                d.telemetry(ROBOT, SITE, ofSeconds(second), 90, "ACTIVE"); // 0.1/s, below 0.2/s
            }
            assertThat(levels(d.transitions.readValuesToList())).as("still warming up").containsExactly(HealthLevel.OK);

            d.telemetry(ROBOT, SITE, ofSeconds(60), 90, "ACTIVE");
            HealthTransition degraded = d.transitions.readValue();
            assertThat(degraded.getToLevel()).isEqualTo(HealthLevel.DEGRADED);
            assertThat(degraded.getReasons()).containsExactly("telemetry 0.11/s below 0.2/s");
        }
    }

    @Test
    void robotAppearingMidWindowGetsItsRateFromTheTimeItWasActive() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry("robot-0002", SITE, ofSeconds(0), 90, "ACTIVE");
            for (int second = 0; second <= 55; second += 5) {
                d.heartbeat("robot-0002", SITE, ofSeconds(second), "OK", List.of());
            }
            // robot-0001 appears 55 s into robot-0002's window and sends at 1 Hz for 5 s
            for (int second = 55; second < 60; second++) {
                d.telemetry(ROBOT, SITE, ofSeconds(second), 90, "ACTIVE");
            }
            assertThat(d.state(ROBOT).telemetryPerSecond()).isEqualTo(1.0);
            assertThat(d.state(ROBOT).activeForWholeWindow()).isFalse();
            assertThat(d.state(ROBOT).level()).isEqualTo(HealthLevel.OK);

            // a robot that returns after a silence longer than the window starts a new active span
            d.telemetry(ROBOT, SITE, ofSeconds(200), 90, "ACTIVE");
            d.telemetry(ROBOT, SITE, ofSeconds(202), 90, "ACTIVE");
            assertThat(d.state(ROBOT).telemetryPerSecond()).isEqualTo(0.5);
            assertThat(d.state(ROBOT).level()).isEqualTo(HealthLevel.OK);
        }
    }

    @Test
    void outOfOrderMessagesNeverOverwriteNewerReadings() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry(ROBOT, SITE, ofSeconds(20), 80, "ACTIVE");
            d.telemetry(ROBOT, SITE, ofSeconds(10), 5, "ERROR");

            assertThat(d.state(ROBOT).batteryPct()).isEqualTo(80.0);
            assertThat(d.state(ROBOT).status()).isEqualTo("ACTIVE");
            assertThat(d.state(ROBOT).lastSeenEventTime()).isEqualTo(HealthDriver.at(ofSeconds(20)).toEpochMilli());
            assertThat(levels(d.transitions.readValuesToList())).containsExactly(HealthLevel.OK);
            assertThat(d.state(ROBOT).telemetryPerSecond()).as("both samples count in the window").isEqualTo(0.1);
        }
    }

    @Test
    void lateMessagesAreNotCountedButKeepTheRobotAlive() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry(ROBOT, SITE, ofSeconds(120), 90, "ACTIVE");
            d.log(ROBOT, SITE, ofSeconds(10), LogLevel.ERROR); // 110 s older than the robot's newest event
            assertThat(d.state(ROBOT).errorLogsPerMinute()).isZero();
            assertThat(d.state(ROBOT).level()).isEqualTo(HealthLevel.OK);
            assertThat(d.registry.get("fleetstream.health.late.events").counter().count()).isEqualTo(1.0);

            d.advanceWallClock(ofSeconds(20));
            d.log(ROBOT, SITE, ofSeconds(11), LogLevel.ERROR);
            d.advanceWallClock(ofSeconds(20)); // 40 s after the newest message, 20 s after the late one
            assertThat(d.state(ROBOT).level()).isEqualTo(HealthLevel.OK);
            d.advanceWallClock(ofSeconds(11));
            assertThat(d.state(ROBOT).level()).isEqualTo(HealthLevel.OFFLINE);
        }
    }

    @Test
    void silentRobotGoesOfflineOnTheWallClockAndRecoversOnItsNextMessage() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry(ROBOT, SITE, ofSeconds(0), 90, "ACTIVE");
            d.transitions.readValuesToList();

            d.advanceWallClock(ofSeconds(29));
            assertThat(d.transitions.isEmpty()).isTrue();
            d.advanceWallClock(ofSeconds(2));

            HealthTransition offline = d.transitions.readValue();
            assertThat(offline.getFromLevel()).isEqualTo(HealthLevel.OK);
            assertThat(offline.getToLevel()).isEqualTo(HealthLevel.OFFLINE);
            assertThat(offline.getReasons()).containsExactly("no message for 30s");
            assertThat(offline.getTransitionTime()).isEqualTo(HealthDriver.at(ofSeconds(31)));
            List<RobotHealth> published = d.robotHealth.readValuesToList();
            RobotHealth last = published.get(published.size() - 1);
            assertThat(last.getLevel()).isEqualTo(HealthLevel.OFFLINE);
            assertThat(last.getUpdateTime()).isAfter(last.getLastSeenWallTime());
            assertThat(d.latestSiteHealth().get(SITE).getRobotsOffline()).isEqualTo(1);

            d.telemetry(ROBOT, SITE, ofSeconds(31), 89, "ACTIVE");
            HealthTransition back = d.transitions.readValue();
            assertThat(back.getFromLevel()).isEqualTo(HealthLevel.OFFLINE);
            assertThat(back.getToLevel()).isEqualTo(HealthLevel.OK);
            assertThat(d.latestSiteHealth().get(SITE).getRobotsOk()).isEqualTo(1);
        }
    }

    @Test
    void changesOtherThanTheLevelArePublishedAtMostOncePerPublishInterval() {
        try (HealthDriver d = new HealthDriver()) {
            for (int second = 0; second < 5; second++) {
                d.telemetry(ROBOT, SITE, ofSeconds(second), 90 - second, "ACTIVE");
            }
            assertThat(d.robotHealth.readValuesToList()).as("only the first level").hasSize(1);

            d.advanceWallClock(ofSeconds(5));
            List<RobotHealth> pending = d.robotHealth.readValuesToList();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).getBatteryPct()).isEqualTo(86.0);
            assertThat(pending.get(0).getLastSeenEventTime()).isEqualTo(HealthDriver.at(ofSeconds(4)));

            d.advanceWallClock(ofSeconds(5));
            assertThat(d.robotHealth.isEmpty()).as("nothing new to publish").isTrue();
        }
    }

    @Test
    void siteAndFleetAggregatesCountLevelsLowBatteryAndRecentAnomalies() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry("robot-0001", "site-a", ofSeconds(0), 90, "ACTIVE");
            d.telemetry("robot-0002", "site-a", ofSeconds(0), 15, "ACTIVE");
            d.telemetry("robot-0003", "site-b", ofSeconds(0), 5, "ACTIVE");
            d.telemetry("robot-0004", "site-b", ofSeconds(0), 70, "ACTIVE");
            d.anomaly("robot-0004", "site-b", ofSeconds(0));
            d.anomaly("robot-0009", "site-b", ofSeconds(0)); // never sent anything itself: not counted

            Map<String, FleetHealth> latest = d.latestSiteHealth();
            assertCounts(latest.get("site-a"), 1, 1, 0, 0, 1, 0);
            assertCounts(latest.get("site-b"), 1, 0, 1, 0, 1, 1);
            FleetHealth fleet = latest.get(Topics.WHOLE_FLEET_KEY);
            assertCounts(fleet, 2, 1, 1, 0, 2, 1);
            assertThat(fleet.getScope()).isEqualTo(HealthScope.FLEET);
            assertThat(fleet.getSite()).isNull();
            assertThat(latest.get("site-a").getScope()).isEqualTo(HealthScope.SITE);
            assertThat(latest.get("site-a").getSite()).isEqualTo("site-a");

            d.telemetry("robot-0001", "site-b", ofSeconds(1), 90, "ACTIVE"); // moved to site-b
            latest = d.latestSiteHealth();
            assertCounts(latest.get("site-a"), 0, 1, 0, 0, 1, 0);
            assertCounts(latest.get("site-b"), 2, 0, 1, 0, 1, 1);
            assertCounts(latest.get(Topics.WHOLE_FLEET_KEY), 2, 1, 1, 0, 2, 1);

            // five minutes of silence: every robot is offline and the anomaly is no longer recent
            d.advanceWallClock(ofMinutes(5));
            latest = d.latestSiteHealth();
            assertCounts(latest.get(Topics.WHOLE_FLEET_KEY), 0, 0, 0, 4, 2, 0);
            assertThat(d.siteCounts("site-b").total()).isEqualTo(3);
        }
    }

    @Test
    void anomalyAgeFollowsTheRobotsEventClockWhenHistoryIsReplayed() {
        try (HealthDriver d = new HealthDriver("health.telemetry.min-rate-per-sec = 0")) {
            d.telemetry(ROBOT, SITE, ofSeconds(0), 90, "ACTIVE");
            d.anomaly(ROBOT, SITE, ofSeconds(0));
            assertThat(d.latestSiteHealth().get(SITE).getRobotsWithRecentAnomalies()).isEqualTo(1);
            // replayed telemetry moves the robot's event time 6 minutes on within a second of wall time
            d.telemetry(ROBOT, SITE, ofMinutes(6), 90, "ACTIVE");
            assertThat(d.latestSiteHealth().get(SITE).getRobotsWithRecentAnomalies()).isZero();
        }
    }

    @Test
    void robotsPerLevelGaugesFollowThePunctuation() {
        try (HealthDriver d = new HealthDriver()) {
            d.telemetry("robot-0001", SITE, ofSeconds(0), 90, "ACTIVE");
            d.telemetry("robot-0002", SITE, ofSeconds(0), 15, "ACTIVE");
            d.advanceWallClock(ofSeconds(1));
            assertThat(gauge(d, HealthLevel.OK)).isEqualTo(1.0);
            assertThat(gauge(d, HealthLevel.DEGRADED)).isEqualTo(1.0);
            d.advanceWallClock(ofSeconds(30));
            assertThat(gauge(d, HealthLevel.OFFLINE)).isEqualTo(2.0);
            assertThat(gauge(d, HealthLevel.OK)).isZero();
            assertThat(d.registry.get("fleetstream.health.transitions").tag("to", "OFFLINE").counter().count())
                    .isEqualTo(2.0);
        }
    }

    @Test
    void inputThatCannotBeAttributedToItsRobotIsDeadLetteredAndProcessingContinues() {
        try (HealthDriver d = new HealthDriver()) {
            TelemetrySample wrongRobot = TelemetrySample.newBuilder()
                    .setRobotId("robot-0002").setSite(SITE).setEventTime(HealthDriver.START).setSeq(0)
                    .setMetrics(Map.of("battery_pct", 50.0)).setStatus("ACTIVE").setIngestTime(HealthDriver.START)
                    .build();
            d.telemetry(ROBOT, wrongRobot);
            TelemetrySample fleetSite = TelemetrySample.newBuilder(wrongRobot).setRobotId("robot-0003")
                    .setSite(Topics.WHOLE_FLEET_KEY).build();
            d.telemetry("robot-0003", fleetSite);
            // undeserializable bytes are skipped (their dead letter is asserted against a real broker in
            // FleetHealthClusterTest: TopologyTestDriver does not capture records sent by the deserialization
            // exception handler)
            d.rawTelemetry.pipeInput(ROBOT.getBytes(), new byte[] {0x01, 0x02});
            d.telemetry("robot-0004", SITE, ofMillis(10), 70, "ACTIVE");

            List<DeadLetterRecord> letters = d.deadLetters.readValuesToList();
            assertThat(letters).extracting(DeadLetterRecord::getReasonCode)
                    .containsExactly("INVALID_FIELD", "INVALID_FIELD");
            assertThat(letters.get(0).getReasonDetail()).isEqualTo("record key robot-0001 does not match robotId robot-0002");
            assertThat(letters.get(0).getRobotId()).isEqualTo(ROBOT);
            assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.TELEMETRY);
            assertThat(letters.get(0).getSourceOffset()).isZero();
            assertThat(letters.get(0).getOriginalBytes().array()).as("the record exactly as received")
                    .isEqualTo(PlainAvroSerde.of(TelemetrySample.class).serializer().serialize(Topics.TELEMETRY,
                            wrongRobot));
            assertThat(letters.get(1).getReasonDetail()).contains("_fleet");

            assertThat(d.state(ROBOT)).isNull();
            assertThat(d.state("robot-0003")).isNull();
            assertThat(d.transitions.readValue().getRobotId()).isEqualTo("robot-0004");
        }
    }

    private static double gauge(HealthDriver d, HealthLevel level) {
        return d.registry.get("fleetstream.health.robots").tag("level", level.name()).gauge().value();
    }

    private static void assertCounts(FleetHealth health, int ok, int degraded, int critical, int offline,
            int lowBattery, int anomalous) {
        assertThat(Arrays.asList(health.getRobotsOk(), health.getRobotsDegraded(), health.getRobotsCritical(),
                health.getRobotsOffline(), health.getLowBatteryCount(), health.getRobotsWithRecentAnomalies()))
                .as("ok, degraded, critical, offline, low battery, anomalous of %s", health)
                .containsExactly(ok, degraded, critical, offline, lowBattery, anomalous);
        assertThat(health.getTotalRobots()).isEqualTo(ok + degraded + critical + offline);
    }

    private static List<HealthLevel> levels(List<HealthTransition> transitions) {
        return transitions.stream().map(HealthTransition::getToLevel).toList();
    }
}
