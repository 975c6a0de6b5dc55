package io.fleetstream.platform;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalPlatformExtension.class)
class InfluxDbServiceTest {

    @Test
    void writesAndQueriesAPoint(PlatformEndpoints endpoints) {
        String database = "platform_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (InfluxDB influx = InfluxDBFactory.connect(endpoints.influxUrl())) {
            assertThat(influx.ping().isGood()).isTrue();
            influx.query(new Query("CREATE DATABASE " + database));
            influx.write(database, "autogen", Point.measurement("telemetry")
                    .time(1_764_000_000_123L, TimeUnit.MILLISECONDS)
                    .tag("robotId", "robot-0007")
                    .addField("battery_pct", 87.5)
                    .build());

            QueryResult result = influx.query(new Query(
                    "SELECT battery_pct FROM telemetry WHERE robotId = 'robot-0007'", database));
            assertThat(result.hasError()).as(String.valueOf(result.getError())).isFalse();
            List<List<Object>> rows = result.getResults().get(0).getSeries().get(0).getValues();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get(1)).isEqualTo(87.5);
        }
    }
}
