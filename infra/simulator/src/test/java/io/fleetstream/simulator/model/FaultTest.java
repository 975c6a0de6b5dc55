package io.fleetstream.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void parsesEveryKindOfSpecification() {
        assertThat(Fault.parse("robot-0003:battery-drain@30s"))
                .isEqualTo(new Fault("robot-0003", FaultKind.BATTERY_DRAIN, null, Duration.ofSeconds(30), null));
        assertThat(Fault.parse("robot-0007:overheat@1.5m"))
                .isEqualTo(new Fault("robot-0007", FaultKind.OVERHEAT, null, Duration.ofSeconds(90), null));
        assertThat(Fault.parse(" robot-0011:stuck-sensor:motor_temp_c@20s+2m "))
                .isEqualTo(new Fault("robot-0011", FaultKind.STUCK_SENSOR, Metric.MOTOR_TEMP_C,
                        Duration.ofSeconds(20), Duration.ofMinutes(2)));
        assertThat(Fault.parse("robot-0015:dropout@45s+30s"))
                .isEqualTo(new Fault("robot-0015", FaultKind.DROPOUT, null, Duration.ofSeconds(45),
                        Duration.ofSeconds(30)));
    }

    @Test
    void dropoutWithoutDurationEndsAfterTheDefault() {
        Fault fault = Fault.parse("robot-0001:dropout@500ms");

        assertThat(fault.duration()).isEqualTo(Fault.DEFAULT_DROPOUT);
        assertThat(fault.spec()).isEqualTo("robot-0001:dropout@500ms+30s");
    }

    @Test
    void isActiveFromOnsetUntilEnd() {
        Fault bounded = Fault.parse("robot-0001:overheat@10s+5s");
        Fault open = Fault.parse("robot-0001:overheat@10s");

        assertThat(bounded.activeAt(9_999)).isFalse();
        assertThat(bounded.activeAt(10_000)).isTrue();
        assertThat(bounded.activeAt(14_999)).isTrue();
        assertThat(bounded.activeAt(15_000)).isFalse();
        assertThat(open.activeAt(Long.MAX_VALUE)).isTrue();
        assertThat(open.endMs()).isEmpty();
    }

    @Test
    void specificationRoundTrips() {
        for (String spec : new String[] {"robot-0003:battery-drain@30s", "robot-0011:stuck-sensor:pos_x@20s+1h",
                "robot-0015:dropout@45s+30s", "robot-0002:overheat@250ms+2m"}) {
            assertThat(Fault.parse(spec).spec()).isEqualTo(spec);
        }
    }

    @Test
    void rejectsInvalidSpecificationsWithTheSyntaxInTheMessage() {
        assertThatThrownBy(() -> Fault.parse("robot-0003:battery-drain"))
                .hasMessageContaining("missing '@onset'").hasMessageContaining("robotId:kind[:metric]@onset");
        assertThatThrownBy(() -> Fault.parse("robot-0003:meltdown@5s")).hasMessageContaining("unknown fault");
        assertThatThrownBy(() -> Fault.parse("robot-0003:stuck-sensor@5s")).hasMessageContaining("metric");
        assertThatThrownBy(() -> Fault.parse("robot-0003:stuck-sensor:humidity@5s"))
                .hasMessageContaining("unknown metric 'humidity'");
        assertThatThrownBy(() -> Fault.parse("robot-0003:overheat:cpu_pct@5s")).hasMessageContaining("metric");
        assertThatThrownBy(() -> Fault.parse("robot-0003:overheat@soon")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Fault.parse("robot-0003:dropout@5s+0s")).hasMessageContaining("duration > 0");
    }
}
