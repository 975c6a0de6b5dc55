package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MqttTopicFilterTest {

    @Test
    void singleLevelWildcardMatchesExactlyOneLevelAndCapturesTheRobotId() {
        MqttTopicFilter filter = MqttTopicFilter.parse("robots/+/telemetry");

        assertThat(filter.matches("robots/robot-0007/telemetry")).isTrue();
        assertThat(filter.matches("robots/robot-0007/heartbeat")).isFalse();
        assertThat(filter.matches("robots/a/b/telemetry")).isFalse();
        assertThat(filter.matches("robots/robot-0007/telemetry/extra")).isFalse();
        assertThat(filter.captureRobotId(MqttTopicFilter.levels("robots/robot-0007/telemetry"))).contains("robot-0007");
        assertThat(filter.captureRobotId(MqttTopicFilter.levels("robots/robot-0007/logs"))).isEmpty();
    }

    @Test
    void multiLevelWildcardMatchesTheRest() {
        MqttTopicFilter filter = MqttTopicFilter.parse("robots/#");

        assertThat(filter.matches("robots/x/telemetry")).isTrue();
        assertThat(filter.matches("robots/x/a/b/c")).isTrue();
        assertThat(filter.matches("fleet/x")).isFalse();
    }

    @Test
    void coverageDecidesWhetherASubscriptionDeliversARoute() {
        MqttTopicFilter route = MqttTopicFilter.parse("robots/+/telemetry");

        assertThat(MqttTopicFilter.parse("robots/+/+").covers(route)).isTrue();
        assertThat(MqttTopicFilter.parse("robots/#").covers(route)).isTrue();
        assertThat(MqttTopicFilter.parse("robots/+/telemetry").covers(route)).isTrue();
        assertThat(MqttTopicFilter.parse("robots/robot-1/telemetry").covers(route)).isFalse();
        assertThat(MqttTopicFilter.parse("robots/+/logs").covers(route)).isFalse();
        assertThat(route.covers(MqttTopicFilter.parse("robots/#"))).isFalse();
    }

    @Test
    void malformedFiltersAreRefused() {
        assertThatThrownBy(() -> MqttTopicFilter.parse("robots/#/telemetry")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttTopicFilter.parse("robots/a+/telemetry")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttTopicFilter.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
